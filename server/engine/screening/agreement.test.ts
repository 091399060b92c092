import { describe, expect, it } from "vitest";
import { agreementWeights, cohenKappa, contingencyTable, ordinalAgreement, percentAgreement, screeningAgreement, type ContingencyTable } from "./agreement";

// Named tolerances: hand arithmetic below is exact to ~1e-12; published figures are rounded.
const tol = { exact: 1e-10, published2dp: 0.005 };

function table(counts: number[][], categories = counts.map((_, i) => String(i))): ContingencyTable {
  return { categories, counts, n: counts.flat().reduce((s, x) => s + x, 0) };
}

describe("Cohen's kappa, 2×2", () => {
  // Wikipedia's worked example ("Cohen's kappa"): 50 grant proposals, yes/yes 20, yes/no 5,
  // no/yes 10, no/no 15 → p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.2/0.5 = 0.4.
  const t = table([[20, 5], [10, 15]], ["yes", "no"]);
  const k = cohenKappa(t);

  it("matches the published value", () => {
    expect(k.observedAgreement).toBeCloseTo(0.7, 12);
    expect(k.expectedAgreement).toBeCloseTo(0.5, 12);
    expect(k.kappa).toBeCloseTo(0.4, 12);
    expect(percentAgreement(t)).toBeCloseTo(70, 12);
  });

  it("has the Fleiss–Cohen–Everitt (1969) standard errors, computed by hand", () => {
    // p = [[.4,.1],[.2,.3]], rows .5/.5, columns .6/.4, 1 − κ = .6
    // Σ p_ii [1 − (p_i. + p_.i)(1 − κ)]² = .4·(1 − 1.1·.6)² + .3·(1 − .9·.6)² = .4·.1156 + .3·.2116 = .10972
    // (1 − κ)² Σ_{i≠j} p_ij (p_.i + p_j.)² = .36·(.1·1.1² + .2·.9²) = .36·.283 = .10188
    // [κ − p_e(1 − κ)]² = (.4 − .3)² = .01
    // Var = (.10972 + .10188 − .01) / (50·.5²) = .2016/12.5 = .016128
    expect(k.se).toBeCloseTo(Math.sqrt(0.016128), 10);
    expect(k.ci95[0]).toBeCloseTo(0.4 - 1.959963984540054 * Math.sqrt(0.016128), 9);
    expect(k.ci95[1]).toBeCloseTo(0.4 + 1.959963984540054 * Math.sqrt(0.016128), 9);
    // Null SE: sqrt(p_e + p_e² − Σ p_i. p_.i (p_i. + p_.i)) / ((1 − p_e)√n)
    //        = sqrt(.5 + .25 − (.5·.6·1.1 + .5·.4·.9)) / (.5·√50) = sqrt(.24)/(.5·√50)
    expect(k.seNull).toBeCloseTo(Math.sqrt(0.24) / (0.5 * Math.sqrt(50)), 10);
    expect(k.z).toBeCloseTo(0.4 / k.seNull, 10);
  });

  it("is 1 for perfect agreement and about 0 for independent raters", () => {
    expect(cohenKappa(table([[7, 0], [0, 3]])).kappa).toBe(1);
    // Rows 50/50, columns 40/60 with cells equal to the products of the marginals.
    expect(cohenKappa(table([[20, 30], [20, 30]])).kappa).toBeCloseTo(0, 12);
  });

  it("is undefined (NaN) when both raters used a single category", () => {
    expect(cohenKappa(table([[10, 0], [0, 0]])).kappa).toBeNaN();
  });
});

