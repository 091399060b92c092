// The fast voxel-wise code (sparse sums, peaks added straight from the kernel) against the dense single-voxel
// references, voxel by voxel.
import { describe, expect, it } from "vitest";
import { createRng } from "../rng";
import { buildVoxelKernel, StudyMapBuilder, stampAtMm, stampAtVoxel } from "./kernel";
import { metaRegression } from "./meta-regression";
import { buildPlan, feedObservedStudies } from "./observed";
import { DEFAULT_Z_HISTOGRAM, PermutationRunner } from "./permutation";
import { prepareStudies } from "./prepare";
import { randomEffects } from "./random-effects";
import { createSpace } from "./space";
import { mapValue, type StudyMapMode, studyVoxelModel, variance } from "./study-values";
import { centredMask, study } from "./test-support";
import type { SdmExperiment } from "./types";
import { VoxelwiseMetaRegression } from "./voxelwise-meta-regression";
import { VoxelwiseRandomEffects } from "./voxelwise-random-effects";
import { VoxelwiseReml } from "./voxelwise-reml";

const mask = centredMask([17, 17, 17], 2, 16);
const space = createSpace(mask);
const kernelOptions = { fwhmMm: 12, truncateSigmas: 3 };
const kernel = buildVoxelKernel(space.grid, kernelOptions);

function randomStudies(seed: number, k: number): SdmExperiment[] {
  const rng = createRng(seed);
  return Array.from({ length: k }, (_, s) => {
    const peaks = Array.from({ length: rng.nextInt(4) }, () => {
      const c = () => 2 * (rng.nextInt(13) - 6);
      return [c(), c(), c(), (rng.nextFloat() < 0.5 ? -1 : 1) * (3 + 3 * rng.nextFloat())] as [number, number, number, number];
    });
    return study(`s${s}`, 12 + rng.nextInt(30), 12 + rng.nextInt(30), peaks, { attributes: { age: 20 + 40 * rng.nextFloat() } });
  });
}

/** Dense per-study maps (studies × voxels) straight from the kernel. */
function denseMaps(studies: ReturnType<typeof prepareStudies>["studies"]) {
  return studies.map((s) => {
    const b = new StudyMapBuilder(space.nMask);
    for (const p of s.peaks) stampAtMm(space, kernel, p.mm, p.g, b);
    return Float64Array.from(b.value);
  });
}

describe.each(["estimate", "lower-bound", "upper-bound"] as StudyMapMode[])("voxel-wise DerSimonian–Laird (%s maps)", (mode) => {
  it("equals randomEffects at every voxel", () => {
    const { studies } = prepareStudies({ name: "r", experiments: randomStudies(11, 9) });
    const models = studies.map((s) => studyVoxelModel(s.design, s.thresholdG, mode));
    const stat = new VoxelwiseRandomEffects(space.nMask, models);
    feedObservedStudies(space, kernel, studies, stat);
    const n = space.nMask;
    const out = { effect: new Float32Array(n), se: new Float32Array(n), q: new Float32Array(n), i2: new Float32Array(n), tau2: new Float32Array(n) };
    const z = new Float32Array(n);
    const maxAbs = stat.finish(z, out);
    const dense = denseMaps(studies);
    let max = 0;
    const worst = { z: 0, effect: 0, se: 0, q: 0, tau2: 0, i2: 0 };
    const track = (key: keyof typeof worst, a: number, b: number) => (worst[key] = Math.max(worst[key], Math.abs(a - b) / Math.max(1, Math.abs(b))));
    for (let m = 0; m < n; m++) {
      const y = dense.map((d, s) => mapValue(models[s], Math.fround(d[m])));
      const v = y.map((yi, s) => variance(models[s], yi));
      const r = randomEffects(y, v);
      track("z", z[m], r.z);
      track("effect", out.effect[m], r.estimate);
      track("se", out.se[m], r.se);
      track("q", out.q[m], r.q);
      track("tau2", out.tau2[m], r.tau2);
      track("i2", out.i2[m], r.i2);
      max = Math.max(max, Math.abs(r.z));
    }
    // Float32 output maps: agreement to float32 precision.
    for (const key of Object.keys(worst) as (keyof typeof worst)[]) expect(worst[key], key).toBeLessThan(1e-6);
    expect(maxAbs).toBeCloseTo(max, 5);
    // Not a vacuous comparison: the maps carry effects and heterogeneity.
    expect(max).toBeGreaterThan(1);
    expect(out.tau2.some((t) => t > 0)).toBe(true);
  });
});

