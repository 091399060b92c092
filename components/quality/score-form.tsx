"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";

type Scores = Record<string, { score: number | null; note: string; quote: string }>;

/** One rater's blind scoring of one study: each item with guidance, score, note and quote/page. */
export function ScoreForm({ projectId, studyId, onDone }: { projectId: string; studyId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const mine = useQuery(trpc.quality.mine.queryOptions({ projectId, studyId }));
  const [scores, setScores] = useState<Scores | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (mine.data && !scores) setScores((mine.data.assessment?.scores as Scores) ?? {}); }, [mine.data, scores]);
  const save = useMutation(trpc.quality.save.mutationOptions({
    onSuccess: (r) => { qc.invalidateQueries({ queryKey: trpc.quality.pathKey() }); if (r.status === "submitted") onDone(); },
    onError: (e) => setError(errorMessage(e)),
  }));
  if (!mine.data || !scores) return <p className="muted">Loading…</p>;
  const submitted = mine.data.assessment?.status === "submitted";
  const items = mine.data.checklist.items;
  const total = items.reduce((s, i) => s + (scores[i.key]?.score ?? 0), 0);
  const set = (key: string, patch: Partial<Scores[string]>) => setScores({ ...scores, [key]: { ...({ score: null, note: "", quote: "" } as Scores[string]), ...scores[key], ...patch } });
  return (
    <div className="score-form">
      {items.map((item, n) => (
        <div key={item.key} className="score-item">
          <div className="score-text"><strong>{n + 1}.</strong> {item.text}<div className="hint">{item.guidance}</div></div>
          <div className="score-options" role="radiogroup" aria-label={`Item ${n + 1}`}>
            {item.options.map((o) => (
              <label key={o.label} className={`score-option s${String(o.score).replace(".", "_")}${scores[item.key]?.score === o.score ? " on" : ""}`}>
                <input type="radio" name={`${studyId}-${item.key}`} disabled={submitted} checked={scores[item.key]?.score === o.score} onChange={() => set(item.key, { score: o.score })} aria-label={`Item ${n + 1}: ${o.label}`} />
                {o.label} <span className="muted">({o.score})</span>
              </label>
            ))}
          </div>
          <div className="score-notes">
            <input type="text" aria-label={`Item ${n + 1} note`} placeholder="Note" disabled={submitted} value={scores[item.key]?.note ?? ""} onChange={(e) => set(item.key, { note: e.target.value })} />
            <input type="text" aria-label={`Item ${n + 1} quote or page`} placeholder="Quote / page" disabled={submitted} value={scores[item.key]?.quote ?? ""} onChange={(e) => set(item.key, { quote: e.target.value })} />
          </div>
        </div>
      ))}
      {error && <div className="alert error" role="alert">{error}</div>}
      <div className="row">
        <strong>Total {total}</strong>
        {!submitted && <button disabled={save.isPending} onClick={() => { setError(null); save.mutate({ projectId, studyId, scores }); }}>Save draft</button>}
        {!submitted && <button className="primary" disabled={save.isPending} onClick={() => { setError(null); save.mutate({ projectId, studyId, scores, submit: true }); }}>Submit scores</button>}
        {submitted && <span className="badge include">submitted</span>}
      </div>
    </div>
  );
}
