import { describe, expect, it } from "vitest";
import { orderMetrics, randomOrderMetrics } from "./metrics";

describe("screening-order metrics (benchmarks.md definitions)", () => {
  it("computes WSS@95 and recall@x by hand", () => {
    // N = 10, R = 2; the 2nd relevant is found at k = 3 → WSS@95 = (10 − 3)/10 − 0.05 = 0.65.
    // After round(1) = 1 record: 1 of 2 found; after round(2.5) = 3 and round(5) = 5: both.
    const m = orderMetrics([1, 0, 1, 0, 0, 0, 0, 0, 0, 0], 10, 2);
    expect(m.wss95).toBeCloseTo(0.65, 12);
    expect(m.recallAt10pct).toBe(0.5);
    expect(m.recallAt25pct).toBe(1);
    expect(m.recallAt50pct).toBe(1);
  });

  it("accepts an order cut short after the last relevant record", () => {
    expect(orderMetrics([0, 0, 1], 10, 1).wss95).toBeCloseTo(0.7 - 0.05, 12);
    expect(() => orderMetrics([0, 0, 1], 10, 2)).toThrow(/1 of 2 relevant found/);
    // ceil(0.95·20) = 19 found fixes WSS@95; once half the records are screened every recall is fixed.
    const partial = [...Array(19).fill(1), ...Array(31).fill(0)];
    expect(orderMetrics(partial, 100, 20).recallAt50pct).toBeCloseTo(0.95, 12);
    expect(() => orderMetrics(partial.slice(0, 49), 100, 20)).toThrow(/not determined/);
  });

  it("uses ceil(0.95·R): with R = 40 the 38th relevant record counts", () => {
    const labels = [...Array(37).fill(1), ...Array(10).fill(0), 1, 0, 0, 1, 1];
    // 38th relevant at position 48 of N = 100 → WSS = 52/100 − 0.05
    expect(orderMetrics(labels, 100, 40).wss95).toBeCloseTo(0.47, 12);
  });

  it("gives the exact expectation for random order", () => {
    // R = 2, target 2: expected position 2·(10 + 1)/(2 + 1) = 22/3 → (10 − 22/3)/10 − 0.05
    const r = randomOrderMetrics(10, 2);
    expect(r.wss95).toBeCloseTo((10 - 22 / 3) / 10 - 0.05, 12);
    expect(r.recallAt50pct).toBe(0.5);
  });
});
