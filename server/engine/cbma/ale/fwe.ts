/**
 * Monte Carlo family-wise error correction of an ALE result (NiMARE `FWECorrector(method=
 * "montecarlo")`, cbma.md A7): cluster-size, cluster-mass and voxel-level FWE.
 */
import { negLog10P, pToZOneTailed, upperTailP } from "../stats";
import type { MonteCarloPlan } from "./monte-carlo-core";
import { type MonteCarloMaxima, runMonteCarlo } from "./monte-carlo-pool";
import { type AleResult, DEFAULT_FWE_OPTIONS, type FweOptions, type MonteCarloNull } from "./types";

/** The Monte Carlo plan of a fitted result (plain data, postable to workers). */
export function monteCarloPlan(result: AleResult, seed: number): MonteCarloPlan {
  const m = result.model;
  return {
    dims: [m.grid.dims[0], m.grid.dims[1], m.grid.dims[2]],
    maskIndices: m.mask.indices,
    kernels: m.kernels.map((k) => ({ radius: k.radius, size: k.size, logComplement: k.logComplement })),
    experimentKernel: m.experimentKernel,
    experimentFoci: Int32Array.from(m.fociIjk, (f) => f.length),
    clusterThresholdAle: m.clusterThresholdAle,
    seed,
  };
}

/**
 * Runs iterations [start, end) of the Monte Carlo null of `result` — for splitting one large run
 * over several job workers; merge the pieces with `mergeMonteCarloMaxima` and apply them with
 * `applyMonteCarloNull`.
 */
export function runMonteCarloChunk(
  result: AleResult,
  seed: number,
  start: number,
  end: number,
  options: Partial<Omit<FweOptions, "iterations" | "seed" | "alpha">> = {},
): Promise<MonteCarloMaxima> {
  return runMonteCarlo(monteCarloPlan(result, seed), { ...options, start, end, stage: "monte-carlo" });
}

/** Concatenates chunk results covering 0…n−1 (any order) into one null. */
export function mergeMonteCarloMaxima(chunks: MonteCarloMaxima[], seed: number): MonteCarloNull {
  const sorted = [...chunks].sort((a, b) => a.start - b.start);
  let expected = 0;
  for (const c of sorted) {
    if (c.start !== expected) throw new Error(`mergeMonteCarloMaxima: iterations ${expected}…${c.start - 1} missing`);
    expected = c.end;
  }
  const cat = (key: "maxAle" | "maxClusterSize" | "maxClusterMass") => {
    const out = new Float64Array(expected);
    for (const c of sorted) out.set(c[key], c.start);
    return out;
  };
  return { nIterations: expected, seed, maxAle: cat("maxAle"), maxClusterSizeVoxels: cat("maxClusterSize"), maxClusterMass: cat("maxClusterMass") };
}

/**
 * Applies a Monte Carlo null to a fitted result: returns a new result with the FWE maps
 * (`logp_desc-size_level-cluster`, `z_desc-size_level-cluster`, the same for `mass`,
 * `logp_level-voxel`, `z_level-voxel`), `z_thresholded` and `cluster_labels` (significant
 * clusters only), and FWE p-values in the cluster table. The input result is not modified.
 */
