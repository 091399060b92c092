"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";

type Kind = "ale" | "ale_contrast" | "sdm" | "effects";

interface SnapshotRow {
  version: number;
  sha256: string;
  studyCount: number;
  experimentCount: number;
  fociCount: number;
}

const kindLabels: Record<Kind, string> = {
  ale: "ALE (activation likelihood estimation)",
  ale_contrast: "ALE contrast and conjunction of two groups (GingerALE style)",
  sdm: "SDM (signed effect-size mapping, AES-SDM style)",
  effects: "Effect-size meta-analysis (WMD / SMD / RR / OR)",
};

export function StartRunForm({ projectId, snapshots }: { projectId: string; snapshots: SnapshotRow[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [version, setVersion] = useState(snapshots[0].version);
  const [kind, setKind] = useState<Kind>("ale");
  const [modalities, setModalities] = useState<string[]>([]);
  const [subgroups, setSubgroups] = useState<string[]>([]);
  const facets = useQuery(trpc.analysis.facets.queryOptions({ projectId, snapshotVersion: version }));
  const start = useMutation(
    trpc.analysis.start.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.analysis.list.queryKey({ projectId }) }) }),
  );
  const toggle = (list: string[], set: (v: string[]) => void, v: string) => set(list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  function submit(form: FormData) {
    const num = (k: string) => (form.get(k) === "" || form.get(k) === null ? undefined : Number(form.get(k)));
    const parameters =
      kind === "ale"
        ? { iterations: num("iterations"), clusterFormingP: num("clusterFormingP"), fweAlpha: num("fweAlpha"), fwhmMm: num("fwhmMm") ?? null, jackknife: form.get("jackknife") === "on" }
        : kind === "ale_contrast"
          ? { iterations: num("iterations"), permutations: num("permutations"), clusterFormingP: num("clusterFormingP"), fweAlpha: num("fweAlpha"), groupField: form.get("groupField"), groupA: form.get("groupA"), groupB: form.get("groupB") }
        : kind === "sdm"
          ? { voxelP: num("voxelP"), peakZ: num("peakZ"), minClusterVoxels: num("minClusterVoxels"), fwhmMm: num("sdmFwhm"), permutations: num("permutations"), tau2Method: form.get("tau2Method"), jackknife: form.get("jackknife") === "on" }
          : { measure: form.get("measure"), method: form.get("method"), knha: form.get("knha") === "on", outcome: form.get("outcome") || undefined, subgroupBy: form.get("subgroupBy") || undefined };
    start.mutate({
      projectId,
      snapshotVersion: version,
      kind,
      name: String(form.get("name") ?? "") || undefined,
      seed: num("seed"),
      filter: { modalities: modalities.length ? modalities : undefined, subgroups: subgroups.length ? subgroups : undefined },
      parameters,
    });
  }
  const snap = snapshots.find((s) => s.version === version)!;

  return (
    <form className="card" action={submit} aria-label="Start an analysis">
      <h2>Start an analysis</h2>
      {start.error && <div className="alert error" role="alert">{errorMessage(start.error)}</div>}
      <div className="grid-3">
        <div className="field">
          <label htmlFor="snapshot">Locked snapshot</label>
          <select id="snapshot" value={version} onChange={(e) => setVersion(Number(e.target.value))}>
            {snapshots.map((s) => (
              <option key={s.version} value={s.version}>v{s.version} · {s.studyCount} studies · {s.fociCount} foci</option>
            ))}
          </select>
          <div className="hint mono">SHA-256 {snap.sha256.slice(0, 16)}…</div>
        </div>
        <div className="field">
          <label htmlFor="kind">Method</label>
          <select id="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {(Object.keys(kindLabels) as Kind[]).map((k) => <option key={k} value={k}>{kindLabels[k]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="run-name">Name (optional)</label>
          <input id="run-name" name="name" type="text" placeholder={kind === "ale" ? "e.g. ReHo increases" : "e.g. VAS, acupuncture vs sham"} />
        </div>
      </div>
      {facets.data && (facets.data.modalities.length > 1 || facets.data.subgroups.length > 1) && (
        <div className="field">
          <label>Experiments</label>
          <div className="row">
            {facets.data.modalities.map((m) => (
              <label key={m} className="row" style={{ fontWeight: 400, gap: 4 }}>
                <input type="checkbox" checked={modalities.includes(m)} onChange={() => toggle(modalities, setModalities, m)} /> {m}
              </label>
            ))}
            {facets.data.subgroups.length > 1 && <span className="muted">·</span>}
            {facets.data.subgroups.length > 1 &&
              facets.data.subgroups.map((g) => (
                <label key={g} className="row" style={{ fontWeight: 400, gap: 4 }}>
                  <input type="checkbox" checked={subgroups.includes(g)} onChange={() => toggle(subgroups, setSubgroups, g)} /> {g}
                </label>
              ))}
          </div>
          <div className="hint">Nothing ticked = all experiments ({kind === "ale" ? `${facets.data.experimentsWithFoci} with coordinates` : `${facets.data.experimentsWithOutcomes} with outcome data`}).</div>
        </div>
      )}
      {kind === "ale" ? (
        <div className="grid-3">
          <div className="field"><label htmlFor="iterations">Monte Carlo iterations</label><input id="iterations" name="iterations" type="number" defaultValue={10000} min={100} step={100} /></div>
          <div className="field"><label htmlFor="cfp">Cluster-forming p</label><input id="cfp" name="clusterFormingP" type="number" defaultValue={0.001} step="any" /></div>
          <div className="field"><label htmlFor="fwe">Cluster-level FWE α</label><input id="fwe" name="fweAlpha" type="number" defaultValue={0.05} step="any" /></div>
          <div className="field"><label htmlFor="fwhm">Fixed kernel FWHM (mm, optional)</label><input id="fwhm" name="fwhmMm" type="number" step="any" placeholder="sample-size based" /></div>
          <div className="field"><label htmlFor="seed">Random seed (optional)</label><input id="seed" name="seed" type="number" placeholder="random" /></div>
          <div className="field"><label className="row" style={{ marginTop: 26 }}><input type="checkbox" name="jackknife" /> Leave-one-experiment-out jackknife</label></div>
        </div>
      ) : kind === "ale_contrast" ? (
        <ContrastFields groups={facets.data} />
      ) : kind === "sdm" ? (
        <div className="grid-3">
          <div className="field"><label htmlFor="voxelP">Voxel p threshold</label><input id="voxelP" name="voxelP" type="number" defaultValue={0.005} step="any" /></div>
          <div className="field"><label htmlFor="peakZ">Peak height |z| ≥</label><input id="peakZ" name="peakZ" type="number" defaultValue={1} step="any" /></div>
          <div className="field"><label htmlFor="minClusterVoxels">Cluster extent (voxels) ≥</label><input id="minClusterVoxels" name="minClusterVoxels" type="number" defaultValue={10} /></div>
          <div className="field"><label htmlFor="sdmFwhm">Kernel FWHM (mm)</label><input id="sdmFwhm" name="sdmFwhm" type="number" defaultValue={20} step="any" /></div>
          <div className="field"><label htmlFor="permutations">Permutations</label><input id="permutations" name="permutations" type="number" defaultValue={1000} min={50} step={50} /></div>
          <div className="field">
            <label htmlFor="tau2Method">Between-study variance</label>
            <select id="tau2Method" name="tau2Method" defaultValue="DL"><option value="DL">DerSimonian–Laird</option><option value="REML">REML</option></select>
          </div>
          <div className="field"><label htmlFor="seed">Random seed (optional)</label><input id="seed" name="seed" type="number" placeholder="random" /></div>
          <div className="field"><label className="row" style={{ marginTop: 26 }}><input type="checkbox" name="jackknife" /> Leave-one-out jackknife</label></div>
        </div>
      ) : (
        <div className="grid-3">
          <div className="field">
            <label htmlFor="measure">Effect measure</label>
            <select id="measure" name="measure" defaultValue="MD">
              <option value="MD">Mean difference (WMD)</option>
              <option value="SMD">Standardised mean difference (Hedges' g)</option>
              <option value="RR">Log risk ratio</option>
              <option value="OR">Log odds ratio</option>
              <option value="RD">Risk difference</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="method">Model</label>
            <select id="method" name="method" defaultValue="REML">
              <option value="REML">Random effects, REML</option>
              <option value="DL">Random effects, DerSimonian–Laird</option>
              <option value="PM">Random effects, Paule–Mandel</option>
              <option value="ML">Random effects, ML</option>
              <option value="SJ">Random effects, Sidik–Jonkman</option>
              <option value="HE">Random effects, Hedges</option>
              <option value="EE">Common effect</option>
            </select>
          </div>
          <div className="field"><label className="row" style={{ marginTop: 26 }}><input type="checkbox" name="knha" /> Knapp–Hartung adjustment</label></div>
          <div className="field">
            <label htmlFor="outcome">Outcome</label>
            <select id="outcome" name="outcome">{facets.data?.outcomes.map((o) => <option key={o}>{o}</option>)}</select>
          </div>
          <div className="field">
            <label htmlFor="subgroupBy">Subgroups</label>
            <select id="subgroupBy" name="subgroupBy" defaultValue="">
              <option value="">none</option>
              <option value="subgroup">by subgroup</option>
              <option value="modality">by modality</option>
            </select>
          </div>
          <div className="field"><label htmlFor="seed">Random seed (optional)</label><input id="seed" name="seed" type="number" placeholder="random" /></div>
        </div>
      )}
      <button className="primary" type="submit" disabled={start.isPending}>{start.isPending ? "Queuing…" : "Start analysis"}</button>
    </form>
  );
}

function ContrastFields({ groups }: { groups?: { modalities: string[]; subgroups: string[] } }) {
  const [field, setField] = useState<"modality" | "subgroup">("modality");
  const values = (field === "modality" ? groups?.modalities : groups?.subgroups) ?? [];
  return (
    <div className="grid-3">
      <div className="field">
        <label htmlFor="groupField">Compare by</label>
        <select id="groupField" name="groupField" value={field} onChange={(e) => setField(e.target.value as "modality" | "subgroup")}>
          <option value="modality">modality</option>
          <option value="subgroup">subgroup</option>
        </select>
      </div>
      <div className="field"><label htmlFor="groupA">Group A</label><select id="groupA" name="groupA" key={`a-${field}`} defaultValue={values[0]}>{values.map((v) => <option key={v}>{v}</option>)}</select></div>
      <div className="field"><label htmlFor="groupB">Group B</label><select id="groupB" name="groupB" key={`b-${field}`} defaultValue={values[1] ?? values[0]}>{values.map((v) => <option key={v}>{v}</option>)}</select></div>
      <div className="field"><label htmlFor="iterations">Monte Carlo iterations (each group)</label><input id="iterations" name="iterations" type="number" defaultValue={10000} min={100} step={100} /></div>
      <div className="field"><label htmlFor="permutations">Label permutations</label><input id="permutations" name="permutations" type="number" defaultValue={10000} min={100} step={100} /></div>
      <div className="field"><label htmlFor="cfp">Cluster-forming p</label><input id="cfp" name="clusterFormingP" type="number" defaultValue={0.001} step="any" /></div>
      <input type="hidden" name="fweAlpha" value="0.05" />
      <div className="field"><label htmlFor="seed">Random seed (optional)</label><input id="seed" name="seed" type="number" placeholder="random" /></div>
    </div>
  );
}
