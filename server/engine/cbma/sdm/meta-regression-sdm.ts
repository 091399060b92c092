/**
 * Voxel-wise meta-regression of the study maps on one study-level moderator (cbma.md B7): slope
 * z map (weighted least squares with method-of-moments τ²), its permutation null (peaks relocated
 * as for the main analysis), clusters of significant slope, and the slope at the peaks of the main
 * analysis' clusters. Studies without a numeric value of the moderator are left out (reported).
 */
import { type LabelAtlas, labelAtMm } from "../atlas";
import { loadDefaultMask } from "../mask";
import { studiesAt } from "./cluster-report";
import { findClusters } from "./find-clusters";
import type { SdmResult } from "./fit-sdm";
import { buildVoxelKernel } from "./kernel";
import { type MetaRegressionFit, metaRegression } from "./meta-regression";
import { NullLookup } from "./null-distribution";
import { buildPlan, feedObservedStudies } from "./observed";
import { type SdmOptionsInput, resolveSdmOptions } from "./options";
import { type PermutationNull, runPermutations } from "./permutation-pool";
import { prepareStudies } from "./prepare";
import { createSpace, maskedIndexAtMm } from "./space";
import { studyVoxelModel } from "./study-values";
import type { SdmDataset } from "./types";
import { VoxelwiseMetaRegression } from "./voxelwise-meta-regression";

/** Slope of the moderator at one location. */
export interface SlopeAtPeak {
  /** Cluster of the main analysis (absent for clusters of the slope map itself). */
  clusterId?: number;
  peakMm: [number, number, number];
  fit: MetaRegressionFit;
  /** Two-tailed permutation p of the slope z at this voxel. */
  permutationP: number;
}

/** A cluster of significant slope. */
export interface SlopeCluster {
  id: number;
  /** positive: the effect grows with the moderator. */
  sign: "positive" | "negative";
  sizeVoxels: number;
  peakMm: [number, number, number];
  peakZ: number;
  peakP: number;
  peakPFwe: number;
  label: string | null;
  fit: MetaRegressionFit;
}

/** Result of `metaRegressionSdm`. */
export interface SdmRegressionResult {
  moderator: string;
  studiesUsed: string[];
  studiesExcluded: string[];
  /** Masked-index maps: slope (g per unit of the moderator), its SE, z, permutation p. */
  maps: { slope: Float32Array; slopeSe: Float32Array; z: Float32Array; p: Float32Array; pFwe: Float32Array; tau2: Float32Array };
  clusters: SlopeCluster[];
  /** Slope at the peaks of the main analysis' clusters (when `fit` is given). */
  atClusters: SlopeAtPeak[];
  null: PermutationNull | null;
  warnings: string[];
}

/**
 * Meta-regression of the SDM maps on `moderator` (a numeric experiment attribute).
 * @param fit - the main analysis, to report the slope at its cluster peaks and reuse its mask.
 * @throws when fewer than 3 studies have the moderator, or it does not vary.
 */
export async function metaRegressionSdm(
  input: SdmDataset,
  moderator: string,
  options: SdmOptionsInput & { fit?: SdmResult } = {},
): Promise<SdmRegressionResult> {
  const { fit, ...rest } = options;
  const opts = resolveSdmOptions(fit ? { ...fit.params, ...rest } : rest);
  const value = (a: Record<string, string | number | null> | undefined) => {
    const x = a?.[moderator];
    return typeof x === "number" && Number.isFinite(x) ? x : typeof x === "string" && x.trim() !== "" && Number.isFinite(Number(x)) ? Number(x) : null;
  };
  const used = input.experiments.filter((e) => value(e.attributes) !== null);
  const excluded = input.experiments.filter((e) => value(e.attributes) === null).map((e) => e.id);
  if (used.length < 3) throw new Error(`meta-regression on "${moderator}": only ${used.length} studies have a numeric value (need ≥ 3)`);
  const x = used.map((e) => value(e.attributes)!);
  if (Math.max(...x) === Math.min(...x)) throw new Error(`meta-regression on "${moderator}": the moderator does not vary across studies`);
  const { studies, warnings } = prepareStudies({ ...input, experiments: used }, { maxAbsT: opts.maxAbsT });
  if (excluded.length) warnings.push(`meta-regression on "${moderator}": ${excluded.length} studies without a value left out (${excluded.join(", ")})`);
  const mask = fit?.space.mask ?? opts.mask ?? loadDefaultMask();
  const space = createSpace(mask);
  const kernel = buildVoxelKernel(space.grid, opts.kernel);
  const models = studies.map((s) => studyVoxelModel(s.design, s.thresholdG, opts.studyMap));
  const n = space.nMask;
  const f = () => new Float32Array(n);
  const maps = { slope: f(), slopeSe: f(), z: f(), p: f().fill(Number.NaN), pFwe: f().fill(Number.NaN), tau2: f() };
  const statistic = new VoxelwiseMetaRegression(n, models, x);
  feedObservedStudies(space, kernel, studies, statistic);
  statistic.finish(maps.z, maps);

  const plan = buildPlan(space, opts.kernel, studies, models, { kind: "slope", moderator: x }, opts.seed, opts.histogram);
  const nullDist = opts.permutations > 0
    ? await runPermutations(plan, { iterations: opts.permutations, threads: opts.threads, onProgress: opts.onProgress, signal: opts.signal, stage: `meta-regression ${moderator}` })
    : null;
  const atlas: LabelAtlas | null = opts.atlas ?? null;
  const slopeAt = (mm: [number, number, number]) => {
    const { y, v } = studiesAt(mm, studies, models, kernel);
    return metaRegression(y, v, x);
  };
  let clusters: SlopeCluster[] = [];
  let atClusters: SlopeAtPeak[] = [];
  if (nullDist) {
    const lookup = new NullLookup(nullDist);
    for (let m = 0; m < n; m++) {
      maps.p[m] = lookup.uncorrectedP(maps.z[m]);
      maps.pFwe[m] = lookup.fweP(maps.z[m]);
    }
    const selected = opts.threshold.correction === "fwe-voxel" ? maps.pFwe : maps.p;
    clusters = findClusters(space, maps.z, selected, opts.threshold).map((c, i) => ({
      id: i + 1,
      sign: c.sign > 0 ? "positive" : "negative",
      sizeVoxels: c.sizeVoxels,
      peakMm: c.peakMm,
      peakZ: c.peakZ,
      peakP: maps.p[c.peakMasked],
      peakPFwe: maps.pFwe[c.peakMasked],
      label: atlas ? (labelAtMm(atlas, c.peakMm)?.name ?? null) : null,
      fit: slopeAt(c.peakMm),
    }));
    atClusters = (fit?.tables.clusters ?? []).map((c) => {
      const m = maskedIndexAtMm(space, c.peakMm);
      return { clusterId: c.id, peakMm: c.peakMm, fit: slopeAt(c.peakMm), permutationP: m >= 0 ? maps.p[m] : Number.NaN };
    });
  } else {
    warnings.push("permutations = 0: no p maps and no clusters");
  }
  return {
    moderator,
    studiesUsed: studies.map((s) => s.id),
    studiesExcluded: excluded,
    maps,
    clusters,
    atClusters,
    null: nullDist,
    warnings,
  };
}
