import path from "node:path";

/** When a stage moves work on large inputs to a worker thread, and which entry file it starts. */
export interface WorkerThreadOptions {
  /** Inputs of at least this many records go to the worker; smaller ones run in-process, where a worker would cost more than it saves. */
  minRecords: number;
  /** The worker entry: a plain .mjs file that loads its TypeScript with tsx (see the entries' headers). */
  workerPath: string;
}

/**
 * A worker entry's path under the working directory. Resolved at run time, not imported: Turbopack
 * cannot bundle worker references, and the same path serves the tsx CLI, Vitest and the Next server.
 */
export function workerEntry(...segments: string[]): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), ...segments);
}
