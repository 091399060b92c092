"use client";
// The results page of one analysis run: header, live progress while it is queued or running,
// the error when it failed, the results by kind, provenance and downloads.
import Link from "next/link";
import { useEffect } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { RunFacts } from "@/server/review/analysis-results/results";
import { Downloads } from "./downloads";
import { EffectsResults } from "./effects-results";
import { duration, num } from "./format";
import { MapResults } from "./map-results";
import { kindName, RunFactsCard } from "./run-facts";

const ACTIVE = new Set(["queued", "running"]);
/** Poll interval while a run is queued or running (the worker writes progress about once a second). */
const POLL_MS = 1500;

const STATUS_BADGE: Record<RunFacts["status"], string> = { queued: "maybe", running: "reviewer", succeeded: "include", failed: "exclude", cancelled: "viewer" };

function Progress({ run }: { run: RunFacts }) {
  const pct = Math.round(100 * Math.max(0, Math.min(1, run.progress)));
  return (
    <section className="card" aria-label="Progress" data-testid="run-progress">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2 style={{ margin: 0 }}>{run.status === "queued" ? "Waiting for a worker…" : "Running…"}</h2>
        <span className="stat-label">
          {pct}%{run.etaSeconds !== null && run.status === "running" ? ` · about ${duration(run.etaSeconds)} left` : ""}
        </span>
      </div>
      <div className="progress" style={{ marginTop: 10 }} role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <p className="muted" style={{ marginTop: 8 }}>{run.progressMessage || "starting"}</p>
    </section>
  );
}

export function RunResults({ projectId, runId }: { projectId: string; runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { projectId, runId };
  const results = useQuery(trpc.analysisResults.get.queryOptions(input, { staleTime: 60_000 }));
  const active = results.data ? ACTIVE.has(results.data.run.status) : false;
  const status = useQuery(trpc.analysisResults.status.queryOptions(input, { enabled: active, refetchInterval: active ? POLL_MS : false }));
  const run = status.data && active ? status.data : results.data?.run;
  useEffect(() => {
    // When the run leaves queued/running, fetch its outputs.
    if (status.data && !ACTIVE.has(status.data.status) && results.data && ACTIVE.has(results.data.run.status)) {
      void queryClient.invalidateQueries({ queryKey: trpc.analysisResults.get.queryKey(input) });
    }
  });
  if (results.isLoading) return <div className="card"><p className="muted">Loading results…</p></div>;
  if (results.error) return <div className="alert error">{errorMessage(results.error)}</div>;
  if (!results.data || !run) return null;
  const outputUrl = (name: string, inline = false) => `/api/projects/${projectId}/analysis/${runId}/outputs/${encodeURIComponent(name)}${inline ? "?inline=1" : ""}`;
  const summary = run.summary;
  return (
    <>
      <div className="page-header">
        <div>
          <p className="breadcrumb"><Link href={`/projects/${projectId}/analysis`}>Analyses</Link> / {kindName(run.kind)}</p>
          <h1>{run.name}</h1>
          <p>
            <span className={`badge ${STATUS_BADGE[run.status]}`} data-testid="run-status">{run.status}</span>{" "}
            {kindName(run.kind)} on snapshot v{run.snapshotVersion} · seed {run.seed}
            {typeof run.timings.totalSeconds === "number" && <> · {duration(run.timings.totalSeconds)}</>}
          </p>
        </div>
        {run.status === "succeeded" && (
          <div className="headline-stats">
            {typeof summary.significantClusters === "number" && (
              <div><div className="stat">{summary.significantClusters}</div><div className="stat-label">significant clusters</div></div>
            )}
            {typeof summary.increases === "number" && (
              <div><div className="stat warm">{summary.increases}</div><div className="stat-label">increases</div></div>
            )}
            {typeof summary.decreases === "number" && (
              <div><div className="stat cool">{summary.decreases}</div><div className="stat-label">decreases</div></div>
            )}
            {typeof summary.experiments === "number" && (
              <div><div className="stat">{summary.experiments}</div><div className="stat-label">experiments</div></div>
            )}
            {typeof summary.estimate === "number" && (
              <div><div className="stat">{num(summary.estimate, 2)}</div><div className="stat-label">pooled estimate</div></div>
            )}
            {typeof summary.k === "number" && (
              <div><div className="stat">{summary.k}</div><div className="stat-label">studies</div></div>
            )}
          </div>
        )}
      </div>

      {ACTIVE.has(run.status) && <Progress run={run} />}
      {run.status === "failed" && (
        <div className="alert error" role="alert">
          <b>The analysis failed.</b> {run.error ?? "No error message was recorded."}
        </div>
      )}
      {run.status === "cancelled" && <div className="alert warn">This run was cancelled{run.progress > 0 ? ` at ${Math.round(100 * run.progress)}%` : ""}; it has no results.</div>}

      {run.status === "succeeded" && results.data.run.status === "succeeded" &&
        (run.kind === "effects" ? <EffectsResults results={results.data} outputUrl={outputUrl} /> : <MapResults results={results.data} outputUrl={outputUrl} />)}

      {results.data.outputs.length > 0 && (
        <section className="card flush" aria-label="Downloads">
          <div className="section-head padded">
            <h2>Downloads</h2>
            <span className="muted small-print">
              {results.data.outputs.length} files{results.data.outputs.some((o) => o.name.endsWith(".nii.gz")) ? " · maps are gzipped NIfTI-1 on the MNI152 2 mm grid" : ""}
            </span>
          </div>
          <Downloads outputs={results.data.outputs} outputUrl={outputUrl} />
        </section>
      )}
      <RunFactsCard run={run} />
    </>
  );
}
