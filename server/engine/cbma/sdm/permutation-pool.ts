/**
 * Runs the permutations of a plan, inline or on worker threads, with progress and cancellation.
 *
 * Iterations are handed out in chunks (dynamic scheduling); each iteration seeds its own random
 * stream, the histogram holds integer counts and maxima are stored by iteration, so the result is
 * identical for any number of threads.
 *
 * The worker entry (`permutation-worker.mjs`) is located with `path.join(process.cwd(), …)` (not
 * `new URL(…, import.meta.url)`, which Next's Turbopack cannot bundle); it loads the TypeScript core
 * with tsx's `tsImport`, so it runs in the CLI, the job worker and tests alike.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PermutationRunner, type PermutationPlan, type ZHistogramSpec } from "./permutation";

/** Progress report (same shape as the ALE engine's `Progress`). */
export interface PermutationProgress {
  /** Fraction done, 0…1. */
  fraction: number;
  done: number;
  total: number;
  elapsedS: number;
  /** Estimated seconds remaining, null before the first chunk. */
  etaS: number | null;
  /** What is running, e.g. "permutations" or "jackknife 3/24". */
  stage: string;
}

/** Options of `runPermutations`. */
export interface RunPermutationsOptions {
  iterations: number;
  /** 0 runs in the calling thread; n ≥ 1 starts n worker threads. */
  threads: number;
  onProgress?: (progress: PermutationProgress) => void;
  signal?: AbortSignal;
  /** Progress stage name. */
  stage?: string;
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
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "server", "engine", "cbma", "sdm", "permutation-worker.mjs");
}

function abortError(): Error {
  const err = new Error("SDM permutations cancelled");
  err.name = "AbortError";
  return err;
}

function chunkSizeFor(iterations: number, threads: number): number {
  return Math.max(1, Math.min(25, Math.ceil(iterations / (Math.max(1, threads) * 8))));
}

function progressReporter(total: number, options: RunPermutationsOptions) {
  const start = performance.now();
  const stage = options.stage ?? "permutations";
  return (done: number) => {
    if (!options.onProgress) return;
    const elapsedS = (performance.now() - start) / 1000;
    options.onProgress({ fraction: total ? done / total : 1, done, total, elapsedS, etaS: done ? (elapsedS / done) * (total - done) : null, stage });
  };
}

async function runInline(plan: PermutationPlan, options: RunPermutationsOptions): Promise<PermutationNull> {
  const runner = new PermutationRunner(plan);
  const maxAbsZ = new Float64Array(options.iterations);
  const report = progressReporter(options.iterations, options);
  const chunk = chunkSizeFor(options.iterations, 1);
  for (let t = 0; t < options.iterations; t++) {
    if (t % chunk === 0) {
      if (options.signal?.aborted) throw abortError();
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

function runWorkers(plan: PermutationPlan, options: RunPermutationsOptions): Promise<PermutationNull> {
  const total = options.iterations;
  const threads = Math.max(1, Math.min(options.threads, total));
  const chunk = chunkSizeFor(total, threads);
  const maxAbsZ = new Float64Array(total);
  const histogram = new Float64Array(plan.histogram.bins);
  const report = progressReporter(total, options);
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
    const onAbort = () => fail(abortError());
    if (options.signal?.aborted) return reject(abortError());
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
      const w = new Worker(entry, { workerData: plan });
      workers.push(w);
      w.on("message", (msg: { type: string; from?: number; maxAbs?: Float64Array; histogram?: Float64Array; message?: string }) => {
        if (failed) return;
        if (msg.type === "error") return fail(new Error(`SDM permutation worker failed: ${msg.message}`));
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
 * @throws an Error named "AbortError" when cancelled.
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
