/**
 * Voxel-wise DerSimonian–Laird random-effects meta-analysis over all in-mask voxels.
 *
 * Hand-written for speed (it runs once per permutation): study maps are sparse (a study differs
 * from its baseline only near its peaks), so the fixed-effect sums start from the all-baseline
 * totals and each study adds only the change it makes at the voxels it reaches. Cost per map is
 * O(nMask + Σ reached voxels) instead of O(nMask · k). Results equal `randomEffects` (the dense
 * reference) voxel by voxel; tests check it.
 */
import type { StudyMapBuilder, VoxelKernel } from "./kernel";
import type { SdmSpace } from "./space";
import type { StudyVoxelModel } from "./study-values";

/** Optional per-voxel outputs besides z. */
export interface RandomEffectsMaps {
  effect?: Float32Array;
  se?: Float32Array;
  q?: Float32Array;
  i2?: Float32Array;
  tau2?: Float32Array;
}

/** Reusable accumulator: `begin()`, `addStudy()` for each study, `finish()`. Not thread-safe. */
export class VoxelwiseRandomEffects {
  readonly nMask: number;
  readonly models: readonly StudyVoxelModel[];
  /** Interleaved fixed-effect sums per voxel: [Σw, Σwy, Σwy², Σw²] at 4m … 4m+3 (one cache line). */
  private readonly sums: Float64Array;
  private readonly tau2: Float64Array;
  private readonly rw: Float64Array;
  private readonly rwy: Float64Array;
  private entryVoxel: Int32Array;
  /** Recreated (kernel) value of each entry; the map value follows from the study's mode. */
  private entryY: Float32Array;
  private readonly studyEnd: Int32Array;
  private entries = 0;
  private studyStart = 0;
  /** Masked voxel → index of the current study's entry there (−1: none). */
  private readonly entryOf: Int32Array;
  private readonly base: { sw: number; swy: number; swy2: number; sw2: number };
  /** Studies grouped by identical baseline (variance, effect), for the random-effects pass. */
  private readonly groups: { v0: number; b: number; count: number }[];

  constructor(nMask: number, models: readonly StudyVoxelModel[]) {
    this.nMask = nMask;
    this.models = models;
    this.sums = new Float64Array(nMask * 4);
    this.tau2 = new Float64Array(nMask);
    this.rw = new Float64Array(nMask);
    this.rwy = new Float64Array(nMask);
    this.entryVoxel = new Int32Array(nMask * 2);
    this.entryY = new Float32Array(nMask * 2);
    this.studyEnd = new Int32Array(models.length);
    this.entryOf = new Int32Array(nMask).fill(-1);
    const base = { sw: 0, swy: 0, swy2: 0, sw2: 0 };
    const groups = new Map<string, { v0: number; b: number; count: number }>();
    for (const m of models) {
      const b = m.baselineY;
      const v0 = m.baseVariance + b * b * m.halfInvN;
      const w0 = 1 / v0;
      base.sw += w0;
      base.swy += w0 * b;
      base.swy2 += w0 * b * b;
      base.sw2 += w0 * w0;
      const key = `${v0}|${b}`;
      const g = groups.get(key);
      if (g) g.count++;
      else groups.set(key, { v0, b, count: 1 });
    }
    this.base = base;
    this.groups = [...groups.values()];
  }

  /** Resets every voxel to the all-baseline sums. */
  begin(): void {
    const { sums, base } = this;
    for (let o = 0; o < sums.length; o += 4) {
      sums[o] = base.sw;
      sums[o + 1] = base.swy;
      sums[o + 2] = base.swy2;
      sums[o + 3] = base.sw2;
    }
    this.entries = 0;
    this.studyStart = 0;
  }

  private grow(extra: number): void {
    const need = this.entries + extra;
    if (need <= this.entryVoxel.length) return;
    const size = Math.max(need, this.entryVoxel.length * 2);
    const v = new Int32Array(size);
    v.set(this.entryVoxel.subarray(0, this.entries));
    const y = new Float32Array(size);
    y.set(this.entryY.subarray(0, this.entries));
    this.entryVoxel = v;
    this.entryY = y;
  }

