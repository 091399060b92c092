import { describe, expect, it } from "vitest";
import { icc, iccAnova } from "./icc";

// Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges. Their Table 3 gives
// BMS = 11.24, WMS = 6.26, JMS = 32.49, EMS = 1.02, and Table 4 ICC(2,1) = .29, ICC(3,1) = .71.
// The 95% intervals (.019, .76) and (.34, .95) are those printed by R psych::ICC for this data
// (its documentation example), which uses McGraw & Wong's formulas.
const shroutFleiss = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];
const published = 0.005;

describe("ICC on the Shrout & Fleiss (1979) example", () => {
  const r = icc(shroutFleiss);

  it("reproduces the ANOVA mean squares", () => {
    expect(r.anova.msRows).toBeCloseTo(11.24, 2);
    expect(r.anova.msWithin).toBeCloseTo(6.26, 2);
    expect(r.anova.msColumns).toBeCloseTo(32.49, 2);
    expect(r.anova.msError).toBeCloseTo(1.02, 2);
  });

  it("reproduces ICC(2,1) and ICC(3,1) and their intervals", () => {
    expect(Math.abs(r.agreement.icc - 0.29)).toBeLessThan(published);
    expect(Math.abs(r.consistency.icc - 0.71)).toBeLessThan(published);
    expect(Math.abs(r.agreement.ci95[0] - 0.019)).toBeLessThan(0.0005);
    expect(Math.abs(r.agreement.ci95[1] - 0.76)).toBeLessThan(published);
    expect(Math.abs(r.consistency.ci95[0] - 0.34)).toBeLessThan(published);
    expect(Math.abs(r.consistency.ci95[1] - 0.95)).toBeLessThan(published);
    expect(r.consistency.f).toBeCloseTo(11.03, 2);
  });
});

describe("ICC by hand on two raters' quality totals", () => {
  // Targets 3, raters 2: [[1,2],[3,3],[5,7]]. Grand mean 21/6 = 3.5.
  // Row means 1.5, 3, 6 → SSR = 2·(4 + .25 + 6.25) = 21, MSR = 10.5.
  // Column means 3, 4 → SSC = 3·(.25 + .25) = 1.5, MSC = 1.5.
  // SST = 6.25+2.25+.25+.25+2.25+12.25 = 23.5 → SSE = 1, MSE = 1/2 = .5.
  const r = icc([[1, 2], [3, 3], [5, 7]]);

  it("computes the mean squares", () => {
    expect(r.anova.msRows).toBeCloseTo(10.5, 12);
    expect(r.anova.msColumns).toBeCloseTo(1.5, 12);
    expect(r.anova.msError).toBeCloseTo(0.5, 12);
    expect(r.anova.msWithin).toBeCloseTo(2.5 / 3, 12);
  });

  it("ICC(3,1) = (10.5 − .5)/(10.5 + .5) = 10/11; ICC(2,1) = 10/(11 + 2·1/3) = 30/35", () => {
    expect(r.consistency.icc).toBeCloseTo(10 / 11, 12);
    expect(r.agreement.icc).toBeCloseTo(10 / (11 + 2 / 3), 12);
    expect(r.agreement.icc).toBeLessThan(r.consistency.icc);
  });

  it("lets ICC(2,1) exceed ICC(3,1) when the rater means agree better than chance (MSC < MSE)", () => {
    // [[1,2],[2,1],[5,5]]: column means both 8/3 → MSC = 0; row means 1.5, 1.5, 5 →
    // SSR = 2·(2·(7/6)² + (7/3)²) = 49/3, MSR = 49/6; SST = 52/3 → SSE = 1, MSE = .5.
    // ICC(3,1) = (49/6 − 1/2)/(49/6 + 1/2) = 23/26; ICC(2,1) = (23/3)/(26/3 + 2·(0 − 1/2)/3) = 23/25.
    const s = icc([[1, 2], [2, 1], [5, 5]]);
    expect(s.anova.msColumns).toBe(0);
    expect(s.consistency.icc).toBeCloseTo(23 / 26, 12);
    expect(s.agreement.icc).toBeCloseTo(23 / 25, 12);
  });

  it("rejects a missing rating with its position", () => {
    expect(() => icc([[1, 2], [3, Number.NaN]])).toThrow(/target 1 by rater 1/);
    expect(() => icc([[1, 2]])).toThrow(/at least 2 targets/);
  });
});
