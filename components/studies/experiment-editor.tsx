"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";

export const MODALITY_OPTIONS = ["ReHo", "ALFF", "fALFF", "mALFF", "FC", "VBM", "task", "DTI", "other"] as const;
type Modality = (typeof MODALITY_OPTIONS)[number];

/** The experiments (contrasts) of one study: list, add, delete. */
export function ExperimentEditor(props: { projectId: string; studyId: string; experiments: { id: string; label: string; modality: string; subgroup: string }[]; canEdit: boolean; canDelete: boolean; onChange: () => void }) {
  const { projectId, studyId, experiments, canEdit, canDelete, onChange } = props;
  const trpc = useTRPC();
  const [label, setLabel] = useState("Patients vs controls");
  const [modality, setModality] = useState<Modality>("ReHo");
  const [subgroup, setSubgroup] = useState("");
  const [error, setError] = useState<string | null>(null);
  const add = useMutation(trpc.studies.addExperiment.mutationOptions({ onSuccess: () => { setSubgroup(""); onChange(); }, onError: (e) => setError(errorMessage(e)) }));
  const remove = useMutation(trpc.studies.deleteExperiment.mutationOptions({ onSuccess: onChange, onError: (e) => setError(errorMessage(e)) }));
  return (
    <div className="experiments">
      <h3>Experiments / contrasts</h3>
      {experiments.length === 0 && <p className="muted">None yet — add one per modality or subgroup reported.</p>}
      <div className="chips">
        {experiments.map((e) => (
          <span key={e.id} className="chip">
            <span className={`badge mod-${e.modality}`}>{e.modality}</span> {e.label}{e.subgroup && <span className="muted"> · {e.subgroup}</span>}
            {canDelete && <button className="link small" aria-label={`Delete experiment ${e.label}`} onClick={() => { if (confirm(`Delete experiment "${e.label}" and its extracted data?`)) remove.mutate({ projectId, experimentId: e.id }); }}>×</button>}
          </span>
        ))}
      </div>
      {canEdit && (
        <form className="experiment-form" onSubmit={(ev) => { ev.preventDefault(); setError(null); add.mutate({ projectId, studyId, label, modality, subgroup }); }}>
          <input type="text" aria-label="Experiment label" value={label} onChange={(e) => setLabel(e.target.value)} />
          <select aria-label="Modality" value={modality} onChange={(e) => setModality(e.target.value as Modality)}>{MODALITY_OPTIONS.map((m) => <option key={m}>{m}</option>)}</select>
          <input type="text" aria-label="Subgroup" placeholder="Subgroup (optional)" value={subgroup} onChange={(e) => setSubgroup(e.target.value)} />
          <button type="submit" className="small" disabled={add.isPending}>Add experiment</button>
        </form>
      )}
      {error && <div className="alert error" role="alert">{error}</div>}
    </div>
  );
}
