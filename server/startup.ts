import type { OpenDatabase } from "@/db/client";

/**
 * Work that must happen once per server process after the database is open: the analysis worker.
 * Embedded PGlite allows one process, so its worker always runs here; with PostgreSQL it runs here
 * too unless CONCORD_INPROCESS_WORKER=0 (then `npm run worker` processes do the work).
 */
export async function onServerStart(handle: OpenDatabase): Promise<void> {
  if (handle.mode === "postgres" && process.env.CONCORD_INPROCESS_WORKER === "0") return;
  const { startAnalysisWorker } = await import("@/server/jobs/analysis-worker");
  const worker = await startAnalysisWorker(handle, { embedded: handle.mode === "embedded" });
  console.log(`Concord analysis worker ${worker.workerId} started in-process.`);
}
