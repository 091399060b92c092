/**
 * Test-only, deliberately plain Monte Carlo iteration: the yardstick for the optimised
 * `MonteCarloRunner` (as NiMARE keeps slow reference implementations in its tests).
 *
 * It follows the definition literally: draw the foci of iteration t from `createRng(seed, t)`
 * experiment by experiment, build each experiment's full-grid minimum of float32 log1p(−kernel)
 * (= log1p(−max MA)), add it into a float64 full-grid sum in experiment order, then scan the mask in
 * ascending voxel order for max ALE and the supra-threshold voxels, and label them with
 * `ClusterLabeler` seeded in that order (so cluster masses are summed in the same order).
 * No neighbour lists, rows, slabs or bounding boxes: nothing of the fast path is shared.
 */
import { ClusterLabeler } from "../clusters";
import { createRng } from "../rng";
import type { MonteCarloPlan } from "./monte-carlo-core";

/** One iteration's maxima. */
export interface DenseIterationMaxima {
  maxAle: number;
  maxClusterSize: number;
  maxClusterMass: number;
}

/** Runs iteration `t` of `plan` densely (≈ 10–50 ms on the 2 mm grid; tests only). */
export function denseMonteCarloIteration(plan: MonteCarloPlan, t: number): DenseIterationMaxima {
  const [nx, ny, nz] = plan.dims;
  const n = nx * ny * nz;
  const sum = new Float64Array(n);
  const expMin = new Float32Array(n);
  const rng = createRng(plan.seed, t);
  const nMask = plan.maskIndices.length;
  for (let e = 0; e < plan.experimentKernel.length; e++) {
    const kernel = plan.kernels[plan.experimentKernel[e]];
    const r = kernel.radius;
    const size = kernel.size;
    expMin.fill(0);
    for (let f = 0; f < plan.experimentFoci[e]; f++) {
      const v = plan.maskIndices[rng.nextInt(nMask)];
      const fi = v % nx;
      const fj = Math.floor(v / nx) % ny;
      const fk = Math.floor(v / (nx * ny));
      for (let dk = -r; dk <= r; dk++)
        for (let dj = -r; dj <= r; dj++)
          for (let di = -r; di <= r; di++) {
            const i = fi + di, j = fj + dj, k = fk + dk;
            if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
            const w = i + nx * (j + ny * k);
            const lk = kernel.logComplement[di + r + size * (dj + r + size * (dk + r))];
            if (lk < expMin[w]) expMin[w] = lk;
          }
    }
    for (let w = 0; w < n; w++) if (expMin[w] !== 0) sum[w] += expMin[w];
  }
  const thr = plan.clusterThresholdAle;
  const above = new Uint8Array(n);
  const ale = new Float32Array(n);
  const seeds: number[] = [];
  let minS = 0;
  for (const v of plan.maskIndices) {
    if (sum[v] === 0) continue;
    minS = Math.min(minS, sum[v]);
    ale[v] = 1 - Math.exp(sum[v]);
    if (ale[v] > thr) {
      above[v] = 1;
      seeds.push(v);
    }
  }
  const labeler = new ClusterLabeler({ dims: plan.dims, affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] });
  const nComp = labeler.label(above, Int32Array.from(seeds));
  let maxClusterSize = 0;
  let maxClusterMass = 0;
  for (let c = 1; c <= nComp; c++) {
    const vox = labeler.voxels(c);
    let mass = 0;
    for (const v of vox) mass += ale[v] - thr;
    maxClusterSize = Math.max(maxClusterSize, vox.length);
    maxClusterMass = Math.max(maxClusterMass, mass);
  }
  return { maxAle: minS === 0 ? 0 : Math.fround(1 - Math.exp(minS)), maxClusterSize, maxClusterMass };
}
