import { and, eq, inArray, isNotNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { analysisOutputs, analysisRuns } from "@/db/schema";

export type AnalysisRun = typeof analysisRuns.$inferSelect;

/** A worker that has not written a heartbeat for this long is presumed dead. */
export const staleAfterMs = 2 * 60 * 1000;
/** A run whose worker died this many times is failed instead of re-queued. */
export const maxAttempts = 3;

/**
 * Takes a queued run (or one whose worker stopped sending heartbeats) for this worker. Atomic, so
 * two workers handed the same job never both run it.
 */
export async function claimRun(db: DbOrTx, runId: string, workerId: string, now = new Date()): Promise<AnalysisRun | null> {
  const stale = new Date(now.getTime() - staleAfterMs);
  const [run] = await db
    .update(analysisRuns)
    .set({ status: "running", workerId, heartbeatAt: now, startedAt: now, attempts: sql`${analysisRuns.attempts} + 1`, progress: 0, progressMessage: "starting", error: null })
    .where(and(eq(analysisRuns.id, runId), or(eq(analysisRuns.status, "queued"), and(eq(analysisRuns.status, "running"), lt(analysisRuns.heartbeatAt, stale)))))
    .returning();
  return run ?? null;
}

export interface ProgressUpdate {
  fraction: number;
  message: string;
  etaSeconds?: number | null;
}

/** Records progress and the heartbeat; tells the worker whether someone asked to cancel. */
export async function reportProgress(db: DbOrTx, runId: string, workerId: string, update: ProgressUpdate | null): Promise<{ cancelRequested: boolean; stillOurs: boolean }> {
  const progress = update
    ? { progress: Math.max(0, Math.min(1, update.fraction)), progressMessage: update.message, etaSeconds: update.etaSeconds ?? null }
    : {}; // heartbeat only
  const [row] = await db
    .update(analysisRuns)
    .set({ ...progress, heartbeatAt: new Date() })
    .where(and(eq(analysisRuns.id, runId), eq(analysisRuns.workerId, workerId), eq(analysisRuns.status, "running")))
    .returning({ cancelRequestedAt: analysisRuns.cancelRequestedAt });
  return { cancelRequested: Boolean(row?.cancelRequestedAt), stillOurs: Boolean(row) };
}

export interface RunOutput {
  name: string;
  contentType: string;
  json?: unknown;
  bytes?: Uint8Array;
}

/** Stores every output and marks the run succeeded, in one transaction. */
export async function completeRun(
  db: DbOrTx,
  runId: string,
  workerId: string,
  result: { outputs: RunOutput[]; summary: Record<string, unknown>; timings: Record<string, number> },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [mine] = await tx
      .select({ id: analysisRuns.id })
      .from(analysisRuns)
      .where(and(eq(analysisRuns.id, runId), eq(analysisRuns.workerId, workerId), eq(analysisRuns.status, "running")))
      .for("update");
    if (!mine) return false; // cancelled or taken over meanwhile: discard
    await tx.delete(analysisOutputs).where(eq(analysisOutputs.runId, runId));
    for (const o of result.outputs) {
      await tx.insert(analysisOutputs).values({
        runId,
        name: o.name,
        contentType: o.contentType,
        json: o.json === undefined ? null : (o.json as object),
        bytes: o.bytes ?? null,
        sizeBytes: o.bytes?.byteLength ?? JSON.stringify(o.json ?? null).length,
      });
    }
    await tx
      .update(analysisRuns)
      .set({ status: "succeeded", progress: 1, progressMessage: "done", etaSeconds: 0, summary: result.summary, timings: result.timings, finishedAt: new Date() })
      .where(eq(analysisRuns.id, runId));
    return true;
  });
}

export async function failRun(db: DbOrTx, runId: string, workerId: string | null, error: string): Promise<void> {
  await db
    .update(analysisRuns)
    .set({ status: "failed", error: error.slice(0, 4000), finishedAt: new Date(), etaSeconds: null })
    .where(and(eq(analysisRuns.id, runId), workerId ? eq(analysisRuns.workerId, workerId) : undefined, inArray(analysisRuns.status, ["queued", "running"])));
}

export async function markCancelled(db: DbOrTx, runId: string): Promise<void> {
  await db
    .update(analysisRuns)
    .set({ status: "cancelled", finishedAt: new Date(), etaSeconds: null, progressMessage: "cancelled" })
    .where(and(eq(analysisRuns.id, runId), inArray(analysisRuns.status, ["queued", "running"])));
}

/**
 * Finds runs whose worker died (no heartbeat for `staleAfterMs`, or — in embedded mode at start-up —
 * any run left "running" by the previous process). Returns those to re-queue; runs that already
 * used their attempts are failed with a message saying so.
 */
export async function sweepStaleRuns(db: DbOrTx, opts: { now?: Date; everyRunning?: boolean } = {}): Promise<string[]> {
  const now = opts.now ?? new Date();
  const stale = new Date(now.getTime() - staleAfterMs);
  const candidates = await db
    .select({ id: analysisRuns.id, attempts: analysisRuns.attempts })
    .from(analysisRuns)
    .where(and(eq(analysisRuns.status, "running"), opts.everyRunning ? undefined : and(isNotNull(analysisRuns.heartbeatAt), lt(analysisRuns.heartbeatAt, stale))));
  const requeue: string[] = [];
  for (const run of candidates) {
    if (run.attempts >= maxAttempts) {
      await failRun(db, run.id, null, `The worker running this analysis stopped ${run.attempts} times (process restarted or crashed); giving up.`);
    } else {
      await db
        .update(analysisRuns)
        .set({ status: "queued", workerId: null, progress: 0, progressMessage: "re-queued after the worker stopped", etaSeconds: null })
        .where(and(eq(analysisRuns.id, run.id), eq(analysisRuns.status, "running")));
      requeue.push(run.id);
    }
  }
  return requeue;
}
