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
import { createRng } from "../rng";
import { createSlabRowOps, type KernelBox, type SlabRowOps } from "./accumulate";

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
  private readonly nx: number;
  private readonly ny: number;
  private readonly nxy: number;
  /** Bounding box of the mask: voxels outside it are never read, so nothing is accumulated there. */
  private readonly box: { i0: number; i1: number; j0: number; j1: number; k0: number; k1: number };
  /** `maskIndices[slabMaskStart[k] … slabMaskStart[k + 1])` are the in-mask voxels of slab k. */
  private readonly slabMaskStart: Int32Array;
  /** Row loops and their memory: the slab sums at byte 0, then `expSlab`, then the kernels. */
  private readonly ops: SlabRowOps;
  /** Float64 log-complement sums of the current z-slab (a view at byte 0 of `ops.memory`). */
  private readonly slab: Float64Array;
  /** Byte address of one experiment's per-voxel minimum on rows shared by several of its foci (0 = untouched). */
  private readonly expAddr: number;
  /** Byte address of each kernel's float32 log-complements. */
  private readonly kernelAddr: Int32Array;
  /** Foci of experiment e occupy `expStart[e] … expStart[e + 1])` of the per-focus arrays. */
  private readonly expStart: Int32Array;
  private readonly fi: Int32Array;
  private readonly fj: Int32Array;
  private readonly fk: Int32Array;
  /** Footprint of each focus clipped to the mask's bounding box. */
  private readonly ci0: Int32Array;
  private readonly ci1: Int32Array;
  private readonly cj0: Int32Array;
  private readonly cj1: Int32Array;
  /** Foci of the same experiment whose kernel boxes overlap focus g: `nbr[g·maxFoci …]`, `nbrCount[g]` of them. */
  private readonly nbr: Int32Array;
  private readonly nbrCount: Int32Array;
  private readonly maxFoci: number;
  /** Per slab: the buffered foci of the current experiment and their neighbours covering the slab. */
  private readonly buffered: Int32Array;
  private readonly cov: Int32Array;
  private readonly covCount: Int32Array;
  private readonly above: Uint8Array;
  private readonly aleAt: Float32Array;
  private readonly candidates: Int32Array;
  private readonly labeler: ClusterLabeler;
  private readonly sLoose: number;

  constructor(plan: MonteCarloPlan) {
    this.plan = plan;
    const [nx, ny, nz] = plan.dims;
    const n = nx * ny * nz;
    this.nx = nx;
    this.ny = ny;
    this.nxy = nx * ny;
    const mi = plan.maskIndices;
    if (mi.length === 0) throw new Error("Monte Carlo plan: empty mask");
    this.box = { i0: nx, i1: -1, j0: ny, j1: -1, k0: nz, k1: -1 };
    this.slabMaskStart = new Int32Array(nz + 1);
    for (let m = 0; m < mi.length; m++) {
      const v = mi[m];
      // Candidates must come out in ascending voxel order (cluster masses are summed in labelling order).
      if (m > 0 && v <= mi[m - 1]) throw new Error(`Monte Carlo plan: maskIndices must be ascending (index ${m})`);
      const i = v % nx;
      const j = ((v - i) / nx) % ny;
      const k = (v - i - nx * j) / this.nxy;
      const b = this.box;
      b.i0 = Math.min(b.i0, i), b.i1 = Math.max(b.i1, i), b.j0 = Math.min(b.j0, j), b.j1 = Math.max(b.j1, j);
      b.k0 = Math.min(b.k0, k), b.k1 = Math.max(b.k1, k);
      this.slabMaskStart[k + 1] = m + 1;
    }
    for (let k = 1; k <= nz; k++) this.slabMaskStart[k] = Math.max(this.slabMaskStart[k], this.slabMaskStart[k - 1]);
    const align = (b: number) => Math.ceil(b / 16) * 16;
    this.expAddr = align(8 * this.nxy);
    this.kernelAddr = new Int32Array(plan.kernels.length);
    let bytes = align(this.expAddr + 4 * this.nxy);
    plan.kernels.forEach((kernel, q) => {
      this.kernelAddr[q] = bytes;
      bytes = align(bytes + 4 * kernel.logComplement.length);
    });
    this.ops = createSlabRowOps(bytes);
    this.slab = new Float64Array(this.ops.memory.buffer, 0, this.nxy);
    plan.kernels.forEach((kernel, q) => new Float32Array(this.ops.memory.buffer, this.kernelAddr[q], kernel.logComplement.length).set(kernel.logComplement));
    const nExp = plan.experimentFoci.length;
    this.expStart = new Int32Array(nExp + 1);
    let maxFoci = 1;
    for (let e = 0; e < nExp; e++) {
      this.expStart[e + 1] = this.expStart[e] + plan.experimentFoci[e];
      maxFoci = Math.max(maxFoci, plan.experimentFoci[e]);
    }
    const nFoci = this.expStart[nExp];
    this.maxFoci = maxFoci;
    [this.fi, this.fj, this.fk, this.ci0, this.ci1, this.cj0, this.cj1, this.nbrCount] = Array.from({ length: 8 }, () => new Int32Array(nFoci));
    this.nbr = new Int32Array(nFoci * maxFoci);
    this.buffered = new Int32Array(maxFoci);
    this.cov = new Int32Array(maxFoci * maxFoci);
    this.covCount = new Int32Array(maxFoci);
    this.above = new Uint8Array(n);
    this.aleAt = new Float32Array(n);
    this.candidates = new Int32Array(mi.length);
    this.labeler = new ClusterLabeler({ dims: plan.dims, affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] });
    // ALE > thr ⇔ S < log(1 − thr); the margin only admits candidates, each is then tested exactly.
    this.sLoose = Math.log1p(-plan.clusterThresholdAle) + 1e-9;
  }

  /** Draws iteration t's foci (experiment by experiment, as always) and links overlapping ones. */
  private placeFoci(t: number): void {
    const { maskIndices, kernels, experimentKernel, seed } = this.plan;
    const { nx, ny, box, expStart, fi, fj, fk, ci0, ci1, cj0, cj1, nbr, nbrCount, maxFoci } = this;
    const rng = createRng(seed, t);
    const nMask = maskIndices.length;
    for (let e = 0; e < experimentKernel.length; e++) {
      const r = kernels[experimentKernel[e]].radius;
      const g0 = expStart[e];
      const g1 = expStart[e + 1];
      for (let g = g0; g < g1; g++) {
        const v = maskIndices[rng.nextInt(nMask)];
        const i = v % nx;
        const rest = (v - i) / nx;
        const j = rest % ny;
        fi[g] = i;
        fj[g] = j;
        fk[g] = (rest - j) / ny;
        ci0[g] = Math.max(i - r, box.i0);
        ci1[g] = Math.min(i + r, box.i1);
        cj0[g] = Math.max(j - r, box.j0);
        cj1[g] = Math.min(j + r, box.j1);
      }
      const span = 2 * r;
      for (let a = g0; a < g1; a++) {
        let c = 0;
        for (let b = g0; b < g1; b++) {
          if (b !== a && Math.abs(fi[a] - fi[b]) <= span && Math.abs(fj[a] - fj[b]) <= span && Math.abs(fk[a] - fk[b]) <= span) {
            nbr[a * maxFoci + c++] = b;
          }
        }
        nbrCount[a] = c;
      }
    }
  }

  /**
   * Adds experiment e's term to every voxel of slab k. A focus none of whose neighbours reaches
   * this slab adds its rows directly; otherwise rows that a neighbour also covers take the minimum
   * in `expSlab` first and are flushed once all the experiment's foci are in. Widens `touched`
   * (row range [0], [1]) to the rows written.
   */
  private accumulateExperiment(e: number, k: number, touched: Int32Array): void {
    const kq = this.plan.experimentKernel[e];
    const kernel = this.plan.kernels[kq];
    const r = kernel.radius;
    const size = kernel.size;
    const { nx, ops, expAddr, expStart, fi, fj, fk, ci0, ci1, cj0, cj1, nbr, nbrCount, maxFoci, buffered, cov, covCount } = this;
    const kAddr = this.kernelAddr[kq];
    const slabStride = 8 * nx;
    const expStride = 4 * nx;
    const lkStride = 4 * size;
    let nBuf = 0;
    for (let g = expStart[e], g1 = expStart[e + 1]; g < g1; g++) {
      const dk = k - fk[g];
      if (dk > r || dk < -r) continue;
      const i0 = ci0[g], i1 = ci1[g], j0 = cj0[g], j1 = cj1[g];
      if (i0 > i1 || j0 > j1) continue;
      if (j0 < touched[0]) touched[0] = j0;
      if (j1 > touched[1]) touched[1] = j1;
      // Kernel entry of slab voxel (i, j): lk[base + j·size + i].
      const base = (dk + r) * size * size - (fj[g] - r) * size - (fi[g] - r);
      const w = i1 - i0 + 1;
      const c0 = nBuf * maxFoci;
      let nc = 0;
      for (let q = g * maxFoci, q1 = q + nbrCount[g]; q < q1; q++) {
        const b = nbr[q];
        const bk = k - fk[b];
        if (bk <= r && bk >= -r) cov[c0 + nc++] = b;
      }
      if (nc === 0) {
        ops.addRows(8 * (j0 * nx + i0), kAddr + 4 * (base + j0 * size + i0), w, j1 - j0 + 1, slabStride, lkStride);
        continue;
      }
      covCount[nBuf] = nc;
      buffered[nBuf++] = g;
      // Runs of consecutive rows that are all shared or all private.
      for (let j = j0; j <= j1; ) {
        const shared = rowShared(cov, c0, nc, fj, j, r);
        let end = j + 1;
        while (end <= j1 && rowShared(cov, c0, nc, fj, end, r) === shared) end++;
        const lk = kAddr + 4 * (base + j * size + i0);
        if (shared) ops.minRows(expAddr + 4 * (j * nx + i0), lk, w, end - j, expStride, lkStride);
        else ops.addRows(8 * (j * nx + i0), lk, w, end - j, slabStride, lkStride);
        j = end;
      }
    }
    for (let q = 0; q < nBuf; q++) {
      const g = buffered[q];
      const c0 = q * maxFoci;
      const nc = covCount[q];
      const i0 = ci0[g];
      const w = ci1[g] - i0 + 1;
      for (let j = cj0[g], j1 = cj1[g]; j <= j1; ) {
        const shared = rowShared(cov, c0, nc, fj, j, r);
        let end = j + 1;
        while (end <= j1 && rowShared(cov, c0, nc, fj, end, r) === shared) end++;
        if (shared) ops.flushRows(8 * (j * nx + i0), expAddr + 4 * (j * nx + i0), w, end - j, slabStride, expStride);
        j = end;
      }
    }
  }

  /** Runs iteration t and returns its three maxima. */
  iterate(t: number): { maxAle: number; maxClusterSize: number; maxClusterMass: number } {
    const { maskIndices, clusterThresholdAle } = this.plan;
    const { nx, nxy, box, slab, slabMaskStart, above, aleAt, candidates, sLoose } = this;
    this.placeFoci(t);
    const nExp = this.expStart.length - 1;
    const touched = new Int32Array(2);
    let minS = 0;
    let nCand = 0;
    for (let k = box.k0; k <= box.k1; k++) {
      touched[0] = this.ny;
      touched[1] = -1;
      for (let e = 0; e < nExp; e++) this.accumulateExperiment(e, k, touched);
      const kOff = k * nxy;
      for (let m = slabMaskStart[k], m1 = slabMaskStart[k + 1]; m < m1; m++) {
        const v = maskIndices[m];
        const s = slab[v - kOff];
        if (s === 0) continue;
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
      if (touched[1] >= touched[0]) slab.fill(0, touched[0] * nx, (touched[1] + 1) * nx);
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

/** Whether row j is also covered by one of the neighbours `cov[c0 … c0 + nc)` (all reach the slab). */
function rowShared(cov: Int32Array, c0: number, nc: number, fj: Int32Array, j: number, r: number): boolean {
  for (let q = c0; q < c0 + nc; q++) {
    const d = j - fj[cov[q]];
    if (d <= r && d >= -r) return true;
  }
  return false;
}
