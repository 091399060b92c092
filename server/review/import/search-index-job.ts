import path from "node:path";
import { Worker } from "node:worker_threads";
import { type IndexedFields, type SourceIndex, SourceIndexBuilder } from "./search-index-builder";

/** When an import builds its search index in a worker thread. */
export interface IndexWorkerOptions {
  /** Files of at least this many bytes (~1,500 records of RIS); smaller ones build in-process in milliseconds. */
  minBytes: number;
  /** The worker entry (default: server/review/import/search-index-worker.mjs under the working directory). */
  workerPath: string;
}

/** Process-wide settings (tests lower `minBytes` to exercise the worker on small files). */
export const indexWorkerOptions: IndexWorkerOptions = {
  minBytes: 2 * 1024 * 1024,
  workerPath: path.join(/*turbopackIgnore: true*/ process.cwd(), "server", "review", "import", "search-index-worker.mjs"),
};

/** The search index of one import, fed batch by batch while the rows are written. */
export interface IndexJob {
  add(records: IndexedFields[]): void;
  /** The finished index (the worker may still be working when the import commits). */
  finish(): Promise<SourceIndex>;
  /** Drops the work (the import failed). */
  cancel(): void;
}

/**
 * Starts the index of an import. Tokenising and indexing 50,000 records takes ~4 s of CPU. With the
 * embedded database this thread also runs every insert, so a large file's index is built in a
 * worker thread on the second core; with a PostgreSQL server the server inserts on the other core
 * and the index is built here, which saves the worker's ~200 MB (its own heap and copies of the text).
 */
export function startIndexJob(fileBytes: number, databaseInThisThread: boolean): IndexJob {
  return databaseInThisThread && fileBytes >= indexWorkerOptions.minBytes ? workerJob() : localJob();
}

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
