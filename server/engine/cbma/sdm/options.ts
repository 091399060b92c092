/**
 * Options of the SDM engine with their exported defaults (the seed papers' settings:
 * FWHM 20 mm, voxel p < 0.005, peak |z| ≥ 1, clusters ≥ 10 voxels; 1,000 permutations, seed 1).
 */
import { availableParallelism } from "node:os";
import type { LabelAtlas } from "../atlas";
import type { Mask } from "../mask";
import { DEFAULT_KERNEL_OPTIONS, type KernelOptions } from "./kernel";
import { DEFAULT_Z_HISTOGRAM, type ZHistogramSpec } from "./permutation";
import type { PermutationProgress } from "./permutation-pool";
import type { Tau2Method } from "./random-effects";
import type { StudyMapMode } from "./study-values";

/** Which p value the voxel threshold applies to. */
export type SdmCorrection = "uncorrected" | "fwe-voxel";

/** Thresholds of the cluster report (cbma.md B6). */
export interface SdmThresholdOptions {
  /** Voxels must have p ≤ voxelP (two-tailed; the p chosen by `correction`). */
  voxelP: number;
  correction: SdmCorrection;
  /** A cluster is reported only if its peak has |z| ≥ peakZ ("peak height"). */
  peakZ: number;
  /** A cluster must have at least this many voxels (6-connectivity). */
  minClusterVoxels: number;
}

/** SDM's defaults: uncorrected p ≤ 0.005, peak |z| ≥ 1, extent ≥ 10 voxels. */
export const DEFAULT_SDM_THRESHOLD: SdmThresholdOptions = Object.freeze({
  voxelP: 0.005,
  correction: "uncorrected",
  peakZ: 1,
  minClusterVoxels: 10,
});

/** Options of `fitSdm`. */
export interface SdmOptions {
  kernel: KernelOptions;
  /** τ² estimator of the voxel-wise random-effects model (REML is several times slower). */
  tau2Method: Tau2Method;
  /** Study maps: kernel estimate (default) or the lower/upper bound maps for sensitivity analyses. */
  studyMap: StudyMapMode;
  /** Peaks with |t| above this are capped. */
  maxAbsT: number;
  /** Number of permutations of the null (0 skips: no p maps, no clusters). */
  permutations: number;
  seed: number;
  /** Worker threads for the permutations (0: run in the calling thread). */
  threads: number;
  threshold: SdmThresholdOptions;
  histogram: ZHistogramSpec;
  /** Analysis mask; default: the shipped 2 mm brain mask. */
  mask?: Mask;
  /** Atlas for cluster labels; default: the shipped AAL atlas when present; null: no labels. */
  atlas?: LabelAtlas | null;
  onProgress?: (progress: PermutationProgress) => void;
  signal?: AbortSignal;
}

/** Default number of threads: 2 at most (the machines running Concord have 2 cores). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/** Defaults of `fitSdm` (mask, atlas and callbacks are resolved at run time). */
export const DEFAULT_SDM_OPTIONS: Readonly<Omit<SdmOptions, "mask" | "atlas" | "onProgress" | "signal" | "threads">> = Object.freeze({
  kernel: DEFAULT_KERNEL_OPTIONS,
  tau2Method: "DL",
  studyMap: "estimate",
  maxAbsT: 50,
  permutations: 1000,
  seed: 1,
  threshold: DEFAULT_SDM_THRESHOLD,
  histogram: DEFAULT_Z_HISTOGRAM,
});

/** Caller options merged over the defaults (nested objects merged too). */
export type SdmOptionsInput = Partial<Omit<SdmOptions, "kernel" | "threshold">> & {
  kernel?: Partial<KernelOptions>;
  threshold?: Partial<SdmThresholdOptions>;
};

/** Resolves caller options against the defaults. */
export function resolveSdmOptions(input: SdmOptionsInput = {}): SdmOptions {
  const o: SdmOptions = {
    ...DEFAULT_SDM_OPTIONS,
    threads: defaultThreads(),
    ...input,
    kernel: { ...DEFAULT_SDM_OPTIONS.kernel, ...input.kernel },
    threshold: { ...DEFAULT_SDM_OPTIONS.threshold, ...input.threshold },
    histogram: { ...DEFAULT_SDM_OPTIONS.histogram, ...input.histogram },
  };
  if (!(o.threshold.voxelP > 0 && o.threshold.voxelP <= 1)) throw new Error(`threshold.voxelP must be in (0, 1], got ${o.threshold.voxelP}`);
  if (!(o.threshold.minClusterVoxels >= 1)) throw new Error(`threshold.minClusterVoxels must be ≥ 1, got ${o.threshold.minClusterVoxels}`);
  if (!Number.isSafeInteger(o.seed)) throw new Error(`seed must be an integer, got ${o.seed}`);
  return o;
}