export function applyMonteCarloNull(result: AleResult, nul: MonteCarloNull, alpha = DEFAULT_FWE_OPTIONS.alpha): AleResult {
  const m = result.model;
  const n = nul.nIterations;
  if (n < 1) throw new Error("applyMonteCarloNull: empty null distribution");
  const sortedSize = Float64Array.from(nul.maxClusterSizeVoxels).sort();
  const sortedMass = Float64Array.from(nul.maxClusterMass).sort();
  const sortedAle = Float64Array.from(nul.maxAle).sort();
  const clusters = result.tables.clusters.map((c) => {
    const pFweSize = upperTailP(c.sizeVoxels, sortedSize);
    const pFweMass = upperTailP(c.mass, sortedMass);
    return { ...c, pFweSize, pFweMass, significant: pFweSize < alpha };
  });
  const nVox = result.maps.stat.length;
  const maps = {
    logpSize: new Float32Array(nVox),
    zSize: new Float32Array(nVox),
    logpMass: new Float32Array(nVox),
    zMass: new Float32Array(nVox),
    logpVoxel: new Float32Array(nVox),
    zVoxel: new Float32Array(nVox),
    zThresholded: new Float32Array(nVox),
    clusterLabels: new Float32Array(nVox),
  };
  // Voxels outside clusters: size 0 / negative mass → p = 1 clipped to 1 − 1/n, as NiMARE.
  const background = 1 - Math.max(Number.EPSILON, 1 / n);
  const stat = result.maps.stat;
  const labels = m.clusterLabels;
  for (const v of m.mask.indices) {
    const c = labels[v];
    const pSize = c > 0 ? clusters[c - 1].pFweSize : background;
    const pMass = c > 0 ? clusters[c - 1].pFweMass : background;
    const pVox = upperTailP(stat[v], sortedAle);
    maps.logpSize[v] = negLog10P(pSize);
    maps.zSize[v] = pToZOneTailed(pSize);
    maps.logpMass[v] = negLog10P(pMass);
    maps.zMass[v] = pToZOneTailed(pMass);
    maps.logpVoxel[v] = negLog10P(pVox);
    maps.zVoxel[v] = pToZOneTailed(pVox);
    if (c > 0 && clusters[c - 1].significant) {
      maps.zThresholded[v] = result.maps.z[v];
      maps.clusterLabels[v] = c;
    }
  }
  const sig = clusters.filter((c) => c.significant);
  return {
    ...result,
    maps: {
      ...result.maps,
      "logp_desc-size_level-cluster": maps.logpSize,
      "z_desc-size_level-cluster": maps.zSize,
      "logp_desc-mass_level-cluster": maps.logpMass,
      "z_desc-mass_level-cluster": maps.zMass,
      "logp_level-voxel": maps.logpVoxel,
      "z_level-voxel": maps.zVoxel,
      z_thresholded: maps.zThresholded,
      cluster_labels: maps.clusterLabels,
    },
    tables: { ...result.tables, clusters },
    params: {
      ...result.params,
      fwe: {
        method: "montecarlo",
        iterations: n,
        seed: nul.seed,
        alpha,
        clusterSizeThresholdVoxels: percentile(sortedSize, 1 - alpha),
        clusterMassThreshold: percentile(sortedMass, 1 - alpha),
        voxelAleThreshold: percentile(sortedAle, 1 - alpha),
        significantClusters: sig.length,
        significantVoxels: sig.reduce((a, c) => a + c.sizeVoxels, 0),
      },
    },
    warnings: [...result.warnings, ...(n < 1000 ? [`only ${n} Monte Carlo iterations: FWE p-values are coarse (use ≥ 1000, 10 000 recommended)`] : [])],
    model: { ...m, monteCarlo: nul },
  };
}

/** Linear-interpolation percentile (NumPy's default) of sorted values; q in [0, 1]. */
export function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Monte Carlo FWE correction of a fitted ALE result (default 10 000 iterations, seed 1).
 * Returns a new result; reports progress and honours `signal`.
 */
export async function correctFwe(result: AleResult, options: Partial<FweOptions> = {}): Promise<AleResult> {
  const opts: FweOptions = { ...DEFAULT_FWE_OPTIONS, ...options };
  if (!Number.isInteger(opts.iterations) || opts.iterations < 0) throw new Error(`correctFwe: iterations must be a non-negative integer, got ${opts.iterations}`);
  if (opts.iterations === 0) return result;
  const t0 = performance.now();
  const maxima = await runMonteCarlo(monteCarloPlan(result, opts.seed), {
    start: 0,
    end: opts.iterations,
    threads: opts.threads,
    onProgress: opts.onProgress,
    progressIntervalMs: opts.progressIntervalMs,
    signal: opts.signal,
    workerFile: opts.workerFile,
    stage: "monte-carlo",
  });
  const corrected = applyMonteCarloNull(result, mergeMonteCarloMaxima([maxima], opts.seed), opts.alpha);
  const seconds = (performance.now() - t0) / 1000;
  const timings = { ...((result.provenance.timingsS as Record<string, number>) ?? {}), monteCarlo: seconds };
  return {
    ...corrected,
    params: { ...corrected.params, fwe: { ...(corrected.params.fwe as object), threads: opts.threads } },
    provenance: { ...corrected.provenance, timingsS: timings, iterationsPerSecond: opts.iterations / seconds },
  };
}
