// Small, fast versions of the simulation checks; bench/sdm.bench.ts runs the full ones on the
// real mask (200 null meta-analyses).
import { describe, expect, it } from "vitest";
import { nullTrial, recoveryTrial, wilsonInterval } from "./accuracy";
import { centredMask } from "./test-support";

describe("recovery of simulated effects", () => {
  it("finds both effects with the right sign; largest effect within 4 mm and pooled g within 10 % of the truth (k = 40, high power)", async () => {
    const mask = centredMask([27, 31, 27], 2, 26);
    const truth = [
      { mm: [-10, 8, 4] as [number, number, number], g: 1.0 },
      { mm: [12, -12, -6] as [number, number, number], g: -1.0 },
    ];
    const { effects, fit } = await recoveryTrial(mask, 7, { studies: 40, truth, nRange: [60, 80], jitterMm: 1, noisePeaks: 1 }, { permutations: 30, threads: 0, kernel: { fwhmMm: 14 } });
    for (const e of effects) {
      const c = fit.tables.clusters.find((k) => (k.sign === "positive") === e.truth.g > 0)!;
      expect(e.found, `effect at ${e.truth.mm}`).toBe(true);
      const effectPeakDistance = Math.hypot(...c.effectPeakMm!.map((x, a) => x - e.truth.mm[a]));
      expect(effectPeakDistance).toBeLessThanOrEqual(4);
      expect(Math.abs(e.gAtEffectPeak! - e.truth.g) / Math.abs(e.truth.g)).toBeLessThanOrEqual(0.1);
      // The z peak can drift onto the blob's shoulder, where the heterogeneity that the few
      // non-reporting (null-imputed) studies create is lower (README, "Accuracy").
      expect(e.peakDistanceMm!).toBeLessThanOrEqual(8);
    }
  });
});

describe("calibration under the null", () => {
  it("voxel-level FWE keeps the family-wise rate near 5 %; uncorrected voxel rate near 0.5 %", async () => {
    const mask = centredMask([17, 17, 17], 2, 16);
    const runs = 40;
    let fwe = 0;
    let sdm = 0;
    let voxelRate = 0;
    for (let s = 0; s < runs; s++) {
      const o = await nullTrial(mask, 500 + s, { studies: 10, peaksRange: [0, 4] }, { permutations: 40, threads: 0, kernel: { fwhmMm: 8 } });
      fwe += Number(o.fweFalsePositive);
      sdm += Number(o.sdmDefaultFalsePositive);
      voxelRate += o.voxelFalsePositiveRate / runs;
    }
    // P(X ≥ 7 | n = 40, p = 0.05) ≈ 3e-4: a miscalibrated FWE would fail here.
    expect(fwe).toBeLessThanOrEqual(6);
    expect(voxelRate).toBeGreaterThan(0.001);
    expect(voxelRate).toBeLessThan(0.015);
    // SDM's uncorrected defaults are not a family-wise procedure: they flag more null analyses.
    expect(sdm).toBeGreaterThanOrEqual(fwe);
  });

  it("Wilson interval", () => {
    // 10/200: 5 % with 95 % CI 2.74–8.96 % (Wilson 1927 score interval).
    const w = wilsonInterval(10, 200);
    expect(w.rate).toBe(0.05);
    expect(w.lower).toBeCloseTo(0.02738, 4);
    expect(w.upper).toBeCloseTo(0.08958, 4);
  });
});
