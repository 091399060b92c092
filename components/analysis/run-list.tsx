"use client";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

const active = (s: string) => s === "queued" || s === "running";
const statusClass: Record<string, string> = { succeeded: "include", failed: "exclude", cancelled: "viewer", running: "reviewer", queued: "maybe" };

function eta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "";
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

export function RunList({ projectId, canCancel }: { projectId: string; canCancel: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runs = useQuery({
    ...trpc.analysis.list.queryOptions({ projectId }),
    // live progress while something is queued or running
    refetchInterval: (q) => (q.state.data?.some((r) => active(r.status)) ? 1000 : false),
  });
  const cancel = useMutation(trpc.analysis.cancel.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.analysis.list.queryKey({ projectId }) }) }));
  if (!runs.data?.length) return <div className="card empty"><h3>No analyses yet</h3><p>Start one above; it runs in the background and you can leave this page.</p></div>;
  return (
    <div className="card flush">
      <table className="data" aria-label="Analysis runs">
        <thead>
          <tr><th>Run</th><th>Snapshot</th><th>Status</th><th>Result</th><th>Started by</th><th /></tr>
        </thead>
        <tbody>
          {runs.data.map((r) => (
            <tr key={r.id} data-run-status={r.status}>
              <td>
                <Link href={`/projects/${projectId}/analysis/${r.id}`}><strong>{r.name}</strong></Link>
                <div className="muted small">seed {r.seed} · {new Date(r.createdAt).toLocaleString()}</div>
              </td>
              <td className="mono">v{r.snapshotVersion}</td>
              <td style={{ minWidth: 200 }}>
                <span className={`badge ${statusClass[r.status]}`}>{r.status}</span>
                {active(r.status) && (
                  <div style={{ marginTop: 6 }}>
                    <div className="progress" role="progressbar" aria-valuenow={Math.round(r.progress * 100)} aria-valuemin={0} aria-valuemax={100}>
                      <span style={{ width: `${Math.round(r.progress * 100)}%` }} />
                    </div>
                    <div className="muted small">{Math.round(r.progress * 100)}% · {r.progressMessage} {eta(r.etaSeconds)}</div>
                  </div>
                )}
                {r.status === "failed" && <div className="small" style={{ color: "var(--bad)", maxWidth: 360 }}>{r.error}</div>}
              </td>
              <td className="small"><RunSummary kind={r.kind} summary={r.summary} timings={r.timings} /></td>
              <td className="muted">{r.createdByName}</td>
              <td className="num">
                {canCancel && active(r.status) && (
                  <button className="small danger" onClick={() => cancel.mutate({ projectId, runId: r.id })} disabled={cancel.isPending}>Cancel</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RunSummary({ kind, summary, timings }: { kind: string; summary: Record<string, unknown>; timings: Record<string, number> }) {
  const total = timings.totalSeconds ? `${timings.totalSeconds.toFixed(1)} s` : "";
  if (kind === "effects" && typeof summary.estimate === "number") {
    const f = (x: unknown) => (typeof x === "number" ? x.toFixed(2) : "—");
    return <span>{String(summary.measure)} {f(summary.estimate)} [{f(summary.ciLower)}, {f(summary.ciUpper)}], I² {f(summary.I2)}% <span className="muted">{total}</span></span>;
  }
  if (typeof summary.clusters === "number") {
    return <span>{String(summary.significantClusters ?? 0)} significant of {String(summary.clusters)} clusters · {String(summary.experiments)} experiments <span className="muted">{total}</span></span>;
  }
  return null;
}
