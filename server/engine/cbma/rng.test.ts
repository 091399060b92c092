import { describe, expect, it } from "vitest";
import { createRng } from "./rng";

describe("seeded RNG", () => {
  it("is reproducible per (seed, stream) and differs across streams and seeds", () => {
    const draw = (seed: number, stream: number) => Array.from({ length: 8 }, ((r) => () => r.nextUint32())(createRng(seed, stream)));
    expect(draw(1, 0)).toEqual(draw(1, 0));
    expect(draw(1, 0)).not.toEqual(draw(1, 1));
    expect(draw(1, 0)).not.toEqual(draw(2, 0));
    expect(draw(2 ** 40, 5)).not.toEqual(draw(0, 5));
  });

  it("draws unbiased integers (chi-square over 7 bins)", () => {
    const rng = createRng(42, 3);
    const counts = new Array(7).fill(0);
    const n = 70_000;
    for (let i = 0; i < n; i++) counts[rng.nextInt(7)]++;
    const chi2 = counts.reduce((a, c) => a + (c - n / 7) ** 2 / (n / 7), 0);
    expect(chi2).toBeLessThan(22.46); // p = 0.001 critical value, 6 df
    for (let i = 0; i < 1000; i++) {
      const x = rng.nextInt(228_483);
      expect(Number.isInteger(x) && x >= 0 && x < 228_483).toBe(true);
    }
  });

  it("gives floats in [0, 1) with mean near 1/2", () => {
    const rng = createRng(7);
    let s = 0;
    for (let i = 0; i < 20_000; i++) {
      const f = rng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      s += f;
    }
    expect(Math.abs(s / 20_000 - 0.5)).toBeLessThan(0.01);
  });

  it("rejects unsafe seeds", () => {
    expect(() => createRng(1.5)).toThrow(/seed/);
  });
});
