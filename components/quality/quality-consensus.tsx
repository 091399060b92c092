"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";

/** Both raters' scores item by item (after both submitted) and the consensus decision. */
export function QualityConsensus({ projectId, studyId }: { projectId: string; studyId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const view = useQuery(trpc.quality.compare.queryOptions({ projectId, studyId }));
  const [choice, setChoice] = useState<Record<string, number>>({});
  const [rationale, setRationale] = useState("");
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(trpc.quality.saveConsensus.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.quality.pathKey() }), onError: (e) => setError(errorMessage(e)) }));
  if (view.error) return <div className="alert warn">{errorMessage(view.error)}</div>;
  const d = view.data;
  if (!d) return <p className="muted">Loading…</p>;
  const value = (key: string) => choice[key] ?? d.consensus?.scores[key]?.score ?? d.items.find((i) => i.key === key)?.a?.score ?? 0;
  const options = (key: string) => d.checklist.items.find((i) => i.key === key)!.options;
  return (
    <div className="quality-compare">
      <table className="data mini" aria-label="Quality scores compared">
        <thead><tr><th>Item</th><th className="num">{d.raters[0].name}</th><th className="num">{d.raters[1].name}</th><th>Consensus</th></tr></thead>
        <tbody>
          {d.items.map((i, n) => (
            <tr key={i.key} className={i.same ? "" : "diff"}>
              <td>{n + 1}. {i.text}</td>
              <td className="num">{i.a?.score}</td>
              <td className="num">{i.b?.score}</td>
              <td>
                <select aria-label={`Consensus item ${n + 1}`} value={value(i.key)} onChange={(e) => setChoice({ ...choice, [i.key]: Number(e.target.value) })}>
                  {options(i.key).map((o) => <option key={o.label} value={o.score}>{o.label} ({o.score})</option>)}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th>Total</th><th className="num">{d.raters[0].total}</th><th className="num">{d.raters[1].total}</th><th>{d.items.reduce((s, i) => s + value(i.key), 0)}</th></tr></tfoot>
      </table>
      <div className="field">
        <label htmlFor={`qr-${studyId}`}>Why (required when the raters disagree)</label>
        <textarea id={`qr-${studyId}`} value={rationale || d.consensus?.rationale || ""} onChange={(e) => setRationale(e.target.value)} />
      </div>
      {error && <div className="alert error" role="alert">{error}</div>}
      <div className="row">
        <button className="primary" disabled={save.isPending} onClick={() => { setError(null); save.mutate({ projectId, studyId, rationale: rationale || d.consensus?.rationale || "", scores: Object.fromEntries(d.items.map((i) => [i.key, { score: value(i.key), note: "", quote: "" }])) }); }}>Save quality consensus</button>
        {d.consensus && <span className="muted">Decided by {d.consensus.decidedBy}{d.consensus.thirdReviewer ? " (third reviewer)" : ""} · total {d.consensus.total}</span>}
      </div>
    </div>
  );
}
