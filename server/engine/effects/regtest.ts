// regtest(): Egger's regression test for funnel-plot asymmetry (metafor's regtest.rma), both the
// default meta-regression on the standard error and the classic weighted least-squares form.
import { at, fromRows, type Matrix } from "./numerics/linalg";
import { pt, qtUpper } from "./numerics/distributions";
import { rma, type RmaFit } from "./rma";
import { WeightedDesign } from "./weighted-design";

/** One coefficient of the Egger regression. */
export interface RegtestCoefficient {
  term: string;
  estimate: number;
  se: number | null;
  stat: number | null;
  pval: number | null;
  ciLb?: number | null;
  ciUb?: number | null;
}

/** Egger-type test of the slope on the standard error, with the limit estimate (the intercept). */
export interface RegtestResult {
  model: "rma" | "lm";
  statType: "z" | "t";
  stat: number | null;
  pval: number | null;
  df: number | null;
  limitEstimate: number;
  limitCiLb: number | null;
  limitCiUb: number | null;
  coefficients: RegtestCoefficient[];
  /** Residual tau² of the meta-regression (model = "rma"). */
  tau2: number | null;
  QE: number | null;
  QEp: number | null;
  /** Residual standard error of the weighted regression (model = "lm"). */
  residualSigma: number | null;
}

function withSei(fit: RmaFit): { x: Matrix; terms: string[] } {
  const { x, vi } = fit.data;
  const rows: number[][] = [];
  for (let i = 0; i < x.rows; i++) rows.push([...Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)), Math.sqrt(vi[i])]);
  return { x: fromRows(rows), terms: [...fit.data.terms, "sei"] };
}

const nullIfNaN = (z: number): number | null => (Number.isFinite(z) ? z : null);

/**
 * Egger's test. `model = "rma"` (default) fits yi ~ sei with the fit's tau² estimator and tests
 * the slope with z (or t for Knapp–Hartung); `model = "lm"` is the classic weighted regression.
 */
export function regtest(fit: RmaFit, model: "rma" | "lm" = "rma"): RegtestResult {
  const { x, terms } = withSei(fit);
  const p = fit.p;
  if (model === "rma") {
    const { method, test, control, level } = fit.options;
    const res = rma({ ...fit.data, x, terms }, { method, test, control, level, skipR2: true });
    const slope = res.coefficients[p];
    const int = res.coefficients[0];
    return {
      model,
      statType: res.ddf === null ? "z" : "t",
      stat: slope.stat,
      pval: slope.pval,
      df: res.ddf,
      limitEstimate: int.estimate,
      limitCiLb: int.ciLb,
      limitCiUb: int.ciUb,
      coefficients: res.coefficients.map((c) => ({ term: c.term, estimate: c.estimate, se: c.se, stat: c.stat, pval: c.pval, ciLb: c.ciLb, ciUb: c.ciUb })),
      tau2: res.tau2,
      QE: res.QE,
      QEp: res.QEp,
      residualSigma: null,
    };
  }
  return weightedLm(fit.data.yi, fit.data.vi, x, terms, fit.options.level);
}

function weightedLm(yi: Float64Array, vi: Float64Array, x: Matrix, terms: string[], level: number): RegtestResult {
  const k = yi.length;
  const p = x.cols;
  if (p > k) throw new Error("Number of parameters to be estimated is larger than the number of observations.");
  const design = new WeightedDesign(x, vi.map((v) => 1 / v));
  const { beta, rss } = design.fit(yi);
  const df = k - p;
  const sigma2 = df > 0 ? rss / df : Number.NaN;
  const crit = df > 0 ? qtUpper((1 - level / 100) / 2, df) : Number.NaN;
  const coefficients = terms.map((term, j) => {
    const se = Math.sqrt(sigma2 * at(design.xtwxInverse, j, j));
    const stat = beta[j] / se;
    return { term, estimate: beta[j], se: nullIfNaN(se), stat: nullIfNaN(stat), pval: nullIfNaN(2 * pt(Math.abs(stat), df, true)) };
  });
  const int = coefficients[0];
  const slope = coefficients[p - 1];
  return {
    model: "lm",
    statType: "t",
    stat: slope.stat,
    pval: slope.pval,
    df,
    limitEstimate: int.estimate,
    limitCiLb: int.se === null ? null : int.estimate - crit * int.se,
    limitCiUb: int.se === null ? null : int.estimate + crit * int.se,
    coefficients,
    tau2: null,
    QE: null,
    QEp: null,
    residualSigma: nullIfNaN(Math.sqrt(sigma2)),
  };
}

/** Classic Egger regression of the standard normal deviate on precision, yi/sei ~ 1/sei. */
export function eggerClassic(yi: Float64Array, vi: Float64Array): { intercept: number; interceptSe: number; interceptT: number; interceptP: number; slope: number; slopeSe: number; df: number } {
  const k = yi.length;
  if (k < 3) throw new Error("not enough studies for classic Egger regression");
  const sei = Array.from(vi, Math.sqrt);
  const x = fromRows(sei.map((s) => [1, 1 / s]));
  const z = Float64Array.from(yi, (y, i) => y / sei[i]);
  const design = new WeightedDesign(x, new Float64Array(k).fill(1));
  const { beta, rss } = design.fit(z);
  const df = k - 2;
  const s2 = rss / df;
  const interceptSe = Math.sqrt(s2 * at(design.xtwxInverse, 0, 0));
  const interceptT = beta[0] / interceptSe;
  return {
    intercept: beta[0],
    interceptSe,
    interceptT,
    interceptP: 2 * pt(Math.abs(interceptT), df, true),
    slope: beta[1],
    slopeSe: Math.sqrt(s2 * at(design.xtwxInverse, 1, 1)),
    df,
  };
}
