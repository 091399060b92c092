"use client";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { NewProjectForm } from "./new-project-form";

export function ProjectList() {
  const trpc = useTRPC();
  const projects = useQuery(trpc.projects.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const empty = projects.data?.length === 0;
  const router = useRouter();
  const queryClient = useQueryClient();
  const demo = useMutation(
    trpc.projects.createDemo.mutationOptions({
      onSuccess: async ({ projectId }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
        router.push(`/projects/${projectId}`);
      },
    }),
  );

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Your reviews</h1>
          <p>Each review project holds its searches, screening, extraction, analyses and report.</p>
        </div>
        <div className="row">
          <button onClick={() => demo.mutate()} disabled={demo.isPending} title="A worked synthetic review: imports, screening, extraction, a locked snapshot and analyses">
            {demo.isPending ? "Building the demo (about 30 s)…" : "Explore a demo project"}
          </button>
          {!creating && !empty && <button className="primary" onClick={() => setCreating(true)}>New review project</button>}
        </div>
      </div>
      {demo.error && <div className="alert error" role="alert">{errorMessage(demo.error)}</div>}
      {(creating || empty) && <NewProjectForm onCancel={empty ? undefined : () => setCreating(false)} />}
      {projects.isLoading && <p className="muted">Loading…</p>}
      {projects.error && <div className="alert error">{projects.error.message}</div>}
      {empty && !creating && (
        <p className="muted">No projects yet — create your first review above, or open an invitation link from a colleague.</p>
      )}
      <div className="project-list">
        {projects.data?.map((p) => (
          <Link key={p.id} href={`/projects/${p.id}`} className="card project-card">
            <div className="row" style={{ justifyContent: "space-between" }}>
              <strong>{p.title}</strong>
              <span className={`badge ${p.role}`}>{p.role}</span>
            </div>
            <div className="q">{p.reviewQuestion || "No review question yet"}</div>
            <div className="muted small">
              {p.memberCount} member{p.memberCount === 1 ? "" : "s"} · updated {new Date(p.updatedAt).toLocaleDateString()}
            </div>
          </Link>
        ))}
      </div>
    </>
  );
}
