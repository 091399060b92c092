import { describe, expect, it } from "vitest";
import type { ExperimentMa } from "./modeled-activation";
import { ALE_INV_BIN_STEP, aleBinCount, aleToP, approximateNull, combineHistograms, experimentHistogram, nullFromWeights, pToAleThreshold } from "./null-approximate";

const ma = (values: number[]): ExperimentMa => ({
  voxels: Int32Array.from(values, (_, i) => i),
  ma: Float32Array.from(values),
  logComplement: Float32Array.from(values, (v) => Math.log1p(-v)),
});

describe("approximate ALE null (NiMARE histogram method)", () => {
  it("uses NiMARE's inexact inverse step 1/1e-5", () => {
    expect(ALE_INV_BIN_STEP).toBe(99999.99999999999);
    // a value exactly on the grid falls into the bin below
    expect(Math.trunc(0.00003 * ALE_INV_BIN_STEP)).toBe(2);
  });

  it("sizes the bin grid from the experiments' rounded-up maxima", () => {
    // maxima 0.000025 → 0.00003 each; 1 − (1 − 0.00003)² ≈ 0.00006 → bins up to 0.0000750 → 8 bins
    expect(aleBinCount([0.000025, 0.000025])).toBe(8);
  });

  it("histograms MA over the whole mask (uncovered voxels in bin 0)", () => {
    const h = experimentHistogram(ma([0.000015, 0.000025]), 4, 8);
    expect(Array.from(h)).toEqual([0.5, 0.25, 0.25, 0, 0, 0, 0, 0]);
  });

  it("combines histograms exactly as the pairwise bin-value formula", () => {
    const a = Float64Array.from([0.5, 0.25, 0.25, 0, 0, 0, 0, 0]);
    const b = Float64Array.from([0.25, 0, 0.75, 0, 0, 0, 0, 0]);
    const out = combineHistograms(a, b);
    // brute force over all bin pairs
    const ref = new Float64Array(8);
    for (let x = 0; x < 8; x++)
      for (let y = 0; y < 8; y++) {
        if (!b[x] || !a[y]) continue;
        const score = 1 - (1 - x / 100000) * (1 - y / 100000);
        ref[Math.min(7, Math.trunc(score * ALE_INV_BIN_STEP))] += b[x] * a[y];
      }
    expect(Array.from(out)).toEqual(Array.from(ref));
    expect(out.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
  });

  it("turns weights into p by the normalised upper tail with rounded lookups", () => {
    const nul = nullFromWeights(Float64Array.from([6, 2, 1, 1]));
    expect(Array.from(nul.upperTail)).toEqual([1, 0.4, 0.2, 0.1].map((v, i) => (i === 0 ? 1 : v)));
    expect(aleToP(0, nul)).toBe(1);
    expect(aleToP(0.000014, nul)).toBeCloseTo(0.4, 15); // rounds to bin 1
    expect(aleToP(0.000016, nul)).toBeCloseTo(0.2, 15); // rounds to bin 2
    expect(aleToP(0.9, nul)).toBeCloseTo(0.1, 15); // clipped to the last bin
    expect(pToAleThreshold(0.25, nul)).toBe(0.00001); // first tail ≤ 0.25 is bin 2 → bins[1]
  });

  it("builds the full null from MA maps", () => {
    const nul = approximateNull([ma([0.00002, 0.00001]), ma([0.00003])], 10);
    expect(nul.weights.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 14);
    expect(nul.upperTail[0]).toBe(1);
  });
});
