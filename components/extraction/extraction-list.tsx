"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { Role } from "@/db/roles";
import { useTRPC } from "@/components/trpc/client";

/** Every study with the caller's status, how many extractions are submitted, and the consensus. */
export function ExtractionList({ projectId, myRole }: { projectId: string; myRole: Role }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.extraction.status.queryOptions({ projectId }));
  const rows = status.data ?? [];
  const done = rows.filter((r) => r.consensus === "submitted").length;
  return (
    <>
      <div className="grid-3">
        <div className="card"><div className="stat">{rows.length}</div><div className="stat-label">studies</div></div>
        <div className="card"><div className="stat">{rows.filter((r) => r.submittedCount === 2).length}</div><div className="stat-label">extracted twice</div></div>
        <div className="card"><div className="stat">{done} / {rows.length}</div><div className="stat-label">with consensus</div><div className="progress"><span style={{ width: `${rows.length ? (100 * done) / rows.length : 0}%` }} /></div></div>
      </div>
      <div className="card flush">
        <table className="data" aria-label="Extraction status">
          <thead><tr><th>Study</th><th className="num">Experiments</th><th>You</th><th>Extractions</th><th>Consensus</th><th /></tr></thead>
          <tbody>
            {rows.length === 0 && <tr><td colSpan={6} className="empty">No studies yet — group the included reports on the <Link href={`/projects/${projectId}/studies`}>Studies</Link> page.</td></tr>}
            {rows.map((r) => (
              <tr key={r.studyId}>
                <td><strong>{r.label}</strong></td>
                <td className="num">{r.experimentCount}</td>
                <td>{r.myStatus ? <span className={`badge ${r.myStatus === "submitted" ? "include" : "pending"}`}>{r.myStatus}</span> : <span className="muted">—</span>}</td>
                <td>{r.submittedCount} of 2 submitted{r.reviewerCount > r.submittedCount && <span className="muted"> · {r.reviewerCount - r.submittedCount} in progress</span>}</td>
                <td>{r.consensus ? <span className="badge include">done</span> : r.submittedCount === 2 ? <span className="badge conflict">to decide</span> : <span className="muted">—</span>}</td>
                <td className="num">
                  {myRole !== "viewer" && (r.myStatus || r.reviewerCount < 2) && <Link className="button small" href={`/projects/${projectId}/extraction/${r.studyId}`}>{r.myStatus ? "Open" : "Extract"}</Link>}{" "}
                  {myRole !== "viewer" && r.submittedCount === 2 && <Link className="button small primary" href={`/projects/${projectId}/extraction/${r.studyId}/compare`}>Compare</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
