/**
 * One Monte Carlo FWE iteration (cbma.md A7), written for speed and for worker threads.
 *
 * Iteration t relocates every focus uniformly at random within the mask, using the random
 * stream `createRng(seed, t)` — so iteration t gives the same maxima whichever thread runs it.
 * Per iteration it records max ALE, the largest cluster (voxels, 6-connectivity) and the largest
 * cluster mass Σ(ALE − threshold) among voxels with ALE > threshold.
 *
 * Imports are relative (no `@/` alias) because worker threads load this file directly.
 */
import { ClusterLabeler } from "../clusters";
import { createRng } from "../rng";
import { addPass, type KernelBox, neighbourPass } from "./accumulate";

/** Everything an iteration needs; plain data so it can be posted to a worker. */
export interface MonteCarloPlan {
  dims: [number, number, number];
  /** Flat indices of in-mask voxels: the relocation space and the voxels scanned. */
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

/** Reusable iteration state (about 20 MB for the 2 mm grid). One per thread. */
export class MonteCarloRunner {
  private readonly plan: MonteCarloPlan;
  private readonly rowBuf: Float32Array;
  private readonly nbr: Int32Array;
  private readonly nbrStart: Int32Array;
  private readonly nbrCount: Int32Array;
  private readonly comp: Int32Array;
  private readonly sum: Float64Array;
  private readonly above: Uint8Array;
  private readonly aleAt: Float32Array;
  private readonly candidates: Int32Array;
  private readonly labeler: ClusterLabeler;
  private readonly foci: Int32Array;
  private readonly sLoose: number;

  constructor(plan: MonteCarloPlan) {
    this.plan = plan;
    const [nx, ny, nz] = plan.dims;
    const n = nx * ny * nz;
    this.rowBuf = new Float32Array(nx);
    this.sum = new Float64Array(n);
    this.above = new Uint8Array(n);
    this.aleAt = new Float32Array(n);
    this.candidates = new Int32Array(plan.maskIndices.length);
    this.labeler = new ClusterLabeler({ dims: plan.dims, affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] });
    let maxFoci = 0;
    for (const f of plan.experimentFoci) maxFoci = Math.max(maxFoci, f);
    this.foci = new Int32Array(3 * maxFoci);
    this.nbr = new Int32Array(maxFoci * maxFoci);
    this.nbrStart = new Int32Array(maxFoci);
    this.nbrCount = new Int32Array(maxFoci);
    this.comp = new Int32Array(maxFoci);
    // ALE > thr ⇔ S < log(1 − thr); the margin only admits candidates, each is then tested exactly.
    this.sLoose = Math.log1p(-plan.clusterThresholdAle) + 1e-9;
  }

  /** Runs iteration t and returns its three maxima. */
  iterate(t: number): { maxAle: number; maxClusterSize: number; maxClusterMass: number } {
    const { dims, maskIndices, kernels, experimentKernel, experimentFoci, clusterThresholdAle, seed } = this.plan;
    const [nx, ny, nz] = dims;
    const { rowBuf, nbr, nbrStart, nbrCount, comp, sum, above, aleAt, candidates, foci } = this;
    const rng = createRng(seed, t);
    const nMask = maskIndices.length;
    for (let e = 0; e < experimentKernel.length; e++) {
      const kernel = kernels[experimentKernel[e]];
      const nf = experimentFoci[e];
      for (let f = 0; f < nf; f++) {
        const v = maskIndices[rng.nextInt(nMask)];
        const i = v % nx;
        const rest = (v - i) / nx;
        const j = rest % ny;
        foci[3 * f] = i;
        foci[3 * f + 1] = j;
        foci[3 * f + 2] = (rest - j) / ny;
      }
      // MA is the max over the experiment's foci only where kernel boxes overlap. A focus whose
      // box overlaps no other is added directly; the others share rows through `neighbourPass`.
      // (Float64 additions then happen in another order than in the observed fit — differences
      // ~1e-17, irrelevant for a null distribution.)
      const span = 2 * kernel.radius;
      let t = 0;
      for (let a = 0; a < nf; a++) {
        nbrStart[a] = t;
        for (let b = 0; b < nf; b++) {
          if (
            b !== a &&
            Math.abs(foci[3 * a] - foci[3 * b]) <= span &&
            Math.abs(foci[3 * a + 1] - foci[3 * b + 1]) <= span &&
            Math.abs(foci[3 * a + 2] - foci[3 * b + 2]) <= span
          ) {
            nbr[t++] = b;
          }
        }
        nbrCount[a] = t - nbrStart[a];
      }
      for (let a = 0; a < nf; a++) {
        if (nbrCount[a] === 0) addPass(nx, ny, nz, kernel, foci[3 * a], foci[3 * a + 1], foci[3 * a + 2], sum);
        else neighbourPass(nx, ny, nz, kernel, foci, a, nbr, nbrStart, nbrCount, sum, rowBuf, comp);
      }
    }
    let minS = 0;
    let nCand = 0;
    const sLoose = this.sLoose;
    for (let m = 0; m < nMask; m++) {
      const v = maskIndices[m];
      const s = sum[v];
      if (s === 0) continue;
      sum[v] = 0; // voxels outside the mask keep stale sums: they are never read
      if (s < minS) minS = s;
      if (s < sLoose) {
        const ale = Math.fround(1 - Math.exp(s));
        if (ale > clusterThresholdAle) {
          above[v] = 1;
          aleAt[v] = ale;
          candidates[nCand++] = v;
        }
      }
    }
    let maxSize = 0;
    let maxMass = 0;
    if (nCand > 0) {
      const nComp = this.labeler.label(above, candidates, nCand);
      for (let c = 1; c <= nComp; c++) {
        const vox = this.labeler.voxels(c);
        let mass = 0;
        for (let q = 0; q < vox.length; q++) mass += aleAt[vox[q]] - clusterThresholdAle;
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
