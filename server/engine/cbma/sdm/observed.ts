/**
 * The observed study maps (peaks at their reported positions) and the permutation plan built
 * from the same studies.
 */
import { type KernelOptions, StudyMapBuilder, stampAtMm, type VoxelKernel } from "./kernel";
import type { PermutationPlan, PermutedStatistic, VoxelwiseStatistic, ZHistogramSpec } from "./permutation";
import type { PreparedStudy } from "./prepare";
import type { SdmSpace } from "./space";
import type { StudyVoxelModel } from "./study-values";

/** Recreates every study's map at its reported peaks and feeds it to `statistic` (begin … addStudy). */
export function feedObservedStudies(
  space: SdmSpace,
  kernel: VoxelKernel,
  studies: readonly PreparedStudy[],
  statistic: VoxelwiseStatistic,
): void {
  const builder = new StudyMapBuilder(space.nMask);
  statistic.begin();
  studies.forEach((study, s) => {
    for (const peak of study.peaks) stampAtMm(space, kernel, peak.mm, peak.g, builder);
    statistic.addStudy(s, builder);
  });
}

/** Builds the plain-data plan that worker threads receive. */
export function buildPlan(
  space: SdmSpace,
  kernel: KernelOptions,
  studies: readonly PreparedStudy[],
  models: StudyVoxelModel[],
  statistic: PermutedStatistic,
  seed: number,
  histogram: ZHistogramSpec,
): PermutationPlan {
  const peakStart = new Int32Array(studies.length + 1);
  studies.forEach((s, i) => (peakStart[i + 1] = peakStart[i] + s.peaks.length));
  const peakG = new Float64Array(peakStart[studies.length]);
  studies.forEach((s, i) => s.peaks.forEach((p, j) => (peakG[peakStart[i] + j] = p.g)));
  return {
    grid: space.grid,
    maskIndices: space.mask.indices,
    kernel: { ...kernel },
    models: models.map((m) => ({ ...m })),
    peakG,
    peakStart,
    statistic,
    seed,
    histogram: { ...histogram },
  };
}
