/**
 * Leave-one-experiment-out jackknife of an ALE result: each experiment is removed in turn, the
 * analysis is refitted and FWE-corrected (its own Monte Carlo null), and an original cluster
 * "survives" a run when a cluster-size-FWE-significant cluster of that run overlaps it.
 */
import { fitAle } from "./fit";
import { correctFwe } from "./fwe";
import { type AleResult, DEFAULT_FWE_OPTIONS, type FweOptions } from "./types";

/** Options of `jackknifeAle`: the FWE options used in every leave-one-out run. */
export type JackknifeOptions = FweOptions;

/** Defaults: 1 000 iterations per run (k runs make 10 000 each too slow for routine use). */
export const DEFAULT_JACKKNIFE_OPTIONS: JackknifeOptions = Object.freeze({ ...DEFAULT_FWE_OPTIONS, iterations: 1000 });

/** One leave-one-out run. */
export interface JackknifeRun {
  leftOut: string;
  /** Original cluster ids that survived this run. */
  survivingClusters: number[];
  significantClusters: number;
}

/**
 * Runs the jackknife and returns a new result whose cluster rows carry `jackknifeSurvival`
 * (fraction of runs in which the cluster survived) and whose `tables.jackknife` lists the runs.
 */
export async function jackknifeAle(result: AleResult, options: Partial<JackknifeOptions> = {}): Promise<AleResult & { tables: AleResult["tables"] & { jackknife: JackknifeRun[] } }> {
  const opts: JackknifeOptions = { ...DEFAULT_JACKKNIFE_OPTIONS, ...options };
  const { dataset, options: fitOptions, clusterLabels } = result.model;
  const experiments = dataset.experiments;
  if (experiments.length < 2) throw new Error("jackknifeAle: needs at least two experiments");
  const runs: JackknifeRun[] = [];
  const survived = new Int32Array(result.tables.clusters.length + 1);
  const t0 = performance.now();
  for (let e = 0; e < experiments.length; e++) {
    if (opts.signal?.aborted) {
      const err = new Error("jackknife cancelled");
      err.name = "AbortError";
      throw err;
    }
    const subset = { ...dataset, experiments: experiments.filter((_, i) => i !== e) };
    const fitted = fitAle(subset, { ...fitOptions, atlas: false });
    const corrected = await correctFwe(fitted, { ...opts, onProgress: undefined });
    const sigLabels = corrected.maps.cluster_labels;
    const hit = new Set<number>();
    for (const v of result.model.mask.indices) if (clusterLabels[v] > 0 && sigLabels && sigLabels[v] > 0) hit.add(clusterLabels[v]);
    for (const c of hit) survived[c]++;
    runs.push({
      leftOut: experiments[e].id,
      survivingClusters: [...hit].sort((a, b) => a - b),
      significantClusters: corrected.tables.clusters.filter((c) => c.significant).length,
    });
    const elapsedS = (performance.now() - t0) / 1000;
    opts.onProgress?.({
      fraction: (e + 1) / experiments.length,
      done: e + 1,
      total: experiments.length,
      elapsedS,
      etaS: (elapsedS / (e + 1)) * (experiments.length - e - 1),
      stage: "jackknife",
    });
  }
  return {
    ...result,
    tables: {
      ...result.tables,
      clusters: result.tables.clusters.map((c) => ({ ...c, jackknifeSurvival: survived[c.id] / experiments.length })),
      jackknife: runs,
    },
    params: { ...result.params, jackknife: { runs: experiments.length, iterationsPerRun: opts.iterations, seed: opts.seed } },
  };
}
