"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

const KIND: Record<string, string> = { database: "Database", register: "Register", website: "Website", organisation: "Organisation", citation_search: "Citation search", other: "Other" };

/** PRISMA identification counts and the list of imported searches. */
export function SourcesPanel({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const counts = useQuery(trpc.records.identificationCounts.queryOptions({ projectId }));
  const sources = useQuery(trpc.records.sources.queryOptions({ projectId }));
  const c = counts.data;
  return (
    <>
      {c && (
        <div className="card prisma-counts" aria-label="Identification counts">
          <div><div className="stat" data-testid="count-identified">{c.identified.total.toLocaleString()}</div><div className="stat-label">records identified ({c.sources.length} source{c.sources.length === 1 ? "" : "s"})</div></div>
          <div><div className="stat" data-testid="count-duplicates">{c.removed.duplicate.toLocaleString()}</div><div className="stat-label">duplicates removed</div></div>
          <div><div className="stat">{(c.removed.automation + c.removed.other).toLocaleString()}</div><div className="stat-label">removed for other reasons</div></div>
          <div><div className="stat accent-text" data-testid="count-remaining">{c.remaining.toLocaleString()}</div><div className="stat-label">records to screen</div></div>
        </div>
      )}
      <div className="card flush">
        <table className="data" aria-label="Imported searches">
          <thead>
            <tr><th>Source</th><th>Searched</th><th>File</th><th className="num">Records</th><th className="num">Duplicates</th><th>Imported</th><th>Export</th></tr>
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
