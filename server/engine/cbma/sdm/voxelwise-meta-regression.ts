/**
 * Voxel-wise meta-regression on one moderator (slope z map), with the same sparse
 * "baseline totals + per-study changes" scheme as `VoxelwiseRandomEffects`. Equals
 * `metaRegression` (the dense reference) voxel by voxel; tests check it.
 */
import type { StudyMapBuilder } from "./kernel";
import { momentTau2, wlsFromSums } from "./meta-regression";
import type { StudyVoxelModel } from "./study-values";

const FE_KEYS = ["sw", "swx", "swxx", "swy", "swxy", "swyy", "sw2", "sw2x", "sw2xx"] as const;
type FeKey = (typeof FE_KEYS)[number];

/** Optional per-voxel outputs besides the slope z. */
export interface MetaRegressionMaps {
  slope?: Float32Array;
  slopeSe?: Float32Array;
  tau2?: Float32Array;
}

/** Reusable accumulator: `begin()`, `addStudy()` for each study, `finish()`. */
export class VoxelwiseMetaRegression {
  readonly nMask: number;
  readonly models: readonly StudyVoxelModel[];
  readonly moderator: Float64Array;
  private readonly fe: Record<FeKey, Float64Array>;
  private readonly base: Record<FeKey, number>;
  private readonly re: { sw: Float64Array; swx: Float64Array; swxx: Float64Array; swy: Float64Array; swxy: Float64Array };
  private readonly tau2: Float64Array;
  private entryVoxel: Int32Array;
  private entryY: Float32Array;
  private readonly studyEnd: Int32Array;
  private entries = 0;

  constructor(nMask: number, models: readonly StudyVoxelModel[], moderator: ArrayLike<number>) {
    if (moderator.length !== models.length) throw new Error(`meta-regression: ${moderator.length} moderator values for ${models.length} studies`);
    this.nMask = nMask;
    this.models = models;
    this.moderator = Float64Array.from(moderator);
    this.fe = Object.fromEntries(FE_KEYS.map((key) => [key, new Float64Array(nMask)])) as Record<FeKey, Float64Array>;
    this.base = Object.fromEntries(FE_KEYS.map((key) => [key, 0])) as Record<FeKey, number>;
    models.forEach((m, s) => this.addTerms(this.base, 1, m.baselineY, 1 / (m.baseVariance + m.baselineY ** 2 * m.halfInvN), this.moderator[s]));
    const f = () => new Float64Array(nMask);
    this.re = { sw: f(), swx: f(), swxx: f(), swy: f(), swxy: f() };
    this.tau2 = f();
    this.entryVoxel = new Int32Array(nMask * 2);
    this.entryY = new Float32Array(nMask * 2);
    this.studyEnd = new Int32Array(models.length);
  }

  private addTerms(t: Record<FeKey, number>, sign: number, y: number, w: number, x: number): void {
    t.sw += sign * w;
    t.swx += sign * w * x;
    t.swxx += sign * w * x * x;
    t.swy += sign * w * y;
    t.swxy += sign * w * x * y;
    t.swyy += sign * w * y * y;
    t.sw2 += sign * w * w;
    t.sw2x += sign * w * w * x;
    t.sw2xx += sign * w * w * x * x;
  }

  begin(): void {
    for (const key of FE_KEYS) this.fe[key].fill(this.base[key]);
    this.entries = 0;
  }

