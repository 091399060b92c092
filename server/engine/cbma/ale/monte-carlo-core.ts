/**
 * One Monte Carlo FWE iteration (cbma.md A7), written for speed and for worker threads.
 *
 * Iteration t relocates every focus uniformly at random within the mask, using the random
 * stream `createRng(seed, t)` — so iteration t gives the same maxima whichever thread runs it.
 * Per iteration it records max ALE, the largest cluster (voxels, 6-connectivity) and the largest
 * cluster mass Σ(ALE − threshold) among voxels with ALE > threshold.
 *
 * The volume is built one z-slab at a time (see `accumulate.ts`): for slab k every experiment, in
 * order, adds its term to the slab's float64 sums, then the slab's in-mask voxels are read (max ALE,
 * supra-threshold candidates in ascending voxel order) and the slab is cleared. Output is
 * bit-identical to a dense whole-volume computation (`test-monte-carlo-dense.ts`).
 *
 * Imports are relative (no `@/` alias) because worker threads load this file directly.
 */
import { ClusterLabeler } from "../clusters";
import type { KernelBox } from "./accumulate";
import { SlabAccumulator } from "./slab-accumulator";

/** Everything an iteration needs; plain data so it can be posted to a worker. */
export interface MonteCarloPlan {
  dims: [number, number, number];
  /** Flat indices of in-mask voxels, ascending: the relocation space and the voxels scanned. */
  maskIndices: Int32Array;
  kernels: KernelBox[];
  /** Kernel index per experiment. */
  experimentKernel: Int32Array;
  /** Number of foci per experiment. */
  experimentFoci: Int32Array;
  /** Voxels with ALE strictly above this form clusters. */
  clusterThresholdAle: number;
  seed: number;
}

/** Per-iteration maxima for a range of iterations [start, end). */
export interface MonteCarloChunk {
  start: number;
  end: number;
  maxAle: Float64Array;
  maxClusterSize: Float64Array;
  maxClusterMass: Float64Array;
}

/** Reusable iteration state (a few MB for the 2 mm grid). One per thread. */
export class MonteCarloRunner {
  private readonly plan: MonteCarloPlan;
  private readonly acc: SlabAccumulator;
  private readonly above: Uint8Array;
  private readonly aleAt: Float32Array;
  private readonly candidates: Int32Array;
  private readonly labeler: ClusterLabeler;
  private readonly sLoose: number;

  constructor(plan: MonteCarloPlan) {
    this.plan = plan;
    this.acc = new SlabAccumulator(plan);
    const n = plan.dims[0] * plan.dims[1] * plan.dims[2];
    this.above = new Uint8Array(n);
    this.aleAt = new Float32Array(n);
    this.candidates = new Int32Array(plan.maskIndices.length);
    this.labeler = new ClusterLabeler({ dims: plan.dims, affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] });
    // ALE > thr ⇔ S < log(1 − thr); the margin only admits candidates, each is then tested exactly.
    this.sLoose = Math.log1p(-plan.clusterThresholdAle) + 1e-9;
  }

  /** Runs iteration t and returns its three maxima. */
  iterate(t: number): { maxAle: number; maxClusterSize: number; maxClusterMass: number } {
    const thr = this.plan.clusterThresholdAle;
    const { acc, above, aleAt, candidates, sLoose } = this;
    const { nxy, box } = acc.layout;
    const { slab, found } = acc;
    acc.place(t);
    let minS = 0;
    let nCand = 0;
    for (let k = box.k0; k <= box.k1; k++) {
      acc.accumulate(k);
      const nFound = acc.scan(k, sLoose);
      if (acc.slabMin() < minS) minS = acc.slabMin();
      for (let q = 0; q < nFound; q++) {
        const p = found[q];
        const ale = Math.fround(1 - Math.exp(slab[p]));
        if (ale > thr) {
          const v = k * nxy + p;
          above[v] = 1;
          aleAt[v] = ale;
          candidates[nCand++] = v;
        }
      }
      acc.clear();
    }
    let maxSize = 0;
    let maxMass = 0;
    if (nCand > 0) {
      const nComp = this.labeler.label(above, candidates, nCand);
      for (let c = 1; c <= nComp; c++) {
        const vox = this.labeler.voxels(c);
        let mass = 0;
        for (let q = 0; q < vox.length; q++) mass += aleAt[vox[q]] - thr;
        if (vox.length > maxSize) maxSize = vox.length;
        if (mass > maxMass) maxMass = mass;
      }
      for (let q = 0; q < nCand; q++) above[candidates[q]] = 0;
    }
    return { maxAle: minS === 0 ? 0 : Math.fround(1 - Math.exp(minS)), maxClusterSize: maxSize, maxClusterMass: maxMass };
  }

  /**
   * Runs iterations [start, end), calling `onTick(done)` every `tickEvery` iterations; stops early
   * (returning the iterations done so far) when `shouldStop()` becomes true.
   */
  runRange(start: number, end: number, onTick?: (done: number) => void, tickEvery = 25, shouldStop?: () => boolean): MonteCarloChunk {
    const n = end - start;
    const chunk: MonteCarloChunk = {
      start,
      end,
      maxAle: new Float64Array(n),
      maxClusterSize: new Float64Array(n),
      maxClusterMass: new Float64Array(n),
    };
    for (let t = start; t < end; t++) {
      const r = this.iterate(t);
      chunk.maxAle[t - start] = r.maxAle;
      chunk.maxClusterSize[t - start] = r.maxClusterSize;
      chunk.maxClusterMass[t - start] = r.maxClusterMass;
      if (onTick && (t - start + 1) % tickEvery === 0) onTick(t - start + 1);
      if (shouldStop?.()) {
        chunk.end = t + 1;
        break;
      }
    }
    return chunk;
  }
}

