"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { Role } from "@/db/roles";
import { useTRPC } from "@/components/trpc/client";
import { projectNav } from "@/components/layout/project-nav";

/** The overview: the team, and the stages of the review with where the project stands. */
export function ProjectOverview({ projectId, role }: { projectId: string; role: Role }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions({ projectId }));
  const stages = projectNav.filter((i) => i.group !== "Project" && i.path);
  const base = `/projects/${projectId}`;
  return (
    <div className="stack">
      <div className="card">
        <h2>Stages</h2>
        {stages.length === 0 ? (
          <p className="muted">The review stages appear here as the project moves from import to report.</p>
        ) : (
          <div className="stage-list">
            {stages.map((s) => (
              <Link key={s.path} className="stage" href={`${base}/${s.path}`}>
                {s.label}
              </Link>
            ))}
          </div>
        )}
      </div>
      <div className="card">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2>Team</h2>
          {role === "owner" && <Link href={`${base}/members`} className="button small">Invite a co-reviewer</Link>}
        </div>
        {members.data && (
          <table className="data">
            <tbody>
              {members.data.map((m) => (
                <tr key={m.userId}>
                  <td>{m.name}</td>
                  <td className="muted">{m.email}</td>
                  <td><span className={`badge ${m.role}`}>{m.role}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {members.data?.length === 1 && role === "owner" && (
          <p className="muted" style={{ marginTop: 10 }}>
            Screening needs two independent reviewers: invite your co-reviewer to get started.
          </p>
        )}
      </div>
    </div>
  );
}
