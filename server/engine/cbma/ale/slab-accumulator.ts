/**
 * Builds one Monte Carlo iteration's ALE exponent Σ_e log1p(−MA_e) one z-slab at a time
 * (why slabs and why wasm: `accumulate.ts`).
 *
 * Per slab k the foci reaching it are visited in experiment order (a per-iteration bucket list).
 * A focus none of whose same-experiment neighbours reaches the slab adds its rows straight into the
 * sums; otherwise its rows that a neighbour also covers take the per-voxel minimum in the
 * experiment buffer, flushed once the experiment's foci are in. Each voxel thus receives exactly one
 * term per reaching experiment, in experiment order.
 */
import { createRng } from "../rng";
import { createSlabRowOps, type SlabRowOps } from "./accumulate";
import type { MonteCarloPlan } from "./monte-carlo-core";
import { type SlabLayout, slabLayout } from "./slab-layout";

/** Reusable per-thread state; `place(t)`, then `accumulate(k)` / `scan(k)` / `clear()` per slab. */
export class SlabAccumulator {
  readonly layout: SlabLayout;
  readonly ops: SlabRowOps;
  /** Sums of the current slab (view of the wasm memory), index i + nx·j. */
  readonly slab: Float64Array;
  /** Output of `scan`: slab indices of the sums below the bound, and the slab minimum. */
  readonly found: Int32Array;
  private readonly minOut: Float64Array;
  private readonly plan: MonteCarloPlan;
  /** Per focus g (experiment order): voxel, footprint clipped to the mask box, experiment, neighbours. */
  private readonly fi: Int32Array;
  private readonly fj: Int32Array;
  private readonly fk: Int32Array;
  private readonly ci0: Int32Array;
  private readonly ci1: Int32Array;
  private readonly cj0: Int32Array;
  private readonly cj1: Int32Array;
  private readonly expOf: Int32Array;
  private readonly expStart: Int32Array;
  /** Overlapping foci of g's experiment: `nbr[g·maxFoci …]`, `nbrCount[g]` of them. */
  private readonly nbr: Int32Array;
  private readonly nbrCount: Int32Array;
  private readonly maxFoci: number;
  /** Foci reaching slab k, ascending: `bucket[bucketStart[k] … bucketStart[k + 1])`. */
  private readonly bucket: Int32Array;
  private readonly bucketStart: Int32Array;
  /** The current experiment's buffered foci and their neighbours reaching the slab. */
  private readonly buffered: Int32Array;
  private readonly cov: Int32Array;
  private readonly covCount: Int32Array;
  private touchedJ0 = 0;
  private touchedJ1 = -1;

  constructor(plan: MonteCarloPlan) {
    this.plan = plan;
    const layout = slabLayout(plan);
    this.layout = layout;
    this.ops = createSlabRowOps(layout.bytes);
    const buf = this.ops.memory.buffer;
    this.slab = new Float64Array(buf, 0, layout.nxy);
    this.found = new Int32Array(buf, layout.foundAddr, layout.nxy);
    this.minOut = new Float64Array(buf, layout.minOutAddr, 1);
    new Int32Array(buf, layout.runsAddr, layout.runs.length).set(layout.runs);
    plan.kernels.forEach((kernel, q) => new Float32Array(buf, layout.kernelAddr[q], kernel.logComplement.length).set(kernel.logComplement));
    const nExp = plan.experimentFoci.length;
    this.expStart = new Int32Array(nExp + 1);
    let maxFoci = 1;
    for (let e = 0; e < nExp; e++) {
      this.expStart[e + 1] = this.expStart[e] + plan.experimentFoci[e];
      maxFoci = Math.max(maxFoci, plan.experimentFoci[e]);
    }
    const nFoci = this.expStart[nExp];
    this.maxFoci = maxFoci;
    [this.fi, this.fj, this.fk, this.ci0, this.ci1, this.cj0, this.cj1, this.nbrCount, this.expOf] = Array.from({ length: 9 }, () => new Int32Array(nFoci));
    for (let e = 0; e < nExp; e++) this.expOf.fill(e, this.expStart[e], this.expStart[e + 1]);
    this.nbr = new Int32Array(nFoci * maxFoci);
    let maxSize = 1;
    for (const kernel of plan.kernels) maxSize = Math.max(maxSize, kernel.size);
    this.bucket = new Int32Array(nFoci * maxSize);
    this.bucketStart = new Int32Array(plan.dims[2] + 1);
    this.buffered = new Int32Array(maxFoci);
    this.cov = new Int32Array(maxFoci * maxFoci);
    this.covCount = new Int32Array(maxFoci);
  }

  /** Draws iteration t's foci (stream `createRng(seed, t)`, experiment by experiment, as always). */
  place(t: number): void {
    const { maskIndices, kernels, experimentKernel, seed } = this.plan;
    const { nx, ny, box } = this.layout;
    const { expStart, fi, fj, fk, ci0, ci1, cj0, cj1, nbr, nbrCount, maxFoci } = this;
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
    this.fillBuckets();
  }

