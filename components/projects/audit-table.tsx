"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

function show(value: unknown): string {
  if (value === null || value === undefined) return "";
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, " ");
}

export function AuditTable({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const pages = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ projectId, limit: 100 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const entries = pages.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <div className="card flush">
      <table className="data" aria-label="Audit log">
        <thead>
          <tr><th>When</th><th>Who</th><th>Action</th><th>Before</th><th>After</th></tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="muted" style={{ whiteSpace: "nowrap" }}>{new Date(e.at).toLocaleString()}</td>
              <td>{e.userName ?? "—"}</td>
              <td><code>{e.action}</code></td>
              <td className="mono muted" style={{ maxWidth: 300, overflowWrap: "anywhere" }}>{show(e.before)}</td>
              <td className="mono" style={{ maxWidth: 300, overflowWrap: "anywhere" }}>{show(e.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && !pages.isLoading && <div className="empty">No changes recorded yet.</div>}
      {pages.hasNextPage && (
        <div style={{ padding: 12 }}>
          <button onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>Load older entries</button>
        </div>
      )}
    </div>
  );
}
