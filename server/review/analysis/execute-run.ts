import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { analysisRuns, datasetSnapshots } from "@/db/schema";
import { executorFor } from "./executor-types";
import { claimRun, completeRun, failRun, markCancelled, reportProgress } from "./run-lifecycle";

/** Progress is written at most this often; it doubles as the worker's heartbeat. */
const progressWriteMs = 1000;

/**
 * Runs one analysis to completion in this process: claim it, load its snapshot, call the engine,
 * store outputs. Cancellation requested through the database aborts the engine at its next
 * progress report. Never throws for an analysis failure: the run row records it.
 */
export async function executeRun(db: DbOrTx, runId: string, workerId: string): Promise<"succeeded" | "failed" | "cancelled" | "skipped"> {
  const run = await claimRun(db, runId, workerId);
  if (!run) return "skipped";
  if (run.cancelRequestedAt) {
    await markCancelled(db, runId);
    return "cancelled";
  }
  const controller = new AbortController();
  let lastWrite = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const onProgress = (p: { fraction: number; message: string; etaSeconds?: number | null } | null) => {
    const now = Date.now();
    if (now - lastWrite < progressWriteMs) return;
    lastWrite = now;
    pending = pending.then(async () => {
      const state = await reportProgress(db, runId, workerId, p);
      if (state.cancelRequested || !state.stillOurs) controller.abort(new Error("cancelled"));
    });
  };
  // A heartbeat even when the engine is in a long step without progress callbacks.
  const heartbeat = setInterval(() => onProgress(null), 15_000);
  try {
    const [snapshot] = await db.select({ json: datasetSnapshots.canonicalJson }).from(datasetSnapshots).where(eq(datasetSnapshots.id, run.snapshotId));
    if (!snapshot) throw new Error(`Snapshot version ${run.snapshotVersion} is missing.`);
    const executor = await executorFor(run.kind);
    const started = performance.now();
    const result = await executor({
      snapshotJson: snapshot.json,
      filter: run.filter,
      parameters: run.parameters,
      seed: run.seed,
      signal: controller.signal,
      onProgress: (p) => onProgress(p),
    });
    await pending;
    if (controller.signal.aborted) throw new Error("cancelled");
    const timings = { ...result.timings, totalSeconds: (performance.now() - started) / 1000 };
    const stored = await completeRun(db, runId, workerId, { ...result, timings });
    return stored ? "succeeded" : "cancelled";
  } catch (error) {
    await pending.catch(() => {});
    const [now] = await db.select({ cancel: analysisRuns.cancelRequestedAt }).from(analysisRuns).where(eq(analysisRuns.id, runId));
    if (controller.signal.aborted || now?.cancel) {
      await markCancelled(db, runId);
      return "cancelled";
    }
    await failRun(db, runId, workerId, error instanceof Error ? error.message : String(error));
    return "failed";
  } finally {
    clearInterval(heartbeat);
  }
}
