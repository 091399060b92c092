/**
 * Voxel-wise random-effects meta-analysis with REML τ² (optional; DerSimonian–Laird is the
 * default). REML needs every study's effect at each voxel for its iterations, so this path keeps a
 * dense voxel × study matrix; it is several times slower than the sparse DL path.
 */
import type { StudyMapBuilder } from "./kernel";
import { dlFromSums, remlTau2 } from "./random-effects";
import type { StudyVoxelModel } from "./study-values";
import type { RandomEffectsMaps } from "./voxelwise-random-effects";

/** Same interface as `VoxelwiseRandomEffects`, with REML τ². */
export class VoxelwiseReml {
  readonly nMask: number;
  readonly models: readonly StudyVoxelModel[];
  private readonly y: Float32Array;
  private readonly reached: Uint8Array;

  constructor(nMask: number, models: readonly StudyVoxelModel[]) {
    this.nMask = nMask;
    this.models = models;
    this.y = new Float32Array(nMask * models.length);
    this.reached = new Uint8Array(nMask);
  }

  begin(): void {
    const k = this.models.length;
    for (let s = 0; s < k; s++) {
      const b = this.models[s].baselineY;
      for (let m = 0; m < this.nMask; m++) this.y[m * k + s] = b;
    }
    this.reached.fill(0);
  }

  addStudy(s: number, builder: StudyMapBuilder): void {
    const k = this.models.length;
    const { baselineY: b, thresholdG, mode } = this.models[s];
    const { touched, value, count } = builder;
    for (let t = 0; t < count; t++) {
      const m = touched[t];
      const r = value[m];
      const yv = mode === "estimate" || Math.abs(r) >= thresholdG ? r : b;
      if (yv === b) continue;
      this.y[m * k + s] = yv;
      this.reached[m] = 1;
    }
    builder.clear();
  }

  finish(z: Float32Array, extra: RandomEffectsMaps = {}): number {
    const k = this.models.length;
    const yv = new Float64Array(k);
    const vv = new Float64Array(k);
    // Voxels no study reaches all hold the baselines: compute that case once.
    const baseline = this.pool(yv, vv, -1);
    let maxAbs = 0;
    for (let m = 0; m < this.nMask; m++) {
      const r = this.reached[m] ? this.pool(yv, vv, m) : baseline;
      z[m] = r.z;
      if (Math.abs(r.z) > maxAbs) maxAbs = Math.abs(r.z);
      if (extra.effect) extra.effect[m] = r.estimate;
      if (extra.se) extra.se[m] = r.se;
      if (extra.q) extra.q[m] = r.q;
      if (extra.i2) extra.i2[m] = r.i2;
      if (extra.tau2) extra.tau2[m] = r.tau2;
    }
    return maxAbs;
  }

  private pool(yv: Float64Array, vv: Float64Array, m: number) {
    const k = this.models.length;
    let sw = 0;
    let swy = 0;
    let swy2 = 0;
    let sw2 = 0;
    for (let s = 0; s < k; s++) {
      const model = this.models[s];
      const y = m < 0 ? model.baselineY : this.y[m * k + s];
      const v = model.baseVariance + y * y * model.halfInvN;
      yv[s] = y;
      vv[s] = v;
      const w = 1 / v;
      sw += w;
      swy += w * y;
      swy2 += w * y * y;
      sw2 += w * w;
    }
    const dl = dlFromSums(k, sw, swy, swy2, sw2);
    const tau2 = remlTau2(yv, vv, dl.tau2);
    let rw = 0;
    let rwy = 0;
    for (let s = 0; s < k; s++) {
      const w = 1 / (vv[s] + tau2);
      rw += w;
      rwy += w * yv[s];
    }
    return { z: rwy / Math.sqrt(rw), estimate: rwy / rw, se: 1 / Math.sqrt(rw), q: dl.q, i2: dl.i2, tau2 };
  }
}
