/**
 * Runs Monte Carlo iterations on worker threads (or inline), with progress, ETA and cancel.
 *
 * Iterations are handed out in small chunks; each result is stored at its iteration index, and
 * iteration t always uses random stream (seed, t): the output is identical for any thread count
 * and any chunking. A range [start, end) lets several machines share one large run.
 */
import path from "node:path";
import { Worker } from "node:worker_threads";
import { type MonteCarloChunk, type MonteCarloPlan, MonteCarloRunner } from "./monte-carlo-core";
import type { Progress } from "./types";

/** Options of `runMonteCarlo`. */
export interface MonteCarloRunOptions {
  /** First iteration index (inclusive) and end (exclusive). */
  start: number;
  end: number;
  /** Worker threads; 0 = run in the calling thread (yielding to the event loop between chunks). */
  threads: number;
  /** Iterations per chunk handed to a worker. */
  chunkSize: number;
  onProgress?: (p: Progress) => void;
  progressIntervalMs: number;
  signal?: AbortSignal;
  /** Worker entry; default `server/engine/cbma/ale/monte-carlo-worker.mjs` under `process.cwd()`. */
  workerFile?: string;
  /** Progress stage name. */
  stage: string;
}

/** Defaults of `runMonteCarlo` (the range must be given). */
export const DEFAULT_MONTE_CARLO_RUN_OPTIONS: Omit<MonteCarloRunOptions, "start" | "end"> = Object.freeze({
  threads: 2,
  chunkSize: 20,
  progressIntervalMs: 250,
  stage: "monte-carlo",
});

/** Per-iteration maxima of iterations [start, end), index 0 ↔ iteration `start`. */
export interface MonteCarloMaxima {
  start: number;
  end: number;
  maxAle: Float64Array;
  maxClusterSize: Float64Array;
  maxClusterMass: Float64Array;
}

/** Default location of the worker entry file. */
export function defaultWorkerFile(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "server", "engine", "cbma", "ale", "monte-carlo-worker.mjs");
}

function abortError(): Error {
  const err = new Error("Monte Carlo run cancelled");
  err.name = "AbortError";
  return err;
}

class ProgressTracker {
  private readonly t0 = performance.now();
  private last = 0;
  done = 0;
  constructor(
    private readonly total: number,
    private readonly opts: Pick<MonteCarloRunOptions, "onProgress" | "progressIntervalMs" | "stage">,
  ) {}
  add(n: number): void {
    this.done += n;
    const now = performance.now();
    if (!this.opts.onProgress || (now - this.last < this.opts.progressIntervalMs && this.done < this.total)) return;
    this.last = now;
    const elapsedS = (now - this.t0) / 1000;
    const rate = this.done / elapsedS;
    this.opts.onProgress({
      fraction: this.total ? this.done / this.total : 1,
      done: this.done,
      total: this.total,
      elapsedS,
      etaS: this.done > 0 ? (this.total - this.done) / rate : null,
      stage: this.opts.stage,
    });
  }
}

function store(out: MonteCarloMaxima, c: MonteCarloChunk): void {
  out.maxAle.set(c.maxAle.subarray(0, c.end - c.start), c.start - out.start);
  out.maxClusterSize.set(c.maxClusterSize.subarray(0, c.end - c.start), c.start - out.start);
  out.maxClusterMass.set(c.maxClusterMass.subarray(0, c.end - c.start), c.start - out.start);
}

async function runInline(plan: MonteCarloPlan, opts: MonteCarloRunOptions, out: MonteCarloMaxima, tracker: ProgressTracker): Promise<void> {
  const runner = new MonteCarloRunner(plan);
  for (let s = opts.start; s < opts.end; s += opts.chunkSize) {
    if (opts.signal?.aborted) throw abortError();
    const e = Math.min(opts.end, s + opts.chunkSize);
    store(out, runner.runRange(s, e));
    tracker.add(e - s);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function runWorkers(plan: MonteCarloPlan, opts: MonteCarloRunOptions, out: MonteCarloMaxima, tracker: ProgressTracker): Promise<void> {
  const file = opts.workerFile ?? defaultWorkerFile();
  const nWorkers = Math.max(1, Math.min(opts.threads, Math.ceil((opts.end - opts.start) / opts.chunkSize)));
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = opts.start;
    let active = 0;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener("abort", onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => finish(abortError());
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const dispatch = (w: Worker) => {
      if (next >= opts.end) {
        if (active === 0) finish();
        return;
      }
      const s = next;
      next = Math.min(opts.end, s + opts.chunkSize);
      active++;
      w.postMessage({ type: "run", start: s, end: next });
    };
    for (let i = 0; i < nWorkers; i++) {
      const w = new Worker(file, { workerData: { plan } });
      workers.push(w);
      w.on("message", (msg: { type: string } & Partial<MonteCarloChunk> & { message?: string }) => {
        if (settled) return;
        if (msg.type === "ready") dispatch(w);
        else if (msg.type === "chunk") {
          active--;
          store(out, msg as MonteCarloChunk);
          tracker.add(msg.end! - msg.start!);
          dispatch(w);
        } else if (msg.type === "error") finish(new Error(`Monte Carlo worker failed: ${msg.message}`));
      });
      w.on("error", (err) => finish(new Error(`Monte Carlo worker ${file} failed: ${err.message}`, { cause: err })));
      w.on("exit", (code) => {
        if (!settled && code !== 0) finish(new Error(`Monte Carlo worker exited with code ${code}`));
      });
    }
  });
}

/**
 * Runs Monte Carlo iterations [start, end) of `plan` and returns their per-iteration maxima.
 * Rejects with an `AbortError` when `signal` aborts.
 */
export async function runMonteCarlo(plan: MonteCarloPlan, options: Partial<MonteCarloRunOptions> & { start: number; end: number }): Promise<MonteCarloMaxima> {
  const opts: MonteCarloRunOptions = { ...DEFAULT_MONTE_CARLO_RUN_OPTIONS, ...options };
  if (!(Number.isInteger(opts.start) && Number.isInteger(opts.end) && opts.start >= 0 && opts.end >= opts.start)) {
    throw new Error(`runMonteCarlo: invalid iteration range [${opts.start}, ${opts.end})`);
  }
  if (opts.signal?.aborted) throw abortError();
  const n = opts.end - opts.start;
  const out: MonteCarloMaxima = {
    start: opts.start,
    end: opts.end,
    maxAle: new Float64Array(n),
    maxClusterSize: new Float64Array(n),
    maxClusterMass: new Float64Array(n),
  };
  const tracker = new ProgressTracker(n, opts);
  if (n === 0) return out;
  if (opts.threads <= 0) await runInline(plan, opts, out, tracker);
  else await runWorkers(plan, opts, out, tracker);
  return out;
}