  addStudy(s: number, builder: StudyMapBuilder): void {
    const { baseVariance, halfInvN, baselineY: b, thresholdG, mode } = this.models[s];
    const x = this.moderator[s];
    const w0 = 1 / (baseVariance + b * b * halfInvN);
    if (this.entries + builder.count > this.entryVoxel.length) {
      const size = Math.max(this.entries + builder.count, this.entryVoxel.length * 2);
      const v = new Int32Array(size);
      v.set(this.entryVoxel.subarray(0, this.entries));
      const y = new Float32Array(size);
      y.set(this.entryY.subarray(0, this.entries));
      this.entryVoxel = v;
      this.entryY = y;
    }
    const fe = this.fe;
    const { touched, value, count } = builder;
    for (let t = 0; t < count; t++) {
      const m = touched[t];
      const r = value[m];
      const y = mode === "estimate" || Math.abs(r) >= thresholdG ? r : b;
      if (y === b) continue;
      const w = 1 / (baseVariance + y * y * halfInvN);
      const dw = w - w0;
      const dwy = w * y - w0 * b;
      const dwyy = w * y * y - w0 * b * b;
      const dw2 = w * w - w0 * w0;
      fe.sw[m] += dw;
      fe.swx[m] += dw * x;
      fe.swxx[m] += dw * x * x;
      fe.swy[m] += dwy;
      fe.swxy[m] += dwy * x;
      fe.swyy[m] += dwyy;
      fe.sw2[m] += dw2;
      fe.sw2x[m] += dw2 * x;
      fe.sw2xx[m] += dw2 * x * x;
      this.entryVoxel[this.entries] = m;
      this.entryY[this.entries] = y;
      this.entries++;
    }
    this.studyEnd[s] = this.entries;
    builder.clear();
  }

  /** Writes the slope z map (and extras); returns max |z|. */
  finish(z: Float32Array, extra: MetaRegressionMaps = {}): number {
    const k = this.models.length;
    const { fe, tau2, re, nMask } = this;
    for (let m = 0; m < nMask; m++) {
      const sums = { sw: fe.sw[m], swx: fe.swx[m], swxx: fe.swxx[m], swy: fe.swy[m], swxy: fe.swxy[m], swyy: fe.swyy[m] };
      tau2[m] = momentTau2(k, sums, fe.sw2[m], fe.sw2x[m], fe.sw2xx[m]);
    }
    this.randomSums();
    let maxAbs = 0;
    for (let m = 0; m < nMask; m++) {
      const src = tau2[m] > 0 ? re : fe;
      const fit = wlsFromSums({ sw: src.sw[m], swx: src.swx[m], swxx: src.swxx[m], swy: src.swy[m], swxy: src.swxy[m], swyy: 0 });
      const se = Math.sqrt(fit.varB1);
      const zm = fit.b1 / se;
      z[m] = zm;
      if (Math.abs(zm) > maxAbs) maxAbs = Math.abs(zm);
      if (extra.slope) extra.slope[m] = fit.b1;
      if (extra.slopeSe) extra.slopeSe[m] = se;
      if (extra.tau2) extra.tau2[m] = tau2[m];
    }
    return maxAbs;
  }

  private randomSums(): void {
    const { tau2, re, nMask, models, moderator } = this;
    for (let m = 0; m < nMask; m++) {
      const t2 = tau2[m];
      if (t2 === 0) continue;
      let a = 0, bx = 0, bxx = 0, by = 0, bxy = 0;
      for (let s = 0; s < models.length; s++) {
        const md = models[s];
        const w = 1 / (md.baseVariance + md.baselineY ** 2 * md.halfInvN + t2);
        const x = moderator[s];
        a += w;
        bx += w * x;
        bxx += w * x * x;
        by += w * md.baselineY;
        bxy += w * x * md.baselineY;
      }
      re.sw[m] = a;
      re.swx[m] = bx;
      re.swxx[m] = bxx;
      re.swy[m] = by;
      re.swxy[m] = bxy;
    }
    let start = 0;
    for (let s = 0; s < models.length; s++) {
      const { baseVariance, halfInvN, baselineY: b } = models[s];
      const x = moderator[s];
      const end = this.studyEnd[s];
      for (let e = start; e < end; e++) {
        const m = this.entryVoxel[e];
        const t2 = tau2[m];
        if (t2 === 0) continue;
        const y = this.entryY[e];
        const dw = 1 / (baseVariance + y * y * halfInvN + t2) - 1 / (baseVariance + b * b * halfInvN + t2);
        const dwy = y / (baseVariance + y * y * halfInvN + t2) - b / (baseVariance + b * b * halfInvN + t2);
        re.sw[m] += dw;
        re.swx[m] += dw * x;
        re.swxx[m] += dw * x * x;
        re.swy[m] += dwy;
        re.swxy[m] += dwy * x;
      }
      start = end;
    }
  }
}
