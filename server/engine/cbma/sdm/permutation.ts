/**
 * One permutation of the SDM null (cbma.md B5): every peak is relocated to a voxel drawn
 * uniformly from the mask (keeping its study and its effect), the study maps are recreated and the
 * voxel-wise statistic recomputed. The pooled |z| of all voxels goes into a histogram (uncorrected
 * p) and the map's maximum |z| is kept (voxel-level FWE).
 *
 * Iteration t draws from `createRng(seed, t)`, so a permutation's result does not depend on which
 * thread runs it. A `PermutationPlan` is plain data: it is posted to worker threads as is.
 */
import type { Grid } from "../grid";
import { maskFromArray } from "../mask";
import { createRng } from "../rng";
import { type KernelOptions, StudyMapBuilder, buildVoxelKernel, stampAtVoxel, type VoxelKernel } from "./kernel";
import type { Tau2Method } from "./random-effects";
import { createSpace, type SdmSpace } from "./space";
import type { StudyVoxelModel } from "./study-values";
import { VoxelwiseMetaRegression } from "./voxelwise-meta-regression";
import { VoxelwiseRandomEffects } from "./voxelwise-random-effects";
import { VoxelwiseReml } from "./voxelwise-reml";

/** The voxel-wise statistic whose null is built. */
export type PermutedStatistic = { kind: "mean"; method: Tau2Method } | { kind: "slope"; moderator: number[] };

/** Histogram of pooled |z| values: bin b holds |z| in [b·width, (b+1)·width); the last bin is open. */
export interface ZHistogramSpec {
  binWidth: number;
  bins: number;
}

/** |z| bins of 0.001 up to 50: p resolution far finer than any threshold in use. */
export const DEFAULT_Z_HISTOGRAM: ZHistogramSpec = Object.freeze({ binWidth: 0.001, bins: 50_000 });

/** Everything a thread needs to run permutations. */
export interface PermutationPlan {
  grid: Grid;
  /** Flat indices of the in-mask voxels (ascending). */
  maskIndices: Int32Array;
  kernel: KernelOptions;
  models: StudyVoxelModel[];
  /** Peak effects (g) of all studies, concatenated; study s owns [peakStart[s], peakStart[s+1]). */
  peakG: Float64Array;
  peakStart: Int32Array;
  statistic: PermutedStatistic;
  seed: number;
  histogram: ZHistogramSpec;
}

/** The voxel-wise statistics share this interface. */
export interface VoxelwiseStatistic {
  begin(): void;
  /** Optional fast path: add a peak without a study map (then `endStudy`), instead of `addStudy`. */
  addPeak?(s: number, space: SdmSpace, kernel: VoxelKernel, i: number, j: number, k: number, g: number): void;
  endStudy?(s: number): void;
  addStudy(s: number, builder: StudyMapBuilder): void;
  finish(z: Float32Array): number;
}

/** Creates the statistic of a plan on a space. */
export function createStatistic(statistic: PermutedStatistic, nMask: number, models: StudyVoxelModel[]): VoxelwiseStatistic {
  if (statistic.kind === "slope") return new VoxelwiseMetaRegression(nMask, models, statistic.moderator);
  return statistic.method === "REML" ? new VoxelwiseReml(nMask, models) : new VoxelwiseRandomEffects(nMask, models);
}

/** Reusable state of one thread running permutations of one plan. */
export class PermutationRunner {
  readonly plan: PermutationPlan;
  readonly space: SdmSpace;
  readonly kernel: VoxelKernel;
  readonly histogram: Float64Array;
  private readonly statistic: VoxelwiseStatistic;
  private readonly builder: StudyMapBuilder;
  private readonly z: Float32Array;
  /** Voxel (i, j, k) of each relocated peak of the current permutation. */
  private readonly positions: Int32Array;

  constructor(plan: PermutationPlan) {
    this.plan = plan;
    const data = new Uint8Array(plan.grid.dims[0] * plan.grid.dims[1] * plan.grid.dims[2]);
    for (const v of plan.maskIndices) data[v] = 1;
    this.space = createSpace(maskFromArray(plan.grid, data, "permutation mask"));
    this.kernel = buildVoxelKernel(plan.grid, plan.kernel);
    this.statistic = createStatistic(plan.statistic, this.space.nMask, plan.models);
    this.builder = new StudyMapBuilder(this.space.nMask);
    this.z = new Float32Array(this.space.nMask);
    this.histogram = new Float64Array(plan.histogram.bins);
    this.positions = new Int32Array(3 * plan.peakG.length);
  }

  /** The z map of the last `run` (masked index; overwritten by the next run). */
  get lastZ(): Float32Array {
    return this.z;
  }

  /** Runs iteration t; adds its |z| to the histogram; returns its maximum |z|. */
  run(t: number): number {
    const { plan, space, kernel, builder, statistic } = this;
    const rng = createRng(plan.seed, t);
    const [nx, ny] = plan.grid.dims;
    const indices = space.mask.indices;
    const n = space.nMask;
    const at = this.positions;
    statistic.begin();
    for (let s = 0; s < plan.models.length; s++) {
      const first = plan.peakStart[s];
      const last = plan.peakStart[s + 1];
      for (let p = first; p < last; p++) {
        const v = indices[rng.nextInt(n)];
        const i = v % nx;
        const j = ((v - i) / nx) % ny;
        at[3 * p] = i;
        at[3 * p + 1] = j;
        at[3 * p + 2] = (v - i - nx * j) / (nx * ny);
      }
      if (statistic.addPeak && statistic.endStudy) {
        for (let p = first; p < last; p++) statistic.addPeak(s, space, kernel, at[3 * p], at[3 * p + 1], at[3 * p + 2], plan.peakG[p]);
        statistic.endStudy(s);
        continue;
      }
      for (let p = first; p < last; p++) stampAtVoxel(space, kernel, at[3 * p], at[3 * p + 1], at[3 * p + 2], plan.peakG[p], builder);
      statistic.addStudy(s, builder);
    }
    const maxAbs = statistic.finish(this.z);
    addToHistogram(this.histogram, plan.histogram, this.z);
    return maxAbs;
  }
}

/** Adds the |z| of a map to a histogram. */
export function addToHistogram(histogram: Float64Array, spec: ZHistogramSpec, z: ArrayLike<number>): void {
  const inv = 1 / spec.binWidth;
  const last = spec.bins - 1;
  for (let m = 0; m < z.length; m++) {
    const a = z[m] < 0 ? -z[m] : z[m];
    const b = Math.floor(a * inv);
    histogram[b > last ? last : b]++;
  }
}
