// The exact small case of the issue: two studies, one peak each, every step checked against
// values computed by hand (NumPy, formulas of cbma.md B1–B6) on a 21³ grid of 2 mm voxels
// centred on the origin.
//   A: n = 20/20, peak (0, 0, 0), t = +4 → g_A = J·t·√(1/20 + 1/20) = 1.2397803806752852
//   B: n = 30/30, peak (6, 0, 0), t = +3 → g_B = 0.7645369722383472
//   σ = 20/2.35482 = 8.493218002880191 mm.
import { describe, expect, it } from "vitest";
import { flatIndex, mmToVoxelContinuous } from "../grid";
import { fitSdm } from "./fit-sdm";
import { PermutationRunner } from "./permutation";
import { buildPlan } from "./observed";
import { centredMask, study } from "./test-support";
import { randomEffects } from "./random-effects";

const mask = centredMask([21, 21, 21], 2);
const dataset = { name: "two studies", experiments: [study("A", 20, 20, [[0, 0, 0, 4]]), study("B", 30, 30, [[6, 0, 0, 3]])] };
const byHand: Record<string, { yA: number; yB: number; effect: number; se: number; z: number; q: number; tau2: number; i2: number }> = {
  "0,0,0": { yA: 1.2397803806752852, yB: 0.595700128609003, effect: 0.879243987897526, se: 0.3197309497408229, z: 2.7499495704443064, q: 2.1968117445214714, tau2: 0.11300117833552523, i2: 0.544794858961468 },
  "6,0,0": { yA: 0.9659929591801931, yB: 0.7645369722383472, effect: 0.8432025552953195, se: 0.20881391150941023, z: 4.038057374627171, q: 0.2215288721640279, tau2: 0, i2: 0 },
  "2,4,-2": { yA: 1.0497782256958272, yB: 0.595700128609003, effect: 0.7741224223521961, se: 0.2217727231112817, z: 3.490611521074009, q: 1.1242516916253975, tau2: 0.011393833593902338, i2: 0.11051946156804038 },
  "-10,0,0": { yA: 0.6198901903376426, yB: 0.1296467706290353, effect: 0.3360157294376538, se: 0.24203899877558693, z: 1.3882710271380685, q: 1.4004927639202156, tau2: 0.034364288378587377, i2: 0.28596560741889787 },
};

function masked(fit: Awaited<ReturnType<typeof fitSdm>>, mm: [number, number, number]): number {
  const [i, j, k] = mmToVoxelContinuous(fit.space.grid, mm).map(Math.round);
  return fit.space.maskedIndex[flatIndex(fit.space.grid, i, j, k)];
}

describe("two studies, one peak each", () => {
  it("peak g, study maps and the pooled maps equal the hand computation", async () => {
    const fit = await fitSdm(dataset, { mask, atlas: null, permutations: 0, threads: 0 });
    expect(fit.studies[0].peaks[0].g).toBeCloseTo(1.2397803806752852, 12);
    expect(fit.studies[1].peaks[0].g).toBeCloseTo(0.7645369722383472, 12);
    for (const [key, h] of Object.entries(byHand)) {
      const mm = key.split(",").map(Number) as [number, number, number];
      const m = masked(fit, mm);
      expect(fit.maps.effect[m], key).toBeCloseTo(h.effect, 5);
      expect(fit.maps.se[m], key).toBeCloseTo(h.se, 5);
      expect(fit.maps.z[m], key).toBeCloseTo(h.z, 5);
      expect(fit.maps.q[m], key).toBeCloseTo(h.q, 5);
      expect(fit.maps.tau2[m], key).toBeCloseTo(h.tau2, 5);
      expect(fit.maps.i2[m], key).toBeCloseTo(h.i2, 5);
    }
    // Far from both peaks (> 3σ): both studies imputed null → effect 0, z 0.
    const far = masked(fit, [-20, -20, -20]);
    expect(fit.maps.effect[far]).toBe(0);
    expect(fit.maps.z[far]).toBe(0);
    expect(fit.warnings).toContain("permutations = 0: no p maps and no clusters");
  });

  it("permutation p values equal brute-force counts over the permuted maps", async () => {
    const permutations = 20;
    const fit = await fitSdm(dataset, { mask, atlas: null, permutations, seed: 9, threads: 0 });
    // Dense reference: re-run every permutation and keep every voxel's |z|.
    const runner = new PermutationRunner(buildPlan(fit.space, fit.params.kernel, fit.studies, fit.models, { kind: "mean", method: "DL" }, 9, fit.params.histogram));
    const all: number[] = [];
    const maxima: number[] = [];
    for (let t = 0; t < permutations; t++) {
      maxima.push(runner.run(t));
      for (const v of runner.lastZ) all.push(Math.abs(v));
      expect(maxima[t]).toBeCloseTo(Math.max(...runner.lastZ.map(Math.abs)), 5);
    }
    expect(maxima).toEqual(Array.from(fit.null!.maxAbsZ));
    const w = fit.params.histogram.binWidth;
    for (const key of Object.keys(byHand)) {
      const m = masked(fit, key.split(",").map(Number) as [number, number, number]);
      const zObs = Math.abs(fit.maps.z[m]);
      // The binned p counts null values from the observed value's bin up: it lies between the
      // exact count (|z| ≥ observed) and the count from one bin lower.
      const exact = (1 + all.filter((x) => x >= zObs).length) / (1 + all.length);
      const loose = (1 + all.filter((x) => x >= zObs - w).length) / (1 + all.length);
      expect(fit.maps.p[m]).toBeGreaterThanOrEqual(Math.fround(exact) * (1 - 1e-6));
      expect(fit.maps.p[m]).toBeLessThanOrEqual(Math.fround(loose) * (1 + 1e-6));
      const exceed = maxima.filter((x) => x >= zObs).length;
      expect(fit.maps.pFwe[m]).toBeCloseTo((1 + exceed) / (1 + permutations), 6);
    }
    // A voxel far from both peaks has z = 0 and p = 1.
    expect(fit.maps.p[masked(fit, [-20, -20, -20])]).toBe(1);
  });

  it("thresholds into one positive cluster around the peaks, with the studies' values at its peak", async () => {
    const fit = await fitSdm(dataset, { mask, atlas: null, permutations: 40, seed: 2, threads: 0, threshold: { voxelP: 0.05 } });
    const clusters = fit.tables.clusters;
    expect(clusters.length).toBeGreaterThanOrEqual(1);
    const c = clusters[0];
    expect(c.sign).toBe("positive");
    expect(c.sizeVoxels).toBeGreaterThanOrEqual(10);
    // Every voxel of the cluster passes the voxel threshold and is positive.
    for (let m = 0; m < fit.space.nMask; m++) {
      if (fit.clusterLabels[m] !== c.id) continue;
      expect(fit.maps.p[m]).toBeLessThanOrEqual(0.05);
      expect(fit.maps.z[m]).toBeGreaterThan(0);
    }
    // The per-study values at the peak reproduce the pooled effect and the map.
    const pooled = randomEffects(c.studies.map((s) => s.g), c.studies.map((s) => s.variance));
    expect(c.pooled.estimate).toBeCloseTo(pooled.estimate, 12);
    expect(c.pooled.z).toBeCloseTo(c.peakZ, 4);
    expect(c.studies.map((s) => s.id)).toEqual(["A", "B"]);
    expect(c.contributingStudies).toEqual(["A", "B"]);
    expect(c.studies.reduce((a, s) => a + s.weightPercent, 0)).toBeCloseTo(100, 10);
    expect(c.egger).toEqual({ k: 2, reason: "Egger's test needs at least 3 studies" });
  });
});
