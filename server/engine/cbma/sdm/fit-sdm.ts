/**
 * `fitSdm(input, options)`: the AES-SDM-style meta-analysis of an `SdmDataset`
 * (cbma.md Part B): peaks → Hedges' g → recreated study maps → voxel-wise random effects →
 * permutation null → thresholded positive and negative clusters with per-study values at peaks.
 */
import { type LabelAtlas, loadDefaultAtlas } from "../atlas";
import { MNI152_2MM, sameGrid } from "../grid";
import { loadDefaultMask } from "../mask";
import { reportClusters, type SdmCluster } from "./cluster-report";
import { findClusters } from "./find-clusters";
import { buildVoxelKernel, type VoxelKernel } from "./kernel";
import { NullLookup } from "./null-distribution";
import { buildPlan, feedObservedStudies } from "./observed";
import { type SdmOptions, type SdmOptionsInput, resolveSdmOptions } from "./options";
import { createStatistic } from "./permutation";
import { type PermutationNull, runPermutations } from "./permutation-pool";
import { type PreparedStudy, prepareStudies } from "./prepare";
import { createSpace, type SdmSpace } from "./space";
import { type StudyVoxelModel, studyVoxelModel } from "./study-values";
import type { SdmDataset } from "./types";
import { VoxelwiseRandomEffects } from "./voxelwise-random-effects";
import { VoxelwiseReml } from "./voxelwise-reml";

/** Engine name and version written to provenance. */
export const SDM_ENGINE = Object.freeze({ name: "concord-sdm", version: "1.0.0" });

/** Voxel-wise maps over the in-mask voxels (index = position in `space.mask.indices`). */
export interface SdmMaps {
  /** Random-effects pooled Hedges' g. */
  effect: Float32Array;
  se: Float32Array;
  /** effect / se (the SDM z, whose null is not N(0,1): use `p`). */
  z: Float32Array;
  /** Two-tailed uncorrected permutation p (NaN when permutations = 0). */
  p: Float32Array;
  /** Voxel-level FWE p (NaN when permutations = 0). */
  pFwe: Float32Array;
  /** I² as a fraction. */
  i2: Float32Array;
  q: Float32Array;
  tau2: Float32Array;
}

/** Serializable parameters of a fit (options without mask, atlas and callbacks). */
export type SdmParams = Omit<SdmOptions, "mask" | "atlas" | "onProgress" | "signal">;

/** Result of `fitSdm`. */
export interface SdmResult {
  maps: SdmMaps;
  tables: { clusters: SdmCluster[] };
  params: SdmParams;
  provenance: {
    engine: string;
    version: string;
    dataset: string;
    studies: number;
    nullStudies: number;
    peaks: number;
    mask: string;
    maskVoxels: number;
    atlas: string | null;
    timingsMs: { observed: number; permutations: number; clusters: number; total: number };
  };
  warnings: string[];
  /** The permutation null (null when permutations = 0). */
  null: PermutationNull | null;
  /** Cluster id per in-mask voxel (0: none), ids as in `tables.clusters`. */
  clusterLabels: Int32Array;
  space: SdmSpace;
  kernel: VoxelKernel;
  studies: PreparedStudy[];
  models: StudyVoxelModel[];
}

function resolveAtlas(options: SdmOptions, space: SdmSpace, warnings: string[]): LabelAtlas | null {
  if (options.atlas !== undefined) return options.atlas;
  if (!sameGrid(space.grid, MNI152_2MM)) return null;
  try {
    return loadDefaultAtlas();
  } catch (e) {
    warnings.push(`no anatomical labels: the default atlas could not be loaded (${(e as Error).message})`);
    return null;
  }
}

function observedMaps(space: SdmSpace, kernel: VoxelKernel, studies: PreparedStudy[], models: StudyVoxelModel[], options: SdmOptions): SdmMaps {
  const n = space.nMask;
  const f = () => new Float32Array(n);
  const maps: SdmMaps = { effect: f(), se: f(), z: f(), p: f().fill(Number.NaN), pFwe: f().fill(Number.NaN), i2: f(), q: f(), tau2: f() };
  const statistic = options.tau2Method === "REML" ? new VoxelwiseReml(n, models) : new VoxelwiseRandomEffects(n, models);
  feedObservedStudies(space, kernel, studies, statistic);
  statistic.finish(maps.z, maps);
  return maps;
}

/**
 * Fits the SDM meta-analysis.
 * @param input - the studies (at least 2).
 * @param options - merged over `DEFAULT_SDM_OPTIONS` (nested `kernel`/`threshold` merged too).
 * @throws naming the study/field for invalid input; the signal's reason when cancelled.
 */
export async function fitSdm(input: SdmDataset, options: SdmOptionsInput = {}): Promise<SdmResult> {
  const t0 = performance.now();
  const opts = resolveSdmOptions(options);
  const { studies, warnings } = prepareStudies(input, { maxAbsT: opts.maxAbsT });
  const mask = opts.mask ?? loadDefaultMask();
  const space = createSpace(mask);
  const kernel = buildVoxelKernel(space.grid, opts.kernel);
  const models = studies.map((s) => studyVoxelModel(s.design, s.thresholdG, opts.studyMap));
  const maps = observedMaps(space, kernel, studies, models, opts);
  const t1 = performance.now();

  const plan = buildPlan(space, opts.kernel, studies, models, { kind: "mean", method: opts.tau2Method }, opts.seed, opts.histogram);
  const nullDist = opts.permutations > 0
    ? await runPermutations(plan, { iterations: opts.permutations, threads: opts.threads, onProgress: opts.onProgress, signal: opts.signal })
    : null;
  const t2 = performance.now();

  const atlas = resolveAtlas(opts, space, warnings);
  let clusters: SdmCluster[] = [];
  const clusterLabels = new Int32Array(space.nMask);
  if (nullDist) {
    const lookup = new NullLookup(nullDist);
    for (let m = 0; m < space.nMask; m++) {
      maps.p[m] = lookup.uncorrectedP(maps.z[m]);
      maps.pFwe[m] = lookup.fweP(maps.z[m]);
    }
    const selected = opts.threshold.correction === "fwe-voxel" ? maps.pFwe : maps.p;
    const found = findClusters(space, maps.z, selected, opts.threshold, maps.effect);
    found.forEach((c, i) => {
      for (const v of c.voxels) clusterLabels[space.maskedIndex[v]] = i + 1;
    });
    clusters = reportClusters(found, {
      studies,
      models,
      kernel,
      tau2Method: opts.tau2Method,
      atlas,
      pAt: (m) => lookup.uncorrectedP(maps.z[m]),
      pFweAt: (m) => lookup.fweP(maps.z[m]),
    });
  } else {
    warnings.push("permutations = 0: no p maps and no clusters");
  }
  const t3 = performance.now();
  const { mask: _m, atlas: _a, onProgress: _o, signal: _s, ...params } = opts;
  return {
    maps,
    tables: { clusters },
    params,
    provenance: {
      engine: SDM_ENGINE.name,
      version: SDM_ENGINE.version,
      dataset: input.name,
      studies: studies.length,
      nullStudies: studies.filter((s) => s.nullStudy).length,
      peaks: studies.reduce((n, s) => n + s.peaks.length, 0),
      mask: mask.source,
      maskVoxels: mask.count,
      atlas: atlas?.name ?? null,
      timingsMs: { observed: t1 - t0, permutations: t2 - t1, clusters: t3 - t2, total: t3 - t0 },
    },
    warnings,
    null: nullDist,
    clusterLabels,
    space,
    kernel,
    studies,
    models,
  };
}
