/**
 * Runs the permutations of a plan, inline or on worker threads, with progress and cancellation.
 *
 * Iterations are handed out in chunks (dynamic scheduling); each iteration seeds its own random
 * stream, the histogram holds integer counts and maxima are stored by iteration, so the result is
 * identical for any number of threads.
 *
 * The worker entry is located with `path.join(process.cwd(), …)` (not `new URL(…, import.meta.url)`,
 * which Next's Turbopack cannot bundle) and loaded through tsx's ESM hook, so it runs from the
 * TypeScript source in the CLI, the job worker and tests alike.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { PermutationRunner, type PermutationPlan, type ZHistogramSpec } from "./permutation";

/** Progress report. */
export interface PermutationProgress {
  done: number;
  total: number;
  fraction: number;
  elapsedMs: number;
  /** Estimated remaining time, null before the first chunk. */
  etaMs: number | null;
}

/** Options of `runPermutations`. */
export interface RunPermutationsOptions {
  iterations: number;
  /** 0 runs in the calling thread; n ≥ 1 starts n worker threads. */
  threads: number;
  onProgress?: (progress: PermutationProgress) => void;
  signal?: AbortSignal;
  /** Override of the worker entry file (default: `workerEntryPath()`). */
  workerPath?: string;
}

/** The permutation null distribution. */
export interface PermutationNull {
  iterations: number;
  seed: number;
  histogramSpec: ZHistogramSpec;
  /** Pooled |z| counts over all voxels of all permutations. */
  histogram: Float64Array;
  /** Maximum |z| of each permutation, by iteration. */
  maxAbsZ: Float64Array;
}

/** Default location of the worker entry, relative to the app root (the process's cwd). */
export function workerEntryPath(): string {
  return path.join(process.cwd(), "server", "engine", "cbma", "sdm", "permutation-worker.ts");
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error("SDM permutations cancelled");
}

function chunkSizeFor(iterations: number, threads: number): number {
  return Math.max(1, Math.min(25, Math.ceil(iterations / (Math.max(1, threads) * 8))));
}

function progressReporter(total: number, onProgress?: (p: PermutationProgress) => void) {
  const start = Date.now();
  return (done: number) => {
    if (!onProgress) return;
    const elapsedMs = Date.now() - start;
    onProgress({ done, total, fraction: total ? done / total : 1, elapsedMs, etaMs: done ? (elapsedMs / done) * (total - done) : null });
  };
}

async function runInline(plan: PermutationPlan, options: RunPermutationsOptions): Promise<PermutationNull> {
  const runner = new PermutationRunner(plan);
  const maxAbsZ = new Float64Array(options.iterations);
  const report = progressReporter(options.iterations, options.onProgress);
  const chunk = chunkSizeFor(options.iterations, 1);
  for (let t = 0; t < options.iterations; t++) {
    if (t % chunk === 0) {
      if (options.signal?.aborted) throw abortError(options.signal);
      if (t > 0) {
        report(t);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    maxAbsZ[t] = runner.run(t);
  }
  report(options.iterations);
  return { iterations: options.iterations, seed: plan.seed, histogramSpec: plan.histogram, histogram: runner.histogram, maxAbsZ };
}

function startWorker(entry: string, plan: PermutationPlan): Worker {
  const url = pathToFileURL(entry).href;
  const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`;
  return new Worker(code, { eval: true, workerData: plan });
}

function runWorkers(plan: PermutationPlan, options: RunPermutationsOptions): Promise<PermutationNull> {
  const total = options.iterations;
  const threads = Math.max(1, Math.min(options.threads, total));
  const chunk = chunkSizeFor(total, threads);
  const maxAbsZ = new Float64Array(total);
  const histogram = new Float64Array(plan.histogram.bins);
  const report = progressReporter(total, options.onProgress);
  const entry = options.workerPath ?? workerEntryPath();
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let finished = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      options.signal?.removeEventListener("abort", onAbort);
      reject(error);
    };
    const onAbort = () => fail(abortError(options.signal!));
    if (options.signal?.aborted) return reject(abortError(options.signal));
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const dispatch = (w: Worker) => {
      if (next < total) {
        const from = next;
        next = Math.min(total, next + chunk);
        w.postMessage({ type: "run", from, to: next });
      } else {
        w.postMessage({ type: "finish" });
      }
    };
    for (let i = 0; i < threads; i++) {
      const w = startWorker(entry, plan);
      workers.push(w);
      w.on("message", (msg: { type: string; from?: number; maxAbs?: Float64Array; histogram?: Float64Array }) => {
        if (failed) return;
        if (msg.type === "ready") return dispatch(w);
        if (msg.type === "chunk") {
          maxAbsZ.set(msg.maxAbs!, msg.from!);
          done += msg.maxAbs!.length;
          report(done);
          return dispatch(w);
        }
        if (msg.type === "histogram") {
          const h = msg.histogram!;
          for (let b = 0; b < h.length; b++) histogram[b] += h[b];
          void w.terminate();
          if (++finished === threads) {
            options.signal?.removeEventListener("abort", onAbort);
            resolve({ iterations: total, seed: plan.seed, histogramSpec: plan.histogram, histogram, maxAbsZ });
          }
        }
      });
      w.on("error", (e) => fail(new Error(`SDM permutation worker failed: ${e.message}`, { cause: e })));
    }
  });
}

/**
 * Runs `options.iterations` permutations of `plan`.
 * @throws the signal's reason (or an Error) when cancelled.
 */
export async function runPermutations(plan: PermutationPlan, options: RunPermutationsOptions): Promise<PermutationNull> {
  if (!Number.isInteger(options.iterations) || options.iterations < 0) {
    throw new Error(`permutations must be a non-negative integer, got ${options.iterations}`);
  }
  if (options.iterations === 0) {
    return { iterations: 0, seed: plan.seed, histogramSpec: plan.histogram, histogram: new Float64Array(plan.histogram.bins), maxAbsZ: new Float64Array(0) };
  }
  return options.threads <= 0 ? runInline(plan, options) : runWorkers(plan, options);
}
