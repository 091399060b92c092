"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";

const KIND: Record<string, string> = { database: "Database", register: "Register", website: "Website", organisation: "Organisation", citation_search: "Citation search", other: "Other" };

const plural = (n: number, what: string) => `${n.toLocaleString()} ${what}${n === 1 ? "" : "s"}`;

/** What deleting a source did, in words. */
function deletedMessage(r: { name: string; records: number; duplicatesOfThem: { restored: number; merged: number; queued: number } }): string {
  const d = r.duplicatesOfThem;
  const back = d.restored + d.merged > 0 ? ` ${plural(d.restored, "record")} of other searches merged into them ${d.restored === 1 ? "is" : "are"} back in the screening pool` : "";
  const again = d.merged > 0 ? `; ${d.merged.toLocaleString()} more, copies of the same work, stayed merged with ${d.merged === 1 ? "its copy" : "their copies"}` : "";
  const queued = d.queued > 0 ? `; ${plural(d.queued, "pair")} went to the duplicate review queue` : "";
  return `"${r.name}" was deleted with its ${plural(r.records, "record")}.${back}${again}${queued}${back ? "." : ""}`;
}

/** PRISMA identification counts and the list of imported searches; the owner may delete a search imported by mistake. */
export function SourcesPanel({ projectId, canDelete = false }: { projectId: string; canDelete?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const counts = useQuery(trpc.records.identificationCounts.queryOptions({ projectId }));
  const sources = useQuery(trpc.records.sources.queryOptions({ projectId }));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const remove = useMutation(trpc.records.deleteSource.mutationOptions({
    onSuccess: async (r) => {
      setMessage({ ok: true, text: deletedMessage(r) });
      await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.records.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.dedup.pathKey() })]);
    },
    onError: (e) => setMessage({ ok: false, text: errorMessage(e) }),
  }));
  const confirmDelete = (s: { id: string; name: string; recordCount: number }) => {
    const text = `Delete the search "${s.name}" and its ${plural(s.recordCount, "record")}?\n\nRecords of other searches that were merged into them go back to the screening pool. The audit log keeps what was deleted, but the records cannot be brought back except by importing the file again.`;
    if (confirm(text)) { setMessage(null); remove.mutate({ projectId, sourceId: s.id }); }
  };
  const c = counts.data;
  return (
    <>
      {message && <div className={`alert ${message.ok ? "ok" : "error"}`} role={message.ok ? "status" : "alert"}>{message.text}</div>}
      {c && (
        <div className="card prisma-counts" aria-label="Identification counts">
          <div><div className="stat" data-testid="count-identified">{c.identified.total.toLocaleString()}</div><div className="stat-label">records identified ({c.sources.length} source{c.sources.length === 1 ? "" : "s"})</div></div>
          <div><div className="stat" data-testid="count-duplicates">{c.removed.duplicate.toLocaleString()}</div><div className="stat-label">duplicates removed</div></div>
          <div><div className="stat" data-testid="count-removed-other">{(c.removed.automation + c.removed.other).toLocaleString()}</div><div className="stat-label">removed before screening: {c.removed.automation.toLocaleString()} by automation tools, {c.removed.other.toLocaleString()} for other reasons</div></div>
          <div><div className="stat accent-text" data-testid="count-remaining">{c.remaining.toLocaleString()}</div><div className="stat-label">records to screen</div></div>
        </div>
      )}
      <div className="card flush">
        <table className="data" aria-label="Imported searches">
          <thead>
            <tr><th>Source</th><th>Searched</th><th>File</th><th className="num">Records</th><th className="num">Duplicates</th><th>Imported</th><th>Export</th>{canDelete && <th />}</tr>
          </thead>
          <tbody>
            {sources.data?.map((s) => (
              <tr key={s.id}>
                <td>
                  <strong>{s.name}</strong> <span className="badge">{KIND[s.kind] ?? s.kind}</span>
                  {s.query && <div className="mono muted query-cell" title={s.query}>{s.query}</div>}
                </td>
                <td>{s.searchDate ?? "—"}</td>
                <td className="muted">{s.fileName}<div className="small-print">{s.format}{s.warnings.length ? ` · ${s.warnings.length} warnings` : ""}</div></td>
                <td className="num">{s.recordCount.toLocaleString()}</td>
                <td className="num">{s.duplicates.toLocaleString()}</td>
                <td className="muted">{new Date(s.importedAt).toLocaleDateString()}<div className="small-print">{s.importedBy}</div></td>
                <td style={{ whiteSpace: "nowrap" }}>
                  <a href={`/api/projects/${projectId}/records/export?set=source:${s.id}&format=ris`}>RIS</a> · <a href={`/api/projects/${projectId}/records/export?set=source:${s.id}&format=csv`}>CSV</a>
                </td>
                {canDelete && (
                  <td><button className="danger small" aria-label={`Delete ${s.name}`} disabled={remove.isPending} onClick={() => confirmDelete(s)}>Delete</button></td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {sources.data?.length === 0 && (
          <div className="empty"><h3>No searches imported yet</h3><p>Export the results of each database search and import them here, one file per search.</p></div>
        )}
      </div>
    </>
  );
}
