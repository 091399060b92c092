import { describe, expect, it } from "vitest";
import { createRng } from "./rng";
import { yieldCurveEstimate } from "./yield-curve";

describe("yieldCurveEstimate", () => {
  it("carries a smoothed flat rate when the window holds no relevant record", () => {
    // 100 screened → window max(50, 50) = 50 with 0 hits: rate (0 + 0.5)/(50 + 1), 900 unscreened.
    const e = yieldCurveEstimate(new Array(100).fill(0), 1000);
    expect(e.fit).toBeNull();
    expect(e.windowSize).toBe(50);
    expect(e.expected).toBeCloseTo((0.5 / 51) * 900, 12);
  });

  it("recovers the remaining count of a simulated exponentially declining discovery rate", () => {
    // Rate of relevant per decision λ(k) = 0.5·exp(−6k/N), N = 2000; screen 600, truth = Σ λ over the rest.
    const n = 2000;
    const rate = (k: number) => 0.5 * Math.exp((-6 * k) / n);
    let truth = 0;
    for (let k = 600; k < n; k++) truth += rate(k);
    const estimates: number[] = [];
    let covered = 0;
    for (let seed = 0; seed < 20; seed++) {
      const rng = createRng(seed);
      const labels = Array.from({ length: 600 }, (_, k) => (rng() < rate(k) ? 1 : 0));
      const e = yieldCurveEstimate(labels, n);
      estimates.push(e.expected);
      if (truth >= e.interval90[0] && truth <= e.interval90[1]) covered++;
    }
    // Σ 0.5·exp(−6k/2000), k = 600…1999 ≈ 0.5·(2000/6)·(e^−1.8 − e^−6) ≈ 27.2
    expect(truth).toBeCloseTo(27.2, 0);
    estimates.sort((a, b) => a - b);
    const median = (estimates[9] + estimates[10]) / 2;
    // One window of 300 noisy decisions pins the slope loosely: single estimates range widely
    // (a flat fallback when the window shows no decline), but the median is close and the
    // 90% intervals cover the truth.
    expect(Math.abs(median - truth) / truth).toBeLessThan(0.35);
    expect(covered).toBeGreaterThanOrEqual(16);
  });

  it("returns 0 when nothing is left to screen", () => {
    expect(yieldCurveEstimate([1, 0, 1], 3).expected).toBe(0);
  });
});