describe("voxel-wise REML and meta-regression", () => {
  const { studies } = prepareStudies({ name: "r", experiments: randomStudies(5, 7) });
  const models = studies.map((s) => studyVoxelModel(s.design, s.thresholdG, "estimate"));
  const dense = denseMaps(studies);

  it("REML equals randomEffects(method REML) at every voxel", () => {
    const stat = new VoxelwiseReml(space.nMask, models);
    feedObservedStudies(space, kernel, studies, stat);
    const z = new Float32Array(space.nMask);
    const tau2 = new Float32Array(space.nMask);
    stat.finish(z, { tau2 });
    let worst = 0;
    for (let m = 0; m < space.nMask; m++) {
      const y = dense.map((d) => Math.fround(d[m]));
      const r = randomEffects(y, y.map((yi, s) => variance(models[s], yi)), { method: "REML" });
      worst = Math.max(worst, Math.abs(z[m] - r.z) / Math.max(1, Math.abs(r.z)), Math.abs(tau2[m] - r.tau2));
    }
    expect(worst).toBeLessThan(1e-6);
    expect(tau2.some((t) => t > 0)).toBe(true);
  });

  it("meta-regression slope z equals metaRegression at every voxel", () => {
    const x = studies.map((s) => s.attributes.age as number);
    const stat = new VoxelwiseMetaRegression(space.nMask, models, x);
    feedObservedStudies(space, kernel, studies, stat);
    const z = new Float32Array(space.nMask);
    const slope = new Float32Array(space.nMask);
    stat.finish(z, { slope });
    let worst = 0;
    let largest = 0;
    for (let m = 0; m < space.nMask; m++) {
      const y = dense.map((d) => Math.fround(d[m]));
      const r = metaRegression(y, y.map((yi, s) => variance(models[s], yi)), x);
      worst = Math.max(worst, Math.abs(z[m] - r.slopeZ) / Math.max(1, Math.abs(r.slopeZ)), Math.abs(slope[m] - r.slope));
      largest = Math.max(largest, Math.abs(r.slopeZ));
    }
    expect(worst).toBeLessThan(1e-5);
    expect(largest).toBeGreaterThan(1);
  });
});

describe.each(["estimate", "lower-bound"] as StudyMapMode[])("permutation runner (%s maps)", (mode) => {
  it("equals a naive permutation (same draws, study maps built peak by peak, dense pooling)", () => {
    // Up to 4 peaks per study of both signs and different sizes: overlapping kernels exercise the
    // largest-magnitude replacement of the fast path.
    const experiments = randomStudies(3, 6).map((e, i) =>
      study(e.id, e.nPatients, e.nControls, Array.from({ length: 1 + (i % 4) }, (_, p) => [0, 0, 0, (p % 2 ? -1 : 1) * (3.5 + i + p)] as [number, number, number, number])),
    );
    const { studies } = prepareStudies({ name: "p", experiments });
    const models = studies.map((s) => studyVoxelModel(s.design, s.thresholdG, mode));
    const plan = buildPlan(space, kernelOptions, studies, models, { kind: "mean", method: "DL" }, 42, DEFAULT_Z_HISTOGRAM);
    const runner = new PermutationRunner(plan);
    const [nx, ny] = space.grid.dims;
    for (let t = 0; t < 4; t++) {
      const maxAbs = runner.run(t);
      const rng = createRng(42, t);
      const maps = studies.map((s) => {
        const b = new StudyMapBuilder(space.nMask);
        for (const p of s.peaks) {
          const v = mask.indices[rng.nextInt(mask.count)];
          const i = v % nx;
          const j = ((v - i) / nx) % ny;
          stampAtVoxel(space, kernel, i, j, (v - i - nx * j) / (nx * ny), p.g, b);
        }
        return Float64Array.from(b.value);
      });
      let naiveMax = 0;
      for (let m = 0; m < space.nMask; m++) {
        const y = maps.map((d, s) => mapValue(models[s], d[m]));
        naiveMax = Math.max(naiveMax, Math.abs(randomEffects(y, y.map((yi, s) => variance(models[s], yi))).z));
      }
      expect(maxAbs).toBeCloseTo(naiveMax, 4);
    }
    const total = runner.histogram.reduce((a, b) => a + b, 0);
    expect(total).toBe(4 * space.nMask);
  });
});
