"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";

const PAGE = 25;

/** Merges (automatic or by a reviewer) and not-duplicate marks, newest first, each with Undo. */
export function DecisionList({ projectId, canDecide, onUndo, busy }: { projectId: string; canDecide: boolean; onUndo(pairId: string): void; busy: boolean }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"merged" | "not_duplicate" | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  const list = useQuery(trpc.dedup.decisions.queryOptions({ projectId, status, offset, limit: PAGE }));
  const total = list.data?.total ?? 0;
  return (
    <div className="card flush">
      <div className="table-toolbar">
        <h2 style={{ margin: 0 }}>Decisions</h2>
        <span className="spacer" />
        <select aria-label="Decision filter" value={status ?? ""} onChange={(e) => { setStatus((e.target.value || undefined) as typeof status); setOffset(0); }}>
          <option value="">All decisions</option>
          <option value="merged">Merged</option>
          <option value="not_duplicate">Kept as different</option>
        </select>
      </div>
      <table className="data" aria-label="Duplicate decisions">
        <thead><tr><th>Kept record</th><th>Duplicate</th><th>Decision</th><th>When</th><th /></tr></thead>
        <tbody>
          {list.data?.decisions.map((d) => (
            <tr key={d.id}>
              <td>{d.kept.title}<div className="small-print muted">{d.kept.sourceName}</div></td>
              <td>{d.other.title}<div className="small-print muted">{d.other.sourceName}</div></td>
              <td>
                {d.status === "merged" ? <span className="badge exclude">merged</span> : <span className="badge include">different</span>}{" "}
                <span className="small-print muted">{d.auto && !d.decidedBy ? "automatically" : `by ${d.decidedBy ?? "?"}`}</span>
              </td>
              <td className="muted small-print">{d.decidedAt ? new Date(d.decidedAt).toLocaleString() : ""}</td>
              <td>{canDecide && <button className="small" disabled={busy} onClick={() => onUndo(d.id)}>Undo</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total === 0 && list.data && <div className="empty">No decisions yet.</div>}
      {total > PAGE && (
        <div className="table-footer">
          <span className="muted">{total} decisions</span>
          <span className="spacer" />
          <button className="small" disabled={offset === 0} onClick={() => setOffset(offset - PAGE)}>‹ Newer</button>
          <button className="small" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>Older ›</button>
        </div>
      )}
    </div>
  );
}
