// Random effects, REML, meta-regression and Egger's test against values computed by hand and
// with independent NumPy/SciPy code: DL by the textbook formulas; REML by direct numerical
// maximisation of the restricted likelihood (scipy.optimize, not Fisher scoring); the
// meta-regression with the matrix form P = W − WX(X'WX)⁻¹X'W; Egger with scipy.stats.linregress.
import { describe, expect, it } from "vitest";
import { eggerTest } from "./egger";
import { metaRegression } from "./meta-regression";
import { randomEffects } from "./random-effects";

describe("randomEffects (DerSimonian–Laird)", () => {
  it("two studies by hand: y = (0.8, 0.2), v = (0.1, 0.05)", () => {
    // w = (10, 20); μ_FE = 0.4; Q = 10·0.16 + 20·0.04 = 2.4; C = 30 − 500/30; τ² = 1.4/C = 0.105;
    // I² = 1.4/2.4; w* = 1/(v + τ²); μ = Σw*y/Σw* = 0.458333…
    const r = randomEffects([0.8, 0.2], [0.1, 0.05]);
    expect(r.q).toBeCloseTo(2.4, 12);
    expect(r.tau2).toBeCloseTo(0.105, 12);
    expect(r.i2).toBeCloseTo(0.5833333333333334, 12);
    expect(r.estimate).toBeCloseTo(0.45833333333333326, 12);
    expect(r.se).toBeCloseTo(0.2970923911662648, 12);
    expect(r.z).toBeCloseTo(1.5427299619963393, 10);
    expect(r.pQ).toBeCloseTo(0.12133525035848208, 10);
  });

  it("homogeneous effects give τ² = 0 and I² = 0", () => {
    const r = randomEffects([0.5, 0.5, 0.5], [0.1, 0.2, 0.3]);
    expect(r.tau2).toBe(0);
    expect(r.i2).toBe(0);
    expect(r.estimate).toBeCloseTo(0.5, 14);
  });

  it("REML matches direct maximisation of the restricted likelihood", () => {
    const r = randomEffects([0.9, 0.1, 0.5, -0.2], [0.08, 0.05, 0.12, 0.06], { method: "REML" });
    expect(r.tau2).toBeCloseTo(0.16169041379428978, 7);
    expect(r.estimate).toBeCloseTo(0.29954737666455267, 7);
    expect(r.se).toBeCloseTo(0.24309254846486902, 7);
  });
});

describe("metaRegression (method of moments)", () => {
  it("matches the matrix formulation", () => {
    const y = [0.9, 0.1, 0.5, -0.2, 0.7, 0.3];
    const v = [0.08, 0.05, 0.12, 0.06, 0.09, 0.07];
    const x = [30, 45, 38, 35, 50, 41];
    const r = metaRegression(y, v, x);
    expect(r.tau2).toBeCloseTo(0.13811812911150706, 10);
    expect(r.intercept).toBeCloseTo(0.49611854, 7);
    expect(r.slope).toBeCloseTo(-0.00340362, 7);
    expect(r.slopeSe).toBeCloseTo(0.029163628189071415, 10);
    expect(r.slopeZ).toBeCloseTo(-0.11670756897865231, 8);
    expect(r.qE).toBeCloseTo(11.513115245738444, 9);
    expect(r.pQE).toBeCloseTo(0.02136408388812733, 8);
  });

  it("τ² = 0 when the moderator explains the heterogeneity", () => {
    const r = metaRegression([0.9, 0.1, 0.5, -0.2, 0.7, 0.3], [0.08, 0.05, 0.12, 0.06, 0.09, 0.07], [30, 45, 38, 52, 33, 41]);
    expect(r.tau2).toBe(0);
    expect(r.slope).toBeCloseTo(-0.0498335, 6);
    expect(r.slopeZ).toBeCloseTo(-3.3921777842655114, 7);
  });

  it("refuses a constant moderator or fewer than 3 studies", () => {
    expect(() => metaRegression([1, 2, 3], [0.1, 0.1, 0.1], [5, 5, 5])).toThrow(/does not vary/);
    expect(() => metaRegression([1, 2], [0.1, 0.1], [1, 2])).toThrow(/≥ 3 studies/);
  });
});

describe("eggerTest", () => {
  it("matches scipy.stats.linregress of y/se on 1/se", () => {
    const g = [0.9, 0.1, 0.5, -0.2, 0.7, 0.3];
    const se = [0.08, 0.05, 0.12, 0.06, 0.09, 0.07].map(Math.sqrt);
    const r = eggerTest(g, se);
    if (!("t" in r)) throw new Error(r.reason);
    expect(r.intercept).toBeCloseTo(6.652831870883793, 9);
    expect(r.interceptSe).toBeCloseTo(3.7905453732699192, 9);
    expect(r.t).toBeCloseTo(1.7551120526872148, 9);
    expect(r.p).toBeCloseTo(0.15409356397072582, 9);
    expect(r.slope).toBeCloseTo(-1.4573953367017722, 9);
  });

  it("explains when it cannot be computed", () => {
    expect(eggerTest([0, 0, 0], [0.3, 0.3, 0.3])).toEqual({ k: 3, reason: "all studies have the same precision" });
    expect(eggerTest([1, 2], [0.1, 0.2])).toMatchObject({ reason: expect.stringMatching(/at least 3/) });
  });
});
