/**
 * Public API of the ALE engine (see server/engine/cbma/README.md).
 *
 *   const result = fitAle(dataset, { mask });                       // ALE, p, z, clusters
 *   const corrected = await correctFwe(result, { iterations: 10_000, seed: 1, onProgress, signal });
 *   const withFdr = correctFdr(corrected);
 *   const jk = await jackknifeAle(corrected, { iterations: 1000 });
 *   const contrast = await contrastAle(correctedA, correctedB, { permutations: 10_000 });
 *   writeAleOutputs(corrected, outDir);
 */
export { contrastAle, DEFAULT_ALE_CONTRAST_OPTIONS, type AleContrastOptions, type AleContrastResult, type ContrastCluster } from "./contrast";
export { correctFdr, DEFAULT_FDR_OPTIONS, type FdrOptions } from "./fdr";
export { ALE_ENGINE_VERSION, fitAle } from "./fit";
export { applyMonteCarloNull, correctFwe, mergeMonteCarloMaxima, monteCarloPlan, percentile, runMonteCarloChunk } from "./fwe";
export { DEFAULT_JACKKNIFE_OPTIONS, jackknifeAle, type JackknifeOptions, type JackknifeRun } from "./jackknife";
export { aleFwhmMm, createAleKernel, type AleKernel } from "./kernel";
export type { MonteCarloMaxima } from "./monte-carlo-pool";
export { ALE_MAP_FILES, clusterTableCsv, clusterTableJson, writeAleOutputs, writeContrastOutputs } from "./outputs";
export {
  DEFAULT_ALE_OPTIONS,
  DEFAULT_FWE_OPTIONS,
  type AleCluster,
  type AleMaps,
  type AleOptions,
  type AleResult,
  type ClusterContribution,
  type FweOptions,
  type MonteCarloNull,
  type Progress,
} from "./types";
