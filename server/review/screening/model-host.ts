import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import { workerEntry, type WorkerThreadOptions } from "@/server/review/worker-thread";
import { ModelCore, type ModelRecord, type TrainResult } from "./model-core";

type Op = "add" | "build" | "train" | "close";

/**
 * When the screening model runs in the worker thread: pools of at least `minRecords` records; in
 * smaller ones vectorising and retraining take a few ms to ~100 ms in-process.
 */
export type ModelWorkerOptions = WorkerThreadOptions;

export const defaultModelWorkerOptions: ModelWorkerOptions = {
  minRecords: 1_000,
  workerPath: workerEntry("server", "review", "screening", "model-worker.mjs"),
};

/** Process-wide settings (tests lower `minRecords` to exercise the worker on small pools). */
export const modelWorkerOptions: ModelWorkerOptions = { ...defaultModelWorkerOptions };

/**
 * A project's screening model behind an async API. Large pools live in ONE worker thread shared by
 * all projects (model-worker.mjs), so vectorising 20,000 records (seconds) and retraining never
 * stall the event loop that serves requests. Small pools, or any pool when the worker cannot start,
 * use the same {@link ModelCore} in-process: identical, deterministic results either way.
 */
export class ModelHost {
  private readonly key = randomUUID();
  private local: ModelCore | null = null;
  private readonly channel: Promise<WorkerChannel | null>;

  constructor(records: number) {
    this.channel = records >= modelWorkerOptions.minRecords ? sharedChannel() : Promise.resolve(null);
  }

  add(records: ModelRecord[]): Promise<void> {
    return this.call("add", [records]) as Promise<void>;
  }

  build(): Promise<{ ids: string[]; corpusBuildMs: number; method: string }> {
    return this.call("build", []) as Promise<{ ids: string[]; corpusBuildMs: number; method: string }>;
  }

  train(labels: { recordId: string; label: 0 | 1 }[], opts: { rebuild: boolean; estimate: boolean }): Promise<TrainResult> {
    return this.call("train", [labels, opts]) as Promise<TrainResult>;
  }

  /** True when this model runs in the worker thread. */
  async inWorker(): Promise<boolean> {
    return (await this.channel) !== null;
  }

  /** Frees the model (the project's pool changed, or the cache dropped it). */
  close(): void {
    this.local = null;
    void this.channel.then((c) => c?.call(this.key, "close", []), () => undefined).catch(() => undefined);
  }

  private async call(op: Op, args: unknown[]): Promise<unknown> {
    const channel = await this.channel;
    if (channel) return channel.call(this.key, op, args);
    const local = this.local ?? (this.local = new ModelCore());
    return (local[op as Exclude<Op, "close">] as (...a: unknown[]) => unknown)(...args);
  }
}

/** Request/response over the shared worker; the worker is referenced only while a call is pending. */
class WorkerChannel {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly worker: Worker) {
    worker.on("message", (msg: { id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id!);
      if (this.pending.size === 0) worker.unref();
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(`screening model worker: ${msg.error}`));
    });
    const fail = (error: Error) => {
      shared = null;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`screening model worker exited (code ${code})`)));
  }

  call(key: string, op: Op, args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, key, op, args });
    });
  }
}

let shared: Promise<WorkerChannel | null> | null = null;

/** Starts the shared worker on first use; resolves to null (in-process fallback) if it cannot start. */
function sharedChannel(): Promise<WorkerChannel | null> {
  shared ??= new Promise<WorkerChannel | null>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(modelWorkerOptions.workerPath);
    } catch {
      return resolve(null);
    }
    worker.unref();
    const onError = () => resolve(null);
    worker.once("error", onError);
    worker.once("exit", onError);
    worker.once("message", (msg: { ready?: boolean }) => {
      if (!msg.ready) return resolve(null);
      worker.off("error", onError);
      worker.off("exit", onError);
      resolve(new WorkerChannel(worker));
    });
  });
  return shared;
}
