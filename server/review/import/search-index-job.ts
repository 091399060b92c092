import { Worker } from "node:worker_threads";
import { workerEntry, type WorkerThreadOptions } from "@/server/review/worker-thread";
import { type IndexedFields, type SourceIndex, SourceIndexBuilder } from "./search-index-builder";

/** Process-wide settings (tests lower `minRecords` to exercise the worker on small sources). */
export const indexWorkerOptions: WorkerThreadOptions = {
  // sources smaller than this build in-process in milliseconds
  minRecords: 1500,
  workerPath: workerEntry("server", "review", "import", "search-index-worker.mjs"),
};

/** The search index of one source, fed batch by batch (while an import writes its rows, or as they are read back). */
export interface IndexJob {
  add(records: IndexedFields[]): void;
  /** The finished index (the worker may still be working when the import commits). */
  finish(): Promise<SourceIndex>;
  /** Drops the work (the import or the read failed). */
  cancel(): void;
}

/**
 * Starts the index of a source of about `records` records. Tokenising and indexing 50,000 records
 * takes ~4 s of CPU. With the embedded database this thread also runs every query, so a large
 * source's index is built in a worker thread on the second core; with a PostgreSQL server the
 * server works on the other core and the index is built here, which saves the worker's ~200 MB
 * (its own heap and copies of the text).
 */
export function startIndexJob(records: number, databaseInThisThread: boolean): IndexJob {
  return databaseInThisThread && records >= indexWorkerOptions.minRecords ? workerJob() : localJob();
}

/** Records in an export of `bytes` bytes, roughly: ~1.4 KB each in RIS, MEDLINE or CSV exports with abstracts. */
export const recordsInFile = (bytes: number) => Math.round(bytes / 1400);

function localJob(): IndexJob {
  const builder = new SourceIndexBuilder();
  return {
    add: (records) => records.forEach((r) => builder.add(r.id, r)),
    finish: async () => builder.finish(),
    cancel: () => {},
  };
}

function workerJob(): IndexJob {
  const worker = new Worker(indexWorkerOptions.workerPath);
  const result = new Promise<SourceIndex>((resolve, reject) => {
    worker.on("message", (msg: { index?: SourceIndex; error?: string }) => {
      if (msg.index) resolve(msg.index);
      else if (msg.error) reject(new Error(`search index worker: ${msg.error}`));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`search index worker exited (code ${code})`)));
  });
  result.then(() => worker.terminate()).catch(() => worker.terminate());
  return {
    add: (records) => worker.postMessage({ records: records.map(({ id, title, otherTitles, authors, abstract }) => ({ id, title, otherTitles, authors, abstract })) }),
    finish: () => {
      worker.postMessage({ finish: true });
      return result;
    },
    cancel: () => void worker.terminate(),
  };
}
