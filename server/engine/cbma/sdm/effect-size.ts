/**
 * Peak statistics → t → Hedges' g and its variance (cbma.md B1–B2).
 *
 * Two-group designs (patients vs controls): df = n1 + n2 − 2, d = t·√(1/n1 + 1/n2).
 * One-group designs (nControls null): df = n − 1, d = t/√n.
 * Small-sample correction J = 1 − 3/(4·df − 1), g = J·d.
 * Variance v = 1/n1 + 1/n2 + g²/(2(n1 + n2)) (two groups) or 1/n + g²/(2n) (one group).
 */
import { phi, tInverse } from "./distributions";
import type { PeakStatistic, StudyThreshold } from "./types";

/** Sample sizes of one study, reduced to what the formulas need. */
export interface StudyDesign {
  /** Degrees of freedom of the study's t test. */
  df: number;
  /** √(1/n1 + 1/n2) (two groups) or √(1/n) (one group): multiplies t to give d. */
  tToD: number;
  /** Hedges' small-sample correction J. */
  j: number;
  /** Variance of g at g = 0: 1/n1 + 1/n2 or 1/n. */
  baseVariance: number;
  /** 1 / (2·N) with N = n1 + n2 or n: v(g) = baseVariance + g²·halfInvN. */
  halfInvN: number;
}

/**
 * Degrees of freedom and constants of a study.
 * @throws when sample sizes are not positive integers or df < 1.
 */
export function studyDesign(nPatients: number, nControls: number | null, where = "study"): StudyDesign {
  const checkN = (n: number, field: string) => {
    if (!Number.isFinite(n) || n < 1) throw new Error(`${where}: ${field} must be a positive number, got ${n}`);
  };
  checkN(nPatients, "nPatients");
  if (nControls !== null) checkN(nControls, "nControls");
  const twoGroups = nControls !== null;
  const nTotal = twoGroups ? nPatients + nControls : nPatients;
  const df = twoGroups ? nTotal - 2 : nTotal - 1;
  if (df < 1) throw new Error(`${where}: degrees of freedom must be ≥ 1 (n1=${nPatients}, n2=${nControls})`);
  const baseVariance = twoGroups ? 1 / nPatients + 1 / nControls : 1 / nPatients;
  return {
    df,
    tToD: Math.sqrt(baseVariance),
    j: 1 - 3 / (4 * df - 1),
    baseVariance,
    halfInvN: 1 / (2 * nTotal),
  };
}

/**
 * Converts a statistic magnitude to |t| with `df` degrees of freedom.
 * z → t = T⁻¹_df(Φ(z)); one-tailed p → t = T⁻¹_df(1 − p). Both evaluated on the lower tail
 * (−T⁻¹_df(Φ(−z)), −T⁻¹_df(p)) to stay accurate for large statistics.
 */
export function statisticToT(statistic: Exclude<PeakStatistic, "none">, value: number, df: number): number {
  switch (statistic) {
    case "t":
      return value;
    case "z":
      return value >= 0 ? -tInverse(phi(-value), df) : tInverse(phi(value), df);
    case "p":
      if (!(value > 0 && value < 1)) throw new RangeError(`p must be in (0, 1), got ${value}`);
      return -tInverse(value, df);
  }
}

/** |t| of a study's threshold. */
export function thresholdToT(threshold: StudyThreshold, df: number): number {
  return Math.abs(statisticToT(threshold.statistic, threshold.value, df));
}

/** Hedges' g of a signed t. */
export function tToHedgesG(t: number, design: StudyDesign): number {
  return design.j * design.tToD * t;
}

/** Sampling variance of Hedges' g at effect g. */
export function hedgesGVariance(g: number, design: StudyDesign): number {
  return design.baseVariance + g * g * design.halfInvN;
}
