import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { OpenDatabase } from "@/db/client";
import { executeRun } from "@/server/review/analysis/execute-run";
import { sweepStaleRuns } from "@/server/review/analysis/run-lifecycle";
import { analysisQueue, getQueue, type AnalysisJob } from "./queue";

export interface WorkerHandle {
  workerId: string;
  stop(): Promise<void>;
}

/**
 * Takes analysis runs from the queue, one at a time per worker (each run already uses the
 * machine's cores through the engines' worker threads). `embedded` means this process is the only
 * one on the database, so any run still "running" at start belonged to a previous, dead process.
 */
export async function startAnalysisWorker(handle: OpenDatabase, opts: { embedded: boolean }): Promise<WorkerHandle> {
  const boss = await getQueue(handle);
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const requeue = async (everyRunning: boolean) => {
    for (const runId of await sweepStaleRuns(handle.db, { everyRunning })) {
      await boss.send(analysisQueue, { runId } satisfies AnalysisJob);
    }
  };
  await requeue(opts.embedded);
  const pgBossWorkerId = await boss.work<AnalysisJob>(analysisQueue, { batchSize: 1, pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) await executeRun(handle.db, job.data.runId, workerId);
  });
  const sweeper = setInterval(() => requeue(false).catch((e) => console.error("analysis sweeper:", e)), 60_000);
  sweeper.unref();
  return {
    workerId,
    async stop() {
      clearInterval(sweeper);
      await boss.offWork(pgBossWorkerId);
    },
  };
}
