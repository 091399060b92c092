/**
 * Input types of the SDM engine.
 *
 * They extend the shared `CoordinateDataset` types (`../types.ts`) so that an SDM dataset is also a
 * valid coordinate dataset (ALE can run on it, the same readers/exporters apply); SDM adds the two
 * group sizes, the sign and statistic of each peak, the study's threshold and the null-study flag.
 */
import type { CoordinateDataset, Experiment, Focus } from "../types";

/** What a reported peak value is. `none`: the paper gave the location only. */
export type PeakStatistic = "t" | "z" | "p" | "none";

/** One reported peak of a between-group (or one-group) difference. */
export interface SdmFocus extends Focus {
  /** +1: patients > controls (increase); −1: patients < controls (decrease). */
  sign: 1 | -1;
  /** Kind of `value`. */
  statistic: PeakStatistic;
  /**
   * Magnitude of the statistic (|t| or |z|; the sign lives in `sign`), or the one-tailed p for
   * `statistic: "p"`; `null` for `statistic: "none"`.
   */
  value: number | null;
}

/** The voxel-level threshold a study applied to its whole brain (SDM's inclusion rule). */
export interface StudyThreshold {
  statistic: "t" | "z" | "p";
  /** |t|, |z| or the one-tailed p. */
  value: number;
  /** Whether the threshold was corrected for multiple comparisons (recorded, not used). */
  corrected?: boolean | null;
}

/**
 * One study (contrast) of an SDM meta-analysis. `attributes` carries numeric moderators (age,
 * illness duration, pain score) and categorical subgroup labels (e.g. `modality: "ReHo"`).
 */
export interface SdmExperiment extends Experiment {
  foci: SdmFocus[];
  /** Patients (group 1); for one-group designs the only group. */
  nPatients: number;
  /** Controls (group 2); `null` for a one-group design. */
  nControls: number | null;
  /** The study's threshold; `null` when unknown (the lowest reported peak is used, flagged). */
  threshold: StudyThreshold | null;
  /** The study reported no significant difference: an all-null map that still counts. */
  nullStudy: boolean;
}

/** A set of SDM studies. Structurally also a `CoordinateDataset`. */
export interface SdmDataset extends CoordinateDataset {
  experiments: SdmExperiment[];
}
