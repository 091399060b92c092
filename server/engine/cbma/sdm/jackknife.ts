/**
 * Leave-one-out jackknife sensitivity analysis (cbma.md B7): the meta-analysis is repeated k times,
 * each time without one study, with the same options (own permutation null each time); a cluster of
 * the full analysis "survives" a run when a significant cluster of the same sign covers its peak.
 */
import { fitSdm, type SdmResult } from "./fit-sdm";
import type { SdmOptionsInput } from "./options";
import { maskedIndexAtMm } from "./space";
import type { SdmDataset } from "./types";

/** Survival of one cluster of the full analysis. */
export interface JackknifeCluster {
  clusterId: number;
  sign: "positive" | "negative";
  peakMm: [number, number, number];
  /** Runs in which the cluster survived, out of `runs`. */
  survived: number;
  runs: number;
  /** Studies whose removal made the cluster disappear. */
  lostWithout: string[];
}

/** One leave-one-out run. */
export interface JackknifeRun {
  leftOut: string;
  clusters: { sign: "positive" | "negative"; sizeVoxels: number; peakMm: [number, number, number]; peakZ: number }[];
}

/** Result of `jackknifeSdm`. */
export interface JackknifeResult {
  clusters: JackknifeCluster[];
  runs: JackknifeRun[];
}

/**
 * Runs the leave-one-out jackknife of a fit.
 * @param input - the dataset the fit was made from.
 * @param fit - the full analysis (its options, mask and clusters are reused).
 * @param options - overrides for the runs (e.g. fewer `permutations`); progress stages are
 *   named "jackknife i/k".
 */
export async function jackknifeSdm(input: SdmDataset, fit: SdmResult, options: SdmOptionsInput = {}): Promise<JackknifeResult> {
  const k = input.experiments.length;
  if (k < 3) throw new Error(`jackknife needs at least 3 studies, got ${k}`);
  const runs: JackknifeRun[] = [];
  const survived = fit.tables.clusters.map(() => 0);
  const lostWithout: string[][] = fit.tables.clusters.map(() => []);
  for (let i = 0; i < k; i++) {
    const leftOut = input.experiments[i].id;
    const subset: SdmDataset = { ...input, name: `${input.name} without ${leftOut}`, experiments: input.experiments.filter((_, j) => j !== i) };
    const onProgress = options.onProgress;
    const run = await fitSdm(subset, {
      ...fit.params,
      mask: fit.space.mask,
      atlas: null,
      ...options,
      onProgress: onProgress ? (p) => onProgress({ ...p, stage: `jackknife ${i + 1}/${k}` }) : undefined,
    });
    fit.tables.clusters.forEach((c, ci) => {
      const peakMasked = maskedIndexAtMm(fit.space, c.peakMm);
      const label = peakMasked >= 0 ? run.clusterLabels[peakMasked] : 0;
      if (label > 0 && run.tables.clusters[label - 1].sign === c.sign) survived[ci]++;
      else lostWithout[ci].push(leftOut);
    });
    runs.push({
      leftOut,
      clusters: run.tables.clusters.map((c) => ({ sign: c.sign, sizeVoxels: c.sizeVoxels, peakMm: c.peakMm, peakZ: c.peakZ })),
    });
  }
  return {
    clusters: fit.tables.clusters.map((c, ci) => ({
      clusterId: c.id,
      sign: c.sign,
      peakMm: c.peakMm,
      survived: survived[ci],
      runs: k,
      lostWithout: lostWithout[ci],
    })),
    runs,
  };
}
