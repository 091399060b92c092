import { describe, expect, it } from "vitest";
import { fdrBh, ksTwoSample, negLog10P, normalQuantile, pToZOneTailed, upperTailP } from "./stats";

describe("statistics helpers", () => {
  it("normal quantile matches known values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 13);
    // Φ(z) by the complementary error function (Python math.erfc): −7.034483825301132 ↔ 1.0000000000000054e-12
    expect(normalQuantile(1e-12)).toBeCloseTo(-7.034483825301132, 11);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it("p → z as NiMARE (float32 p, one tail, negatives to 0)", () => {
    expect(pToZOneTailed(0.001)).toBeCloseTo(3.0902323, 6);
    expect(pToZOneTailed(0.7)).toBe(0);
    expect(pToZOneTailed(0)).toBeCloseTo(12.94995, 4); // p clipped at the smallest normal float32
    expect(negLog10P(0.001)).toBeCloseTo(3, 6);
  });

  it("permutation p without +1, clipped to [1/n, 1 − 1/n]", () => {
    const nul = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(upperTailP(8, nul)).toBeCloseTo(0.3, 15);
    expect(upperTailP(11, nul)).toBeCloseTo(0.1, 15);
    expect(upperTailP(0, nul)).toBeCloseTo(0.9, 15);
  });

  it("Benjamini–Hochberg adjusted p-values", () => {
    const q = fdrBh([0.01, 0.04, 0.03, 0.005]);
    expect(Array.from(q)).toEqual([0.02, 0.04, 0.04, 0.02]);
  });

  it("KS test separates shifted samples and accepts identical ones", () => {
    const a = Array.from({ length: 500 }, (_, i) => i / 500);
    expect(ksTwoSample(a, a).p).toBeGreaterThan(0.99);
    expect(ksTwoSample(a, a.map((x) => x + 0.2)).p).toBeLessThan(1e-6);
  });
});