  /**
   * Adds one peak of study s straight from the kernel, without building the study map: the
   * permutation loop's fast path. Where an earlier peak of s already reached a voxel, the value of
   * larger magnitude is kept (its contribution replaces the other's). Call `endStudy(s)` after the
   * last peak of s. Entries hold the recreated value (float32, as a StudyMapBuilder would).
   */
  addPeak(s: number, space: SdmSpace, kernel: VoxelKernel, i: number, j: number, k: number, g: number): void {
    if (!(Math.abs(g) > 1e-30)) return;
    const [nx, ny, nz] = space.grid.dims;
    const [ri, rj, rk] = kernel.reach;
    const inside = i - ri >= 0 && j - rj >= 0 && k - rk >= 0 && i + ri < nx && j + rj < ny && k + rk < nz;
    const { baseVariance, halfInvN, baselineY: b, thresholdG, mode } = this.models[s];
    const estimate = mode === "estimate";
    const w0 = 1 / (baseVariance + b * b * halfInvN);
    const bw = w0 * b;
    const bwy2 = w0 * b * b;
    const w02 = w0 * w0;
    this.grow(kernel.count);
    const { sums, entryOf } = this;
    const ev = this.entryVoxel;
    const er = this.entryY;
    const mi = space.maskedIndex;
    const { flat, weight, count, di, dj, dk } = kernel;
    const centre = i + nx * (j + ny * k);
    let n = this.entries;
    for (let e = 0; e < count; e++) {
      let m: number;
      if (inside) {
        m = mi[centre + flat[e]];
      } else {
        const a = i + di[e];
        const bb = j + dj[e];
        const c = k + dk[e];
        if (a < 0 || bb < 0 || c < 0 || a >= nx || bb >= ny || c >= nz) continue;
        m = mi[a + nx * (bb + ny * c)];
      }
      if (m < 0) continue;
      const r = Math.fround(g * weight[e]);
      const idx = entryOf[m];
      let sign = 1;
      let old = 0;
      if (idx >= 0) {
        old = er[idx];
        if (Math.abs(r) <= Math.abs(old)) continue;
        er[idx] = r;
        sign = -1;
      } else {
        ev[n] = m;
        er[n] = r;
        entryOf[m] = n++;
      }
      const o = 4 * m;
      // sign −1: first remove the contribution of the value being replaced, then add the new one.
      for (let pass = sign; pass <= 1; pass += 2) {
        const x = pass < 0 ? old : r;
        const y = estimate || Math.abs(x) >= thresholdG ? x : b;
        if (y === b) continue;
        const w = 1 / (baseVariance + y * y * halfInvN);
        sums[o] += pass * (w - w0);
        sums[o + 1] += pass * (w * y - bw);
        sums[o + 2] += pass * (w * y * y - bwy2);
        sums[o + 3] += pass * (w * w - w02);
      }
    }
    this.entries = n;
  }

  /** Closes study s (after its `addPeak` calls). */
  endStudy(s: number): void {
    const ev = this.entryVoxel;
    for (let e = this.studyStart; e < this.entries; e++) this.entryOf[ev[e]] = -1;
    this.studyEnd[s] = this.entries;
    this.studyStart = this.entries;
  }

