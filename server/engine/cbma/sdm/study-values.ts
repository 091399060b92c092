/**
 * Which effect a study map carries at each voxel, and its sampling variance.
 *
 * - `estimate` (cbma.md B3, default): the kernel-recreated g near peaks, 0 (null) elsewhere.
 * - `lower-bound` / `upper-bound`: the most extreme effects the study's report allows, for
 *   sensitivity analyses. Voxels whose recreated |g| reaches the study's threshold (inside a
 *   reported blob) keep the recreated value; every other voxel was, by the report, not significant,
 *   so its effect lies in (−g_thr, +g_thr) and takes −g_thr (lower) or +g_thr (upper).
 *   The `estimate` map is the midpoint of the two bounds wherever no peak is near.
 */
import type { StudyDesign } from "./effect-size";
import type { StudyMapBuilder } from "./kernel";

/** Kind of study map. */
export type StudyMapMode = "estimate" | "lower-bound" | "upper-bound";

/** What the voxel-wise code needs to know about one study. */
export interface StudyVoxelModel {
  baseVariance: number;
  halfInvN: number;
  /** Effect of voxels with no reported effect nearby. */
  baselineY: number;
  /** |g| of the study threshold (bound modes). */
  thresholdG: number;
  mode: StudyMapMode;
}

/** Builds the voxel model of a study. */
export function studyVoxelModel(design: StudyDesign, thresholdG: number, mode: StudyMapMode): StudyVoxelModel {
  const baselineY = mode === "estimate" ? 0 : mode === "lower-bound" ? -thresholdG : thresholdG;
  return { baseVariance: design.baseVariance, halfInvN: design.halfInvN, baselineY, thresholdG, mode };
}

/** Effect a study map holds at a voxel whose recreated value is `recreated`. */
export function mapValue(model: StudyVoxelModel, recreated: number): number {
  if (model.mode === "estimate") return recreated;
  return Math.abs(recreated) >= model.thresholdG ? recreated : model.baselineY;
}

/** Sampling variance at effect y. */
export function variance(model: StudyVoxelModel, y: number): number {
  return model.baseVariance + y * y * model.halfInvN;
}

/**
 * Calls `emit(m, y)` for each voxel of the builder whose map value differs from the baseline,
 * then clears the builder.
 */
export function drainStudyMap(model: StudyVoxelModel, builder: StudyMapBuilder, emit: (m: number, y: number) => void): void {
  const { touched, value, count } = builder;
  for (let t = 0; t < count; t++) {
    const m = touched[t];
    const y = mapValue(model, value[m]);
    if (y !== model.baselineY) emit(m, y);
  }
  builder.clear();
}
