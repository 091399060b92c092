// Always-on checks of the hand-written numerics against closed forms and textbook values.
import { describe, expect, it } from "vitest";
import { pchisq, pf, pnorm, pt, qchisq, qnorm, qnormUpper, qt } from "./distributions";
import { incompleteBeta, lgamma } from "./gamma";
import { fromRows, spdInverse } from "./linalg";
import { uniroot } from "./zeroin";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("lgamma", () => {
  it("matches factorials and Γ(1/2) = √π", () => {
    let fact = 1;
    for (let n = 2; n <= 30; n++) {
      fact *= n;
      expect(rel(lgamma(n + 1), Math.log(fact))).toBeLessThan(1e-14);
    }
    expect(lgamma(1)).toBe(0);
    expect(Math.abs(lgamma(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
  });
  it("satisfies Γ(x+1) = xΓ(x) at non-integers", () => {
    for (const x of [0.3, 1.7, 4.25, 13.9, 120.5]) expect(Math.abs(lgamma(x + 1) - lgamma(x) - Math.log(x))).toBeLessThan(1e-13 * Math.max(1, lgamma(x + 1)));
  });
});

describe("normal distribution", () => {
  it("has the reference 97.5% quantile and symmetric tails", () => {
    // R: qnorm(0.975) = 1.9599639845400536 (the reference files' z_crit); one ulp is the libm log.
    expect(Math.abs(qnormUpper(0.025) - 1.9599639845400536)).toBeLessThan(5e-16);
    expect(qnorm(0.5)).toBe(0);
    expect(pnorm(0)).toBe(0.5);
    expect(rel(pnorm(-1.959963984540054), 0.025)).toBeLessThan(1e-14);
  });
  it("keeps relative precision far in the tail", () => {
    // Mills-ratio asymptotics: P(Z > x) ≈ φ(x)/x · (1 − 1/x² + 3/x⁴ − …).
    const x = 12;
    const phi = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    const series = (phi / x) * (1 - 1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6 + 105 / x ** 8 - 945 / x ** 10 + 10395 / x ** 12);
    expect(rel(pnorm(x, true), series)).toBeLessThan(1e-9);
  });
  it("inverts pnorm", () => {
    for (const p of [1e-12, 0.001, 0.2, 0.7, 0.999]) expect(rel(pnorm(qnorm(p)), p)).toBeLessThan(1e-13);
  });
});

describe("chi-squared, t and F", () => {
  it("chi-squared with 2 df is exponential", () => {
    for (const x of [0.1, 3, 40, 120]) expect(rel(pchisq(x, 2, true), Math.exp(-x / 2))).toBeLessThan(1e-13);
  });
  it("chi-squared with 1 df is a squared normal", () => {
    for (const z of [0.5, 2, 11]) expect(rel(pchisq(z * z, 1, true), 2 * pnorm(z, true))).toBeLessThan(1e-12);
  });
  it("qchisq inverts pchisq in both tails", () => {
    for (const df of [1, 2, 9, 40]) {
      expect(rel(pchisq(qchisq(0.025, df), df), 0.025)).toBeLessThan(1e-12);
      expect(rel(pchisq(qchisq(0.025, df, true), df, true), 0.025)).toBeLessThan(1e-12);
    }
  });
  it("t with 1 df is Cauchy, t with 2 df has a closed form", () => {
    for (const t of [0.3, 2, 50]) {
      expect(rel(pt(t, 1, true), 0.5 - Math.atan(t) / Math.PI)).toBeLessThan(1e-12);
      expect(rel(pt(t, 2, true), 0.5 - t / (2 * Math.sqrt(2 + t * t)))).toBeLessThan(1e-12);
    }
    expect(rel(qt(0.975, 1), Math.tan(Math.PI * 0.475))).toBeLessThan(1e-12);
    expect(qt(0.025, 8)).toBeCloseTo(-qt(0.975, 8), 14);
  });
  it("F(1, d) is a squared t", () => {
    expect(rel(pf(4, 1, 7, true), 2 * pt(2, 7, true))).toBeLessThan(1e-12);
  });
  it("incomplete beta I_x(1, 1) = x", () => {
    expect(incompleteBeta(0.3, 1, 1).lower).toBeCloseTo(0.3, 15);
  });
});

describe("uniroot (R's zeroin)", () => {
  it("finds √2 within the tolerance and rejects an unbracketed interval", () => {
    const r = uniroot((x) => x * x - 2, 0, 2, { tol: 1e-12 });
    expect(Math.abs(r.root - Math.SQRT2)).toBeLessThan(1e-11);
    expect(() => uniroot((x) => x * x + 1, 0, 2)).toThrow(/opposite sign/);
  });
});

describe("Cholesky inverse", () => {
  it("inverts a 2×2 SPD matrix and returns its log-determinant", () => {
    const { inverse, logDet } = spdInverse(fromRows([[4, 2], [2, 3]]));
    expect(Array.from(inverse.data)).toEqual([0.375, -0.25, -0.25, 0.5].map((v) => expect.closeTo(v, 14)));
    expect(logDet).toBeCloseTo(Math.log(8), 14);
  });
});
