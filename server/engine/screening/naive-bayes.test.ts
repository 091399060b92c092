import { describe, expect, it } from "vitest";
import { doubleBalanceWeights } from "./balance";
import { NaiveBayesModel, defaultNaiveBayesOptions } from "./naive-bayes";
import { csrFromRows } from "./sparse";
import { TrainingSet } from "./training-set";

// 4 records × 3 terms, dense for the reference computation.
const dense = [
  [0.8, 0.6, 0],
  [0.6, 0, 0.8],
  [0, 0.6, 0.8],
  [0, 0, 1],
];
const matrix = csrFromRows(dense.map((row) => new Map(row.flatMap((v, j) => (v ? [[j, v] as [number, number]] : [])))), 3);

/** Dense textbook multinomial NB log-odds with class weights, divided by row mass^p. */
function referenceScores(labels: number[], alpha: number, p: number): number[] {
  const nOne = labels.filter((l) => l === 1).length;
  const nZero = labels.filter((l) => l === 0).length;
  const w = doubleBalanceWeights(nOne, nZero);
  const sums = [0, 1].map((c) => [0, 1, 2].map((j) => dense.reduce((s, row, r) => s + (labels[r] === c ? row[j] : 0), 0)));
  const theta = [0, 1].map((c) => {
    const wc = c === 1 ? w.one : w.zero;
    const total = sums[c].reduce((s, x) => s + wc * x + alpha, 0);
    return sums[c].map((x) => (wc * x + alpha) / total);
  });
  return dense.map((row) => {
    const mass = row.reduce((s, x) => s + x, 0);
    const llr = row.reduce((s, x, j) => s + x * (Math.log(theta[1][j]) - Math.log(theta[0][j])), 0);
    return p === 0 ? llr + Math.log((nOne * w.one) / (nZero * w.zero)) : llr / mass ** p;
  });
}

describe("double balance weights (ASReview defaults a = 2.155, α = 0.94, b = 0.789, β = 1)", () => {
  it("follows the formulas, by hand for 2 relevant and 8 irrelevant", () => {
    // one weight = 2.155·(2/8)^−0.94 = 2.155·4^0.94; zero weight = 1 − 0.211·(1 + ln 10)^−1
    const one = 2.155 * 4 ** 0.94;
    const zero = 1 - 0.211 / (1 + Math.log(10));
    const nOneTrain = (one * 2 * 10) / (one * 2 + zero * 8);
    const w = doubleBalanceWeights(2, 8);
    expect(w.one).toBeCloseTo(nOneTrain / 2, 12);
    expect(w.zero).toBeCloseTo((10 - nOneTrain) / 8, 12);
    expect(w.one * 2 + w.zero * 8).toBeCloseTo(10, 12);
    expect(w.one).toBeGreaterThan(w.zero);
  });
});

describe("NaiveBayesModel", () => {
  const labels = [1, 0, 0, -1];

  for (const p of [0, 1]) {
    it(`matches the dense reference (length exponent ${p})`, () => {
      const t = new TrainingSet(4);
      labels.forEach((l, r) => l >= 0 && t.add(r, l as 0 | 1));
      const model = new NaiveBayesModel(matrix, { ...defaultNaiveBayesOptions, alpha: 0.5, lengthExponent: p });
      model.fit(t);
      const got = Array.from(model.score(new Float64Array(4)));
      // Features are stored as float32, the reference uses the float64 literals: agree to ~1e-7.
      referenceScores(labels, 0.5, p).forEach((x, i) => expect(got[i]).toBeCloseTo(x, 6));
    });
  }

  it("updates incrementally to the same weights as a fresh fit, and rebuilds after a label change", () => {
    const inc = new NaiveBayesModel(matrix);
    const t = new TrainingSet(4);
    t.add(0, 1);
    t.add(1, 0);
    inc.fit(t);
    t.add(2, 0);
    inc.fit(t);
    t.add(1, 1); // a resolved conflict flips a decision
    inc.fit(t);
    const fresh = new NaiveBayesModel(matrix);
    const t2 = new TrainingSet(4);
    t2.add(0, 1);
    t2.add(1, 1);
    t2.add(2, 0);
    fresh.fit(t2);
    const a = inc.score(new Float64Array(4));
    const b = fresh.score(new Float64Array(4));
    for (let i = 0; i < 4; i++) expect(a[i]).toBeCloseTo(b[i], 12);
    expect(t.nRelevant).toBe(2);
    expect(t.revision).toBe(1);
  });

  it("scores a record like the relevant one above one like the irrelevant ones", () => {
    const t = new TrainingSet(4);
    t.add(0, 1);
    t.add(2, 0);
    const model = new NaiveBayesModel(matrix);
    model.fit(t);
    const s = model.score(new Float64Array(4));
    expect(s[1]).toBeGreaterThan(s[3]); // shares term 0 with the relevant record
  });
});
