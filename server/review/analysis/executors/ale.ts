import { fitAle } from "@/server/engine/cbma/ale/fit";
import { correctFwe } from "@/server/engine/cbma/ale/fwe";
import { correctFdr } from "@/server/engine/cbma/ale/fdr";
import { jackknifeAle } from "@/server/engine/cbma/ale/jackknife";
import type { Progress } from "@/server/engine/cbma/ale/types";
import type { Executor, ExecutorProgress } from "../executor-types";
import { aleParameters } from "../parameters";
import { coordinateDatasetFromSnapshot } from "../snapshot-input";
import { aleRunOutputs, aleSummary } from "./ale-outputs";

/** Engine progress of one phase mapped into [from, to] of the whole run. */
export function phase(onProgress: (p: ExecutorProgress) => void, from: number, to: number, label: string) {
  return (p: Progress) =>
    onProgress({ fraction: from + (to - from) * p.fraction, message: `${label}: ${p.done.toLocaleString("en-US")} / ${p.total.toLocaleString("en-US")}`, etaSeconds: p.etaS });
}

/** ALE with Monte Carlo cluster-level FWE (and FDR), optionally a leave-one-experiment-out jackknife. */
export const runAle: Executor = async ({ snapshotJson, filter, parameters, seed, signal, onProgress }) => {
  const params = aleParameters.parse(parameters);
  const dataset = coordinateDatasetFromSnapshot(snapshotJson, filter);
  const t0 = performance.now();
  onProgress({ fraction: 0.01, message: `fitting ALE on ${dataset.experiments.length} experiments` });
  const fitted = fitAle(dataset, { clusterFormingP: params.clusterFormingP, fwhmMm: params.fwhmMm });
  const tFit = performance.now();
  const mcEnd = params.jackknife ? 0.6 : 0.97;
  let result = await correctFwe(fitted, { iterations: params.iterations, seed, alpha: params.fweAlpha, signal, onProgress: phase(onProgress, 0.02, mcEnd, "Monte Carlo iterations") });
  result = correctFdr(result);
  const tMc = performance.now();
  if (params.jackknife) {
    result = await jackknifeAle(result, { iterations: Math.min(params.iterations, 1000), seed, alpha: params.fweAlpha, signal, onProgress: phase(onProgress, mcEnd, 0.97, "jackknife") });
  }
  onProgress({ fraction: 0.98, message: "writing maps" });
  return {
    outputs: aleRunOutputs(result),
    summary: aleSummary(result),
    timings: { fitSeconds: (tFit - t0) / 1000, monteCarloSeconds: (tMc - tFit) / 1000, ...(params.jackknife ? { jackknifeSeconds: (performance.now() - tMc) / 1000 } : {}) },
  };
};
