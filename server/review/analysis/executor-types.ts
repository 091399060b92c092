import type { AnalysisKind } from "@/db/schema";
import type { RunOutput } from "./run-lifecycle";

export interface ExecutorProgress {
  fraction: number;
  message: string;
  etaSeconds?: number | null;
}

/** What an executor gets: the locked snapshot's canonical JSON, the run's choices, and controls. */
export interface ExecutorInput {
  snapshotJson: string;
  filter: Record<string, unknown>;
  parameters: Record<string, unknown>;
  seed: number;
  signal: AbortSignal;
  onProgress: (p: ExecutorProgress) => void;
}

export interface ExecutorResult {
  outputs: RunOutput[];
  /** Small, display-ready facts (cluster count, pooled estimate…) shown in run lists and the report. */
  summary: Record<string, unknown>;
  timings: Record<string, number>;
}

export type Executor = (input: ExecutorInput) => Promise<ExecutorResult>;

/** The kinds this version can run; the start form offers only these. */
export const availableKinds: readonly AnalysisKind[] = ["ale", "ale_contrast", "ale_conjunction", "sdm", "effects"];

/** Executors load lazily so the web process does not pull every engine in at start-up. */
export async function executorFor(kind: AnalysisKind): Promise<Executor> {
  switch (kind) {
    case "ale":
      return (await import("./executors/ale")).runAle;
    case "ale_contrast":
    case "ale_conjunction":
      return (await import("./executors/ale-contrast")).runAleContrast(kind);
    case "sdm":
      return (await import("./executors/sdm")).runSdm;
    case "effects":
      return (await import("./executors/effects")).runEffects;
    default:
      throw new Error(`Analyses of kind "${kind}" are not available in this version of Concord.`);
  }
}