describe("weighted kappa, 3×3 quality item scored 0 / 0.5 / 1", () => {
  // Rows rater A, columns rater B, categories in order 0, 0.5, 1; n = 20.
  const t = table([[4, 1, 0], [1, 3, 1], [0, 2, 8]], ["0", "0.5", "1"]);
  // Marginals: rows .25 .25 .5, columns .25 .3 .45.
  // Diagonal: p_o = 15/20 = .75; p_e = .25·.25 + .25·.3 + .5·.45 = .3625.
  // Adjacent cells: observed 5/20 = .25; expected .25·.3 + .25·.25 + .25·.45 + .5·.3 = .4.

  it("unweighted: (.75 − .3625)/(1 − .3625) = 31/51", () => {
    expect(cohenKappa(t).kappa).toBeCloseTo(31 / 51, 12);
  });

  it("linear weights (adjacent 0.5): p_o = .875, p_e = .5625, κ = 5/7", () => {
    const k = cohenKappa(t, "linear");
    expect(k.observedAgreement).toBeCloseTo(0.875, 12);
    expect(k.expectedAgreement).toBeCloseTo(0.5625, 12);
    expect(k.kappa).toBeCloseTo(5 / 7, 12);
  });

  it("quadratic weights (adjacent 0.75): p_o = .9375, p_e = .6625, κ = 22/27", () => {
    const k = cohenKappa(t, "quadratic");
    expect(k.kappa).toBeCloseTo(22 / 27, 12);
    // Independent check, the exact identity κ_q = 2·cov / (var_A + var_B + (mean_A − mean_B)²)
    // on category indices (Schuster 2004): means 1.25 and 1.2, variances .6875 and .66,
    // cov = 41/20 − 1.5 = .55 → 1.1 / 1.35.
    expect(k.kappa).toBeCloseTo(1.1 / 1.35, 12);
  });

  it("linear kappa is the (1 − p_e)-weighted mean of the kappas of the collapsed 2×2 tables (Vanbelle & Albert 2009)", () => {
    const collapse = (cut: number) => {
      const counts = [[0, 0], [0, 0]];
      t.counts.forEach((row, i) => row.forEach((c, j) => (counts[i < cut ? 0 : 1][j < cut ? 0 : 1] += c)));
      return cohenKappa(table(counts));
    };
    const parts = [collapse(1), collapse(2)];
    const expected = parts.reduce((s, k) => s + (1 - k.expectedAgreement) * k.kappa, 0) / parts.reduce((s, k) => s + (1 - k.expectedAgreement), 0);
    expect(cohenKappa(t, "linear").kappa).toBeCloseTo(expected, 12);
  });

  it("has the delta-method variance: Var = (Σ p g² − (Σ p g)²)/n with g = ∂κ/∂p (FCE 1969 is this, in closed form)", () => {
    const weightedKappa = (p: number[][], w: number[][]) => {
      const rows = p.map((r) => r.reduce((s, x) => s + x, 0));
      const cols = p[0].map((_, j) => p.reduce((s, r) => s + r[j], 0));
      let po = 0, pe = 0;
      p.forEach((r, i) => r.forEach((x, j) => { po += w[i][j] * x; pe += w[i][j] * rows[i] * cols[j]; }));
      return (po - pe) / (1 - pe);
    };
    for (const weighting of ["none", "linear", "quadratic"] as const) {
      const w = agreementWeights(3, weighting);
      const p = t.counts.map((r) => r.map((c) => c / t.n));
      const h = 1e-6;
      let sg = 0, sg2 = 0;
      p.forEach((r, i) => r.forEach((x, j) => {
        const up = p.map((row) => row.slice());
        const down = p.map((row) => row.slice());
        up[i][j] += h;
        down[i][j] -= h;
        const g = (weightedKappa(up, w) - weightedKappa(down, w)) / (2 * h);
        sg += x * g;
        sg2 += x * g * g;
      }));
      expect(cohenKappa(t, weighting).se ** 2).toBeCloseTo((sg2 - sg * sg) / t.n, 8);
    }
  });

  it("is what ordinalAgreement reports from the raw score pairs", () => {
    const pairs: [number, number][] = [];
    t.counts.forEach((row, i) => row.forEach((c, j) => {
      for (let r = 0; r < c; r++) pairs.push([[0, 0.5, 1][i], [0, 0.5, 1][j]]);
    }));
    const a = ordinalAgreement(pairs);
    expect(a.table.counts).toEqual(t.counts);
    expect(a.percentAgreement).toBeCloseTo(75, 12);
    expect(a.linear.kappa).toBeCloseTo(5 / 7, 12);
    expect(a.quadratic.kappa).toBeCloseTo(22 / 27, 12);
    expect(() => ordinalAgreement([[0, 0.25]])).toThrow(/score 0.25/);
  });

  it("identity weights give the unweighted standard error", () => {
    const a = cohenKappa(t);
    expect(a.weighting).toBe("none");
    expect(agreementWeights(3, "none")).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(agreementWeights(3, "quadratic")[0]).toEqual([1, 0.75, 0]);
    expect(a.se).toBeGreaterThan(0);
    expect(a.ci95[0]).toBeLessThan(a.kappa);
  });
});

describe("screening agreement of a reviewer pair", () => {
  it("tabulates include/exclude as 2×2 and adds maybe as a third category only when used", () => {
    const pairs = [
      ["include", "include"], ["include", "exclude"], ["exclude", "exclude"], ["exclude", "exclude"],
    ] as const;
    const two = screeningAgreement(pairs);
    expect(two.table.categories).toEqual(["include", "exclude"]);
    expect(two.table.counts).toEqual([[1, 1], [0, 2]]);
    expect(two.percentAgreement).toBe(75);
    // p_o = .75; rows .5/.5, columns .25/.75 → p_e = .125 + .375 = .5; κ = .25/.5
    expect(two.kappa.kappa).toBeCloseTo(0.5, 12);
    const three = screeningAgreement([...pairs, ["maybe", "exclude"]]);
    expect(three.table.categories).toEqual(["include", "exclude", "maybe"]);
    expect(three.table.counts[2]).toEqual([0, 1, 0]);
  });

  it("names an unknown category", () => {
    expect(() => contingencyTable([["include", "unsure"]], ["include", "exclude"])).toThrow(/unsure/);
  });

  it("keeps the published rounding tolerance meaningful", () => {
    expect(Math.abs(cohenKappa(table([[20, 5], [10, 15]])).kappa - 0.4)).toBeLessThan(tol.published2dp);
    expect(tol.exact).toBeLessThan(tol.published2dp);
  });
});