  /** Counting sort of the foci by the slabs they reach; ascending g within a slab. */
  private fillBuckets(): void {
    const { box } = this.layout;
    const { kernels, experimentKernel } = this.plan;
    const { bucket, bucketStart, fk, expOf } = this;
    const nFoci = fk.length;
    bucketStart.fill(0);
    for (let g = 0; g < nFoci; g++) {
      const r = kernels[experimentKernel[expOf[g]]].radius;
      for (let k = Math.max(fk[g] - r, box.k0), k1 = Math.min(fk[g] + r, box.k1); k <= k1; k++) bucketStart[k + 1]++;
    }
    for (let k = 1; k < bucketStart.length; k++) bucketStart[k] += bucketStart[k - 1];
    const fill = bucketStart.slice(0, -1);
    for (let g = 0; g < nFoci; g++) {
      const r = kernels[experimentKernel[expOf[g]]].radius;
      for (let k = Math.max(fk[g] - r, box.k0), k1 = Math.min(fk[g] + r, box.k1); k <= k1; k++) bucket[fill[k]++] = g;
    }
  }

  /** Adds every experiment's term to slab k (the slab must be clear). */
  accumulate(k: number): void {
    const { bucket, bucketStart, expOf } = this;
    this.touchedJ0 = this.layout.ny;
    this.touchedJ1 = -1;
    let nBuf = 0;
    for (let q = bucketStart[k], q1 = bucketStart[k + 1]; q < q1; q++) {
      const g = bucket[q];
      if (this.addFocus(g, k, nBuf)) nBuf++;
      if (nBuf > 0 && (q + 1 === q1 || expOf[bucket[q + 1]] !== expOf[g])) {
        this.flush(expOf[g], nBuf);
        nBuf = 0;
      }
    }
  }

  /** Adds focus g's rows of slab k; returns true when some rows went to the experiment buffer. */
  private addFocus(g: number, k: number, nBuf: number): boolean {
    const kq = this.plan.experimentKernel[this.expOf[g]];
    const { radius: r, size } = this.plan.kernels[kq];
    const { nx, expAddr } = this.layout;
    const { ops, fj, fk, nbr, nbrCount, maxFoci, cov } = this;
    const i0 = this.ci0[g], i1 = this.ci1[g], j0 = this.cj0[g], j1 = this.cj1[g];
    if (i0 > i1 || j0 > j1) return false;
    if (j0 < this.touchedJ0) this.touchedJ0 = j0;
    if (j1 > this.touchedJ1) this.touchedJ1 = j1;
    // Byte address in the kernel of slab voxel (i, j): lk + 4·(j·size + i).
    const lk = this.layout.kernelAddr[kq] + 4 * ((k - fk[g] + r) * size * size - (fj[g] - r) * size - (this.fi[g] - r));
    const w = i1 - i0 + 1;
    const c0 = nBuf * maxFoci;
    let nc = 0;
    for (let q = g * maxFoci, q1 = q + nbrCount[g]; q < q1; q++) {
      const d = k - fk[nbr[q]];
      if (d <= r && d >= -r) cov[c0 + nc++] = nbr[q];
    }
    if (nc === 0) {
      ops.addRows(8 * (j0 * nx + i0), lk + 4 * (j0 * size + i0), w, j1 - j0 + 1, 8 * nx, 4 * size);
      return false;
    }
    this.covCount[nBuf] = nc;
    this.buffered[nBuf] = g;
    for (let j = j0; j <= j1; ) {
      const shared = rowShared(cov, c0, nc, fj, j, r);
      let end = j + 1;
      while (end <= j1 && rowShared(cov, c0, nc, fj, end, r) === shared) end++;
      const src = lk + 4 * (j * size + i0);
      if (shared) ops.minRows(expAddr + 4 * (j * nx + i0), src, w, end - j, 4 * nx, 4 * size);
      else ops.addRows(8 * (j * nx + i0), src, w, end - j, 8 * nx, 4 * size);
      j = end;
    }
    return true;
  }

  /** Moves the shared rows of the buffered foci of experiment e into the sums, clearing the buffer. */
  private flush(e: number, nBuf: number): void {
    const r = this.plan.kernels[this.plan.experimentKernel[e]].radius;
    const { nx, expAddr } = this.layout;
    const { ops, fj, cov, maxFoci } = this;
    for (let q = 0; q < nBuf; q++) {
      const g = this.buffered[q];
      const c0 = q * maxFoci;
      const nc = this.covCount[q];
      const i0 = this.ci0[g];
      const w = this.ci1[g] - i0 + 1;
      for (let j = this.cj0[g], j1 = this.cj1[g]; j <= j1; ) {
        const shared = rowShared(cov, c0, nc, fj, j, r);
        let end = j + 1;
        while (end <= j1 && rowShared(cov, c0, nc, fj, end, r) === shared) end++;
        if (shared) ops.flushRows(8 * (j * nx + i0), expAddr + 4 * (j * nx + i0), w, end - j, 8 * nx, 4 * nx);
        j = end;
      }
    }
  }

  /**
   * Reads slab k's in-mask sums: `found[0 … n)` receives the slab indices (ascending) whose sum is
   * below `bound`; returns n. `slabMin()` then gives the minimum sum (0 if none is negative).
   */
  scan(k: number, bound: number): number {
    const { runsAddr, runStart, minOutAddr, foundAddr } = this.layout;
    return this.ops.scanRuns(runsAddr + 8 * runStart[k], runStart[k + 1] - runStart[k], foundAddr, minOutAddr, bound);
  }

  /** Minimum in-mask sum of the last scanned slab (≤ 0). */
  slabMin(): number {
    return this.minOut[0];
  }

  /** Zeroes the rows written since the last `accumulate`. */
  clear(): void {
    if (this.touchedJ1 >= this.touchedJ0) this.slab.fill(0, this.touchedJ0 * this.layout.nx, (this.touchedJ1 + 1) * this.layout.nx);
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
