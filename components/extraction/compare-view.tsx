"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { ExtractionData, FocusRow, OutcomeRow } from "@/server/review/extraction/document";

type Side = "a" | "b";
const SETTING_LABELS: Record<string, string> = { n1: "n group 1", n2: "n group 2", space: "Space of the foci", software: "Normalised with" };
const show = (v: unknown, columns: { key: string; label: string }[] = []): string => {
  if (v === null || v === undefined || v === "") return "—";
  if (Array.isArray(v)) {
    return v
      .map((x) => {
        if (typeof x !== "object" || !x) return String(x);
        const row = x as Record<string, unknown>;
        const keys = [...columns.map((c) => c.key).filter((k) => k in row), ...Object.keys(row).filter((k) => !columns.some((c) => c.key === k))];
        return keys.filter((k) => row[k] !== null).map((k) => `${columns.find((c) => c.key === k)?.label ?? k}: ${row[k]}`).join(", ");
      })
      .join(" | ");
  }
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
};
const focusText = (f: FocusRow | null) => (f ? `(${f.x}, ${f.y}, ${f.z}) ${f.statistic === "none" ? "" : `${f.statistic} = ${f.value}`} ${f.direction} ${f.region}` : "— (missing)");
const outcomeText = (o: OutcomeRow | null) => (o ? `${o.outcome} · ${o.arm} (group ${o.group}${o.timePoint ? `, ${o.timePoint}` : ""}) n = ${o.n}${o.mean !== null ? `, ${o.mean} ± ${o.sd}` : `, ${o.events}/${o.total}`}` : "— (missing)");

function Choice({ id, name, value, onChange, a, b, highlight, onlyDiffs }: { id: string; name: string; value: Side; onChange: (s: Side) => void; a: React.ReactNode; b: React.ReactNode; highlight: boolean; onlyDiffs?: boolean }) {
  if (onlyDiffs && !highlight) return null;
  return (
    <tr className={highlight ? "diff" : ""}>
      <th scope="row">{name}</th>
      {(["a", "b"] as const).map((s) => (
        <td key={s} className={highlight && value === s ? "chosen" : ""}>
          {highlight ? (
            <label className="check"><input type="radio" name={id} checked={value === s} onChange={() => onChange(s)} aria-label={`${name}: take ${s === "a" ? "left" : "right"}`} /> {s === "a" ? a : b}</label>
          ) : s === "a" ? a : b}
        </td>
      ))}
    </tr>
  );
}