  /** Adds study s (studies must be added in order 0…k−1), then clears the builder. */
  addStudy(s: number, builder: StudyMapBuilder): void {
    const model = this.models[s];
    const { baseVariance, halfInvN, baselineY: b, thresholdG, mode } = model;
    const w0 = 1 / (baseVariance + b * b * halfInvN);
    this.grow(builder.count);
    const sums = this.sums;
    const bw = w0 * b;
    const bwy2 = w0 * b * b;
    const w02 = w0 * w0;
    const ev = this.entryVoxel;
    const ey = this.entryY;
    let n = this.entries;
    const { touched, value, count } = builder;
    for (let t = 0; t < count; t++) {
      const m = touched[t];
      const r = value[m];
      const y = mode === "estimate" || Math.abs(r) >= thresholdG ? r : b;
      if (y === b) continue;
      const w = 1 / (baseVariance + y * y * halfInvN);
      const o = 4 * m;
      sums[o] += w - w0;
      sums[o + 1] += w * y - bw;
      sums[o + 2] += w * y * y - bwy2;
      sums[o + 3] += w * w - w02;
      ev[n] = m;
      ey[n] = r;
      n++;
    }
    this.entries = n;
    this.endStudy(s);
    builder.clear();
  }

  /**
   * Completes the maps: τ² (DL), random-effects estimate, z = estimate/SE; writes z and any
   * requested extra map. Returns the maximum |z|.
   */
  finish(z: Float32Array, extra: RandomEffectsMaps = {}): number {
    const df = this.models.length - 1;
    const { sums, tau2, rw, rwy, nMask } = this;
    // Extras hoisted out of the loops: this runs once per permutation over every voxel.
    const { q: qOut, i2: i2Out, tau2: tau2Out, effect: effectOut, se: seOut } = extra;
    let anyTau = false;
    for (let m = 0; m < nMask; m++) {
      const o = 4 * m;
      const w = sums[o];
      const wy = sums[o + 1];
      let q = sums[o + 2] - (wy * wy) / w;
      if (q < 0) q = 0;
      let t2 = 0;
      if (q > df) {
        const c = w - sums[o + 3] / w;
        if (c > 0) t2 = (q - df) / c;
      }
      tau2[m] = t2;
      if (t2 > 0) anyTau = true;
      if (qOut) qOut[m] = q;
      if (i2Out) i2Out[m] = q > df ? (q - df) / q : 0;
      if (tau2Out) tau2Out[m] = t2;
    }
    if (anyTau) this.randomWeights();
    let maxAbs = 0;
    for (let m = 0; m < nMask; m++) {
      const random = tau2[m] > 0;
      const w = random ? rw[m] : sums[4 * m];
      const wy = random ? rwy[m] : sums[4 * m + 1];
      const zm = wy / Math.sqrt(w);
      z[m] = zm;
      const a = zm < 0 ? -zm : zm;
      if (a > maxAbs) maxAbs = a;
      if (effectOut) effectOut[m] = wy / w;
      if (seOut) seOut[m] = 1 / Math.sqrt(w);
    }
    return maxAbs;
  }

  /** Σ 1/(v+τ²) and Σ y/(v+τ²) at voxels with τ² > 0. */
  private randomWeights(): void {
    const { tau2, rw, rwy, nMask, groups } = this;
    for (let m = 0; m < nMask; m++) {
      const t2 = tau2[m];
      if (t2 === 0) continue;
      let a = 0;
      let c = 0;
      for (const g of groups) {
        const w = g.count / (g.v0 + t2);
        a += w;
        c += w * g.b;
      }
      rw[m] = a;
      rwy[m] = c;
    }
    const ev = this.entryVoxel;
    const ey = this.entryY;
    let start = 0;
    for (let s = 0; s < this.models.length; s++) {
      const { baseVariance, halfInvN, baselineY: b, thresholdG, mode } = this.models[s];
      const v0 = baseVariance + b * b * halfInvN;
      const end = this.studyEnd[s];
      for (let e = start; e < end; e++) {
        const m = ev[e];
        const t2 = tau2[m];
        if (t2 === 0) continue;
        const r = ey[e];
        const y = mode === "estimate" || Math.abs(r) >= thresholdG ? r : b;
        if (y === b) continue;
        const w = 1 / (baseVariance + y * y * halfInvN + t2);
        const w0 = 1 / (v0 + t2);
        rw[m] += w - w0;
        rwy[m] += w * y - w0 * b;
      }
      start = end;
    }
  }
}
