/**
 * Simulation checks of the SDM engine (no reference implementation exists): recovery of known
 * effects and family-wise calibration under the null. Shared by the tests (small grids) and
 * bench/sdm.bench.ts (the real mask, 200 null meta-analyses).
 */
import type { Mask } from "../mask";
import { createRng } from "../rng";
import { findClusters } from "./find-clusters";
import { fitSdm, type SdmResult } from "./fit-sdm";
import { DEFAULT_SDM_THRESHOLD, type SdmOptionsInput, type SdmThresholdOptions } from "./options";
import { type EffectSimulation, type NullSimulation, simulateEffectDataset, simulateNullDataset, type TrueEffect } from "./simulate";
import { maskedIndexAtMm } from "./space";

/** How one true effect was recovered. */
export interface RecoveredEffect {
  truth: TrueEffect;
  /** A significant cluster of the right sign contains the true location. */
  found: boolean;
  /** Distance (mm) from the truth to the z peak of that cluster (null when not found). */
  peakDistanceMm: number | null;
  /** Pooled g at the cluster's z peak, at its largest-effect voxel, and at the true location. */
  gAtPeak: number | null;
  gAtEffectPeak: number | null;
  gAtTruth: number;
  /** Studies that reported a peak near this effect (within 10 mm), of all studies. */
  reportingStudies: number;
}

/** Fits one simulated effect dataset and scores each true effect. */
export async function recoveryTrial(
  mask: Mask,
  seed: number,
  simulation: Partial<EffectSimulation> & { truth: TrueEffect[] },
  options: SdmOptionsInput,
): Promise<{ effects: RecoveredEffect[]; fit: SdmResult }> {
  const dataset = simulateEffectDataset(createRng(seed, 1_000_000), mask, simulation);
  const fit = await fitSdm(dataset, { mask, atlas: null, seed, ...options });
  const effects = simulation.truth.map((truth): RecoveredEffect => {
    const m = maskedIndexAtMm(fit.space, truth.mm);
    const label = m >= 0 ? fit.clusterLabels[m] : 0;
    const cluster = label > 0 ? fit.tables.clusters[label - 1] : undefined;
    const right = cluster && (cluster.sign === "positive") === truth.g > 0 ? cluster : undefined;
    const reportingStudies = dataset.experiments.filter((e) =>
      e.foci.some((f) => Math.hypot(f.mniMm[0] - truth.mm[0], f.mniMm[1] - truth.mm[1], f.mniMm[2] - truth.mm[2]) <= 10),
    ).length;
    return {
      truth,
      found: right !== undefined,
      peakDistanceMm: right ? Math.hypot(...right.peakMm.map((c, a) => c - truth.mm[a])) : null,
      gAtPeak: right ? right.pooled.estimate : null,
      gAtEffectPeak: right?.effectPeak ?? null,
      gAtTruth: m >= 0 ? fit.maps.effect[m] : Number.NaN,
      reportingStudies,
    };
  });
  return { effects, fit };
}

/** Outcome of one null meta-analysis under two thresholding rules. */
export interface NullOutcome {
  /** Any voxel with voxel-level FWE p ≤ alpha. */
  fweFalsePositive: boolean;
  /** Any cluster under SDM's uncorrected defaults (p ≤ 0.005, peak |z| ≥ 1, ≥ 10 voxels). */
  sdmDefaultFalsePositive: boolean;
  /** Fraction of voxels with uncorrected p ≤ the SDM voxel threshold. */
  voxelFalsePositiveRate: number;
}

/** Fits one null meta-analysis and records its false positives. */
export async function nullTrial(
  mask: Mask,
  seed: number,
  simulation: Partial<NullSimulation>,
  options: SdmOptionsInput,
  alpha = 0.05,
  sdmThreshold: SdmThresholdOptions = DEFAULT_SDM_THRESHOLD,
): Promise<NullOutcome> {
  const dataset = simulateNullDataset(createRng(seed, 2_000_000), mask, simulation);
  const fit = await fitSdm(dataset, { mask, atlas: null, seed, ...options });
  let fwe = false;
  let voxels = 0;
  for (let m = 0; m < fit.space.nMask; m++) {
    if (fit.maps.pFwe[m] <= alpha) fwe = true;
    if (fit.maps.p[m] <= sdmThreshold.voxelP) voxels++;
  }
  const sdm = findClusters(fit.space, fit.maps.z, fit.maps.p, sdmThreshold).length > 0;
  return { fweFalsePositive: fwe, sdmDefaultFalsePositive: sdm, voxelFalsePositiveRate: voxels / fit.space.nMask };
}

/** Wilson score interval of a proportion (95 % by default). */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): { rate: number; lower: number; upper: number } {
  if (n === 0) return { rate: Number.NaN, lower: 0, upper: 1 };
  const p = successes / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { rate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
