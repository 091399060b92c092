/**
 * The cluster table: for each significant cluster its size, peak, pooled g with CI and
 * heterogeneity at the peak, anatomical label, the per-study effects at the peak (for forest and
 * funnel plots) and Egger's test on them (cbma.md B6–B7).
 */
import { type LabelAtlas, labelAtMm } from "../atlas";
import { eggerTest, type EggerTest } from "./egger";
import type { FoundCluster } from "./find-clusters";
import { recreatedValueAt, type VoxelKernel } from "./kernel";
import type { PreparedStudy } from "./prepare";
import { type PooledEffect, randomEffects, type Tau2Method } from "./random-effects";
import { mapValue, type StudyVoxelModel, variance } from "./study-values";

/** One study's effect at a cluster peak. */
export interface StudyAtPeak {
  id: string;
  label: string;
  /** Hedges' g of the study map at the peak. */
  g: number;
  variance: number;
  se: number;
  /** Random-effects weight in percent. */
  weightPercent: number;
  /** False when the study map holds its null (baseline) value at the peak. */
  contributes: boolean;
  nPatients: number;
  nControls: number | null;
  attributes: Record<string, string | number | null>;
}

/** A row of the cluster table. */
export interface SdmCluster {
  /** 1-based: positive clusters first (largest first), then negative ones. */
  id: number;
  sign: "positive" | "negative";
  sizeVoxels: number;
  volumeMm3: number;
  peakMm: [number, number, number];
  peakZ: number;
  /** Uncorrected two-tailed permutation p at the peak. */
  peakP: number;
  /** Voxel-level FWE p at the peak. */
  peakPFwe: number;
  /** Random-effects pooling at the peak (effect in Hedges' g). */
  pooled: PooledEffect;
  /** Voxel of the cluster with the largest pooled |g| (the z peak can sit off it where heterogeneity is high). */
  effectPeakMm: [number, number, number] | null;
  effectPeak: number | null;
  label: string | null;
  labelDistanceMm: number | null;
  centerOfMassMm: [number, number, number];
  subPeaks: { mm: [number, number, number]; z: number }[];
  /** Ids of the studies whose maps are not null at the peak. */
  contributingStudies: string[];
  studies: StudyAtPeak[];
  egger: EggerTest | { k: number; reason: string };
}

/** Per-study effects at an MNI position (from the peaks directly, no maps needed). */
export function studiesAt(
  mm: readonly [number, number, number],
  studies: readonly PreparedStudy[],
  models: readonly StudyVoxelModel[],
  kernel: VoxelKernel,
): { y: Float64Array; v: Float64Array; contributes: boolean[] } {
  const y = new Float64Array(studies.length);
  const v = new Float64Array(studies.length);
  const contributes = studies.map((study, s) => {
    y[s] = mapValue(models[s], recreatedValueAt(kernel, study.peaks, mm));
    v[s] = variance(models[s], y[s]);
    return y[s] !== models[s].baselineY;
  });
  return { y, v, contributes };
}

/** Builds the table rows of the found clusters. */
export function reportClusters(
  found: readonly FoundCluster[],
  ctx: {
    studies: readonly PreparedStudy[];
    models: readonly StudyVoxelModel[];
    kernel: VoxelKernel;
    tau2Method: Tau2Method;
    atlas: LabelAtlas | null;
    pAt: (masked: number) => number;
    pFweAt: (masked: number) => number;
  },
): SdmCluster[] {
  return found.map((c, index): SdmCluster => {
    const { y, v, contributes } = studiesAt(c.peakMm, ctx.studies, ctx.models, ctx.kernel);
    const pooled = randomEffects(y, v, { method: ctx.tau2Method });
    const weights = Array.from(v, (vi) => 1 / (vi + pooled.tau2));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const se = Array.from(v, Math.sqrt);
    const label = ctx.atlas ? labelAtMm(ctx.atlas, c.peakMm) : null;
    return {
      id: index + 1,
      sign: c.sign > 0 ? "positive" : "negative",
      sizeVoxels: c.sizeVoxels,
      volumeMm3: c.volumeMm3,
      peakMm: c.peakMm,
      peakZ: c.peakZ,
      peakP: ctx.pAt(c.peakMasked),
      peakPFwe: ctx.pFweAt(c.peakMasked),
      pooled,
      effectPeakMm: c.effectPeakMm,
      effectPeak: c.effectPeak,
      label: label?.name ?? null,
      labelDistanceMm: label?.distanceMm ?? null,
      centerOfMassMm: c.centerOfMassMm,
      subPeaks: c.subPeaks,
      contributingStudies: ctx.studies.filter((_, s) => contributes[s]).map((s) => s.id),
      studies: ctx.studies.map((study, s) => ({
        id: study.id,
        label: study.label,
        g: y[s],
        variance: v[s],
        se: se[s],
        weightPercent: (100 * weights[s]) / totalWeight,
        contributes: contributes[s],
        nPatients: study.nPatients,
        nControls: study.nControls,
        attributes: study.attributes,
      })),
      egger: eggerTest(y, se),
    };
  });
}
