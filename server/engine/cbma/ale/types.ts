/**
 * Result and option types of the ALE engine.
 */
import type { LabelAtlas } from "../atlas";
import type { Grid } from "../grid";
import type { Mask } from "../mask";
import type { CoordinateDataset } from "../types";
import type { AleKernel } from "./kernel";
import type { ExperimentMa } from "./modeled-activation";
import type { AleNull } from "./null-approximate";

/** Options of `fitAle`. */
export interface AleOptions {
  /** Analysis mask on the MNI 2 mm grid; null = the shipped default mask (`data/atlas/`). */
  mask: Mask | null;
  /** Fixed kernel FWHM in mm for every experiment; null = sample-size based (NiMARE default). */
  fwhmMm: number | null;
  /** One sample size for every experiment (NiMARE `kernel__sample_size`); null = per experiment. */
  sampleSize: number | null;
  /** Uncorrected voxel p that defines clusters (NiMARE `voxel_thresh`). */
  clusterFormingP: number;
  /** Label atlas for the cluster table; null = the shipped AAL atlas, false = no labels. */
  atlas: LabelAtlas | null | false;
}

/** Defaults of `fitAle`, as NiMARE's `ALE()` and `FWECorrector(voxel_thresh=0.001)`. */
export const DEFAULT_ALE_OPTIONS: AleOptions = Object.freeze({
  mask: null,
  fwhmMm: null,
  sampleSize: null,
  clusterFormingP: 0.001,
  atlas: null,
});

/** Progress report of a long computation. */
export interface Progress {
  /** Fraction done, 0…1. */
  fraction: number;
  /** Iterations (or runs) done and total. */
  done: number;
  total: number;
  /** Seconds elapsed and estimated seconds remaining (null until measurable). */
  elapsedS: number;
  etaS: number | null;
  /** What is running, e.g. "monte-carlo". */
  stage: string;
}

/** Options of `correctFwe` (Monte Carlo, cbma.md A7). */
export interface FweOptions {
  /** Number of Monte Carlo iterations (0 skips). */
  iterations: number;
  /** Random seed; iteration t uses stream (seed, t). */
  seed: number;
  /** Worker threads; 0 runs in the calling thread. */
  threads: number;
  /** Cluster-level FWE alpha used for the thresholded map and `significant` flags. */
  alpha: number;
  /** Called at most every `progressIntervalMs`. */
  onProgress?: (p: Progress) => void;
  progressIntervalMs: number;
  /** Cancels the run (the promise rejects with an AbortError). */
  signal?: AbortSignal;
  /** Worker entry file; default `server/engine/cbma/ale/monte-carlo-worker.mjs` under `process.cwd()`. */
  workerFile?: string;
}

/** Defaults of `correctFwe` (cbma.md Part C: 10 000 iterations, seed 1). */
export const DEFAULT_FWE_OPTIONS: FweOptions = Object.freeze({
  iterations: 10_000,
  seed: 1,
  threads: 2,
  alpha: 0.05,
  progressIntervalMs: 250,
});

/** Per-iteration maxima of the Monte Carlo null (NiMARE `null_distributions_`). */
export interface MonteCarloNull {
  nIterations: number;
  seed: number;
  maxAle: Float64Array;
  maxClusterSizeVoxels: Float64Array;
  maxClusterMass: Float64Array;
}

/** One peak row of the cluster table. */
export interface AlePeak {
  mm: [number, number, number];
  ijk: [number, number, number];
  ale: number;
  z: number;
  label: string | null;
}

/** An experiment's part in a cluster. */
export interface ClusterContribution {
  experimentId: string;
  studyLabel: string;
  /** Foci of the experiment inside the cluster. */
  fociInCluster: number;
  /**
   * NiMARE-Jackknife style share: 1 − Σ_cluster ALE(without the experiment) / Σ_cluster ALE.
   */
  contribution: number;
}

/** One row of the ALE cluster table. */
export interface AleCluster {
  id: number;
  sizeVoxels: number;
  volumeMm3: number;
  /** Σ(ALE − threshold) over the cluster. */
  mass: number;
  centerOfMassMm: [number, number, number];
  peaks: AlePeak[];
  /** Anatomical label at the main peak. */
  label: string | null;
  /** Cluster-size / cluster-mass FWE p (null before `correctFwe`). */
  pFweSize: number | null;
  pFweMass: number | null;
  /** Cluster-size FWE p < alpha (null before `correctFwe`). */
  significant: boolean | null;
  /** Experiments that contribute ≥ 1 % of the cluster's ALE or have a focus inside it. */
  contributions: ClusterContribution[];
  /** Leave-one-experiment-out survival fraction (null until `jackknifeAle`). */
  jackknifeSurvival: number | null;
}

/** State kept with a result so that it can be corrected or re-analysed (typed arrays; not JSON). */
export interface AleModel {
  dataset: CoordinateDataset;
  /** Resolved options of the fit (mask and atlas resolved to objects). */
  options: AleOptions;
  grid: Grid;
  mask: Mask;
  kernels: AleKernel[];
  /** Index into `kernels` per experiment. */
  experimentKernel: Int32Array;
  fociIjk: [number, number, number][][];
  mas: ExperimentMa[];
  nullDistribution: AleNull;
  /** ALE value above which (strictly) voxels form clusters. */
  clusterThresholdAle: number;
  /** Cluster number per voxel (clusters in `tables.clusters` order), 0 = none. */
  clusterLabels: Int32Array;
  atlas: LabelAtlas | null;
  monteCarlo: MonteCarloNull | null;
}

/** Maps of an ALE result, full grid, NIfTI order. Names follow NiMARE. */
export type AleMaps = Record<string, Float32Array>;

/** What `fitAle` and the correctors return. */
export interface AleResult {
  maps: AleMaps;
  tables: { clusters: AleCluster[]; experiments: AleExperimentRow[] };
  params: Record<string, unknown>;
  provenance: Record<string, unknown>;
  warnings: string[];
  model: AleModel;
}

/** Per-experiment summary of the inputs used. */
export interface AleExperimentRow {
  id: string;
  studyLabel: string;
  sampleSize: number | null;
  nFoci: number;
  fwhmMm: number;
  /** Foci whose voxel is outside the mask (they still contribute, as NiMARE). */
  fociOutsideMask: number;
}