/** Both submitted extractions side by side; every difference is highlighted and decided A/B into the consensus. */
export function CompareView({ projectId, studyId }: { projectId: string; studyId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const view = useQuery(trpc.extraction.compare.queryOptions({ projectId, studyId }));
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const [rationale, setRationale] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const save = useMutation(trpc.extraction.saveConsensus.mutationOptions({
    onSuccess: () => { setSaved("Consensus saved."); qc.invalidateQueries({ queryKey: trpc.extraction.pathKey() }); },
    onError: (e) => setError(errorMessage(e)),
  }));
  useEffect(() => { if (view.data?.consensus?.rationale && !rationale) setRationale(view.data.consensus.rationale); }, [view.data, rationale]);
  if (view.error) return <div className="alert warn">{errorMessage(view.error)}</div>;
  const d = view.data;
  if (!d) return <div className="card empty">Loading…</div>;
  const pick = (key: string) => choices[key] ?? "a";
  const set = (key: string) => (s: Side) => setChoices((c) => ({ ...c, [key]: s }));
  const cmp = d.comparison;

  const build = (): ExtractionData => {
    const fields = Object.fromEntries(cmp.fields.map((f) => [f.key, pick(`field:${f.key}`) === "a" ? f.a : f.b]));
    const experiments = Object.fromEntries(cmp.experiments.map((e) => {
      const src = (s: Side) => (s === "a" ? d.a : d.b).experiments[e.id];
      const settings = Object.fromEntries(e.settings.map((x) => [x.key, pick(`${e.id}:${x.key}`) === "a" ? x.a : x.b]));
      const foci = e.foci.map((r, i) => (pick(`${e.id}:focus:${i}`) === "a" ? r.a : r.b)).filter((r): r is FocusRow => r !== null);
      const outcomes = e.outcomes.map((r, i) => (pick(`${e.id}:outcome:${i}`) === "a" ? r.a : r.b)).filter((r): r is OutcomeRow => r !== null);
      const moderators = e.moderators.map((m) => ({ name: m.key, value: pick(`${e.id}:mod:${m.key}`) === "a" ? m.a : m.b })).filter((m) => m.value !== null) as { name: string; value: string | number }[];
      return [e.id, { ...(src("a") ?? src("b")), ...settings, foci, outcomes, moderators }];
    }));
    return { fields, experiments } as ExtractionData;
  };
  const [nameA, nameB] = d.reviewers.map((r) => r.name);
  const columnsOf = (key: string) => d.form.definition.fields.find((f) => f.key === key)?.columns ?? [];

  return (
    <div className="compare">
      <div className="editor-bar card">
        <div>
          {cmp.differenceCount === 0 ? <span className="badge include">identical</span> : <span className="badge conflict">{cmp.differenceCount} difference{cmp.differenceCount === 1 ? "" : "s"}</span>}{" "}
          <span className="muted">Pick the correct value for every highlighted row; the rest is identical.</span>
        </div>
        <label className="check"><input type="checkbox" checked={onlyDiffs} onChange={(e) => setOnlyDiffs(e.target.checked)} /> Show only differences</label>
        {d.consensus && <span className="muted">Consensus by {d.consensus.decidedBy} on {new Date(d.consensus.updatedAt).toLocaleString()}</span>}
      </div>
      <section className="card flush">
        <table className="data compare-table" aria-label="Study fields compared">
          <thead><tr><th>Field</th><th>{nameA}</th><th>{nameB}</th></tr></thead>
          <tbody>{cmp.fields.map((f) => <Choice onlyDiffs={onlyDiffs} key={f.key} id={`field:${f.key}`} name={f.label} value={pick(`field:${f.key}`)} onChange={set(`field:${f.key}`)} a={show(f.a, columnsOf(f.key))} b={show(f.b, columnsOf(f.key))} highlight={!f.same} />)}</tbody>
        </table>
      </section>
      {cmp.experiments.map((e) => (
        <section key={e.id} className="card flush">
          <div className="table-toolbar"><h2 style={{ margin: 0 }}>{e.label}</h2></div>
          <table className="data compare-table" aria-label={`Experiment ${e.label} compared`}>
            <thead><tr><th>Item</th><th>{nameA}</th><th>{nameB}</th></tr></thead>
            <tbody>
              {e.settings.map((x) => <Choice onlyDiffs={onlyDiffs} key={x.key} id={`${e.id}:${x.key}`} name={SETTING_LABELS[x.key] ?? x.key} value={pick(`${e.id}:${x.key}`)} onChange={set(`${e.id}:${x.key}`)} a={show(x.a)} b={show(x.b)} highlight={!x.same} />)}
              {e.foci.map((r, i) => (
                <Choice onlyDiffs={onlyDiffs} key={`f${i}`} id={`${e.id}:focus:${i}`} name={`Focus ${i + 1}`} value={pick(`${e.id}:focus:${i}`)} onChange={set(`${e.id}:focus:${i}`)} highlight={r.differing.length > 0}
                  a={<span className="mono">{focusText(r.a)}{r.differing.length > 0 && r.a && r.b && <em className="diff-cols"> differs in {r.differing.join(", ")}</em>}</span>}
                  b={<span className="mono">{focusText(r.b)}</span>} />
              ))}
              {e.outcomes.map((r, i) => <Choice onlyDiffs={onlyDiffs} key={`o${i}`} id={`${e.id}:outcome:${i}`} name={`Outcome ${i + 1}`} value={pick(`${e.id}:outcome:${i}`)} onChange={set(`${e.id}:outcome:${i}`)} highlight={r.differing.length > 0} a={outcomeText(r.a)} b={outcomeText(r.b)} />)}
              {e.moderators.map((m) => <Choice onlyDiffs={onlyDiffs} key={m.key} id={`${e.id}:mod:${m.key}`} name={`Moderator ${m.key}`} value={pick(`${e.id}:mod:${m.key}`)} onChange={set(`${e.id}:mod:${m.key}`)} highlight={!m.same} a={show(m.a)} b={show(m.b)} />)}
            </tbody>
          </table>
        </section>
      ))}
      <section className="card">
        <h2>Consensus</h2>
        <div className="field">
          <label htmlFor="rationale">Why (required when the extractions differ)</label>
          <textarea id="rationale" value={rationale} onChange={(e) => setRationale(e.target.value)} placeholder="e.g. Table 2 of the paper gives z = 52 for the precuneus peak." />
        </div>
        {error && <div className="alert error" role="alert">{error}</div>}
        {saved && <div className="alert ok" role="status">{saved}</div>}
        <div className="row">
          <button className="primary" disabled={save.isPending} onClick={() => { setError(null); setSaved(null); save.mutate({ projectId, studyId, draft: build() as never, rationale }); }}>Save consensus</button>
          <Link href={`/projects/${projectId}/extraction`}>Back to all studies</Link>
        </div>
      </section>
    </div>
  );
}
