"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { errorMessage, useTRPC, useTRPCClient } from "@/components/trpc/client";
import type { FieldDef } from "@/server/review/extraction/form-schema";
import { FieldInput } from "./field-input";
import { FociTable, ModeratorsTable, OutcomesTable } from "./foci-table";
import { PastePanel } from "./paste-panel";
import { type Draft, emptyExperiment, type ExperimentDraft } from "./types";
import { describeSave, readLocalCopy, useAutosave } from "./use-autosave";

/** One reviewer's blind extraction of one study: form fields, then each experiment's data. */
export function ExtractionEditor({ projectId, studyId }: { projectId: string; studyId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const mine = useQuery(trpc.extraction.mine.queryOptions({ projectId, studyId }));
  const storageKey = `concord:extraction:${projectId}:${studyId}`;
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const [tab, setTab] = useState(0);
  const [pasteFor, setPasteFor] = useState<string | null>(null);
  const autosave = useAutosave<Draft>(storageKey, (d) => client.extraction.saveDraft.mutate({ projectId, studyId, draft: d }));
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.extraction.pathKey() });
  const submit = useMutation(trpc.extraction.submit.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorMessage(e)) }));
  const reopen = useMutation(trpc.extraction.reopen.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorMessage(e)) }));

  const data = mine.data;
  useEffect(() => {
    if (!data || draft) return;
    const server = (data.extraction?.draft ?? { fields: {}, experiments: {} }) as Draft;
    const local = data.extraction?.status === "submitted" ? null : readLocalCopy<Draft>(storageKey, data.extraction?.updatedAt ?? null);
    setDraft(local ?? server);
    if (local) {
      setRestored(true);
      autosave.change(local);
    }
  }, [data, draft, storageKey, autosave]);

  const sections = useMemo(() => {
    const out = new Map<string, FieldDef[]>();
    for (const f of data?.form.definition.fields ?? []) out.set(f.section, [...(out.get(f.section) ?? []), f]);
    return [...out.entries()];
  }, [data]);

  if (mine.error) return <div className="alert error">{errorMessage(mine.error)}</div>;
  if (!data || !draft) return <div className="card empty">Loading…</div>;
  const submitted = data.extraction?.status === "submitted";
  const readOnly = submitted || (!data.extraction && !data.canStart);
  const update = (next: Draft) => { setDraft(next); autosave.change(next); };
  const setField = (key: string, v: unknown) => update({ ...draft, fields: { ...draft.fields, [key]: v } });
  const exp = (id: string): ExperimentDraft => ({ ...emptyExperiment(), ...(draft.experiments[id] ?? {}) });
  const setExp = (id: string, patch: Partial<ExperimentDraft>) => update({ ...draft, experiments: { ...draft.experiments, [id]: { ...exp(id), ...patch } } });
  const current = data.experiments[tab];

  return (
    <div className="extraction-editor">
      <div className="editor-bar card">
        <div>
          <span className={`badge ${submitted ? "include" : "pending"}`}>{submitted ? "submitted" : data.extraction ? "draft" : "not started"}</span>{" "}
          <span className="muted">Form v{data.form.version} · you cannot see the other reviewer&apos;s extraction until both are submitted.</span>
        </div>
        <div className="row">
          {!submitted && <span className={`save-state ${autosave.state.kind}`} role="status">{describeSave(autosave.state)}</span>}
          {submitted ? (
            <>
              <Link className="button" href={`/projects/${projectId}/extraction/${studyId}/compare`}>Compare</Link>
              <button onClick={() => { setError(null); reopen.mutate({ projectId, studyId }); setDraft(null); }}>Reopen</button>
            </>
          ) : (
            <button className="primary" disabled={readOnly || submit.isPending} onClick={async () => { setError(null); await autosave.flush(); submit.mutate({ projectId, studyId }); }}>Submit extraction</button>
          )}
        </div>
      </div>
      {restored && <div className="alert info">Restored changes typed in this browser that had not reached the server; they are being saved now.</div>}
      {!data.extraction && !data.canStart && <div className="alert warn">Two reviewers already extract this study.</div>}
      {error && <div className="alert error" role="alert">{error}</div>}
      {sections.map(([section, fields]) => (
        <section key={section} className="card">
          <h2>{section}</h2>
          <div className="form-grid">{fields.map((f) => <FieldInput key={f.key} def={f} value={draft.fields[f.key]} disabled={readOnly} onChange={(v) => setField(f.key, v)} />)}</div>
        </section>
      ))}
      <section className="card">
        <h2>Experiments</h2>
        {data.experiments.length === 0 && <p className="muted">This study has no experiments yet. Add them on the <Link href={`/projects/${projectId}/studies`}>Studies</Link> page.</p>}
        <div className="tabs" role="tablist">
          {data.experiments.map((e, i) => (
            <button key={e.id} role="tab" aria-selected={i === tab} className={i === tab ? "tab active" : "tab"} onClick={() => setTab(i)}>
              <span className={`badge mod-${e.modality}`}>{e.modality}</span> {e.label}{e.subgroup ? ` · ${e.subgroup}` : ""} <span className="muted">({(draft.experiments[e.id]?.foci ?? []).length})</span>
            </button>
          ))}
        </div>
        {current && (
          <div className="experiment-pane">
            <div className="form-grid">
              <div className="field"><label htmlFor="n1">n group 1 (patients)</label><input id="n1" type="text" className="num-input" value={String(exp(current.id).n1 ?? "")} disabled={readOnly} onChange={(e) => setExp(current.id, { n1: e.target.value })} /></div>
              <div className="field"><label htmlFor="n2">n group 2 (controls)</label><input id="n2" type="text" className="num-input" value={String(exp(current.id).n2 ?? "")} disabled={readOnly} onChange={(e) => setExp(current.id, { n2: e.target.value })} /></div>
              <div className="field"><label htmlFor="space">Space of these foci</label><select id="space" value={exp(current.id).space} disabled={readOnly} onChange={(e) => setExp(current.id, { space: e.target.value as "MNI" | "TAL" })}><option value="MNI">MNI</option><option value="TAL">Talairach</option></select></div>
              <div className="field"><label htmlFor="software">Normalised with</label><select id="software" value={exp(current.id).software} disabled={readOnly} onChange={(e) => setExp(current.id, { software: e.target.value as "spm" | "fsl" | "other" })}><option value="spm">SPM</option><option value="fsl">FSL</option><option value="other">other</option></select><div className="hint">Picks the Lancaster matrix for Talairach → MNI.</div></div>
            </div>
            <div className="row" style={{ justifyContent: "space-between" }}>
              <h3 style={{ margin: 0 }}>Foci</h3>
              {!readOnly && <button type="button" className="small" onClick={() => setPasteFor(current.id)}>Paste coordinates…</button>}
            </div>
            {pasteFor === current.id && (
              <PastePanel projectId={projectId} space={exp(current.id).space ?? "MNI"} software={exp(current.id).software ?? "spm"} onClose={() => setPasteFor(null)} onAdd={(rows) => setExp(current.id, { foci: [...(exp(current.id).foci ?? []), ...rows] })} />
            )}
            <FociTable experiment={exp(current.id)} label={current.label} disabled={readOnly} onChange={(rows) => setExp(current.id, { foci: rows })} />
            <h3>Outcome data per arm <span className="muted">(for effect-size analyses)</span></h3>
            <OutcomesTable rows={exp(current.id).outcomes ?? []} label={current.label} disabled={readOnly} onChange={(rows) => setExp(current.id, { outcomes: rows })} />
            <h3>Moderators</h3>
            <ModeratorsTable rows={exp(current.id).moderators ?? []} label={current.label} disabled={readOnly} onChange={(rows) => setExp(current.id, { moderators: rows })} />
          </div>
        )}
      </section>
      {!submitted && !readOnly && error && <div className="alert error">{error}</div>}
      {!submitted && !readOnly && (
        <div className="editor-bar card">
          <span className={`save-state ${autosave.state.kind}`}>{describeSave(autosave.state)}</span>
          <button className="primary" disabled={submit.isPending} onClick={async () => { setError(null); await autosave.flush(); submit.mutate({ projectId, studyId }); }}>Submit extraction</button>
        </div>
      )}
    </div>
  );
}
