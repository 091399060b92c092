"use client";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { StartRunForm } from "./start-run-form";
import { RunList } from "./run-list";

export function AnalysisWorkspace({ projectId, canStart }: { projectId: string; canStart: boolean }) {
  const trpc = useTRPC();
  const snapshots = useQuery(trpc.analysis.snapshots.queryOptions({ projectId }));
  if (snapshots.isLoading) return <p className="muted">Loading…</p>;
  if (!snapshots.data?.length) {
    return (
      <div className="card empty">
        <h3>No locked dataset yet</h3>
        <p>Analyses run on a locked snapshot of the extracted data, so every result can be traced to exactly what went in.</p>
        <Link className="button primary" href={`/projects/${projectId}/lock`}>Go to the lock page</Link>
      </div>
    );
  }
  return (
    <div className="stack">
      {canStart && <StartRunForm projectId={projectId} snapshots={snapshots.data} />}
      <RunList projectId={projectId} canCancel={canStart} />
    </div>
  );
}
