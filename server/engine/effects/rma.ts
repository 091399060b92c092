// rma(): the random/mixed-effects (or common-effect) model, as metafor's rma.uni().
// The fit keeps its data and resolved options, so the verbs (predict, confint, leave1out,
// influence, trimfill, regtest) can refit it exactly as metafor does.
import { at, crossprodWeighted, spdInverse, subMatrix, zeros, type Matrix } from "./numerics/linalg";
import { pchisq, pf, pnorm, pt, qnormUpper, qtUpper } from "./numerics/distributions";
import { estimateTau2 } from "./tau2";
import { WeightedDesign, inverseVarianceWeights } from "./weighted-design";
import {
  DEFAULT_RMA_CONTROL,
  DEFAULT_RMA_OPTIONS,
  type Coefficient,
  type FitStats,
  type ModelData,
  type RmaControl,
  type RmaOptions,
} from "./model-types";
import { computeR2 } from "./pseudo-r2";

/** A fitted model: estimates, tests, heterogeneity, and the data and options it came from. */
export interface RmaFit {
  data: ModelData;
  options: RmaOptions & { control: RmaControl };
  k: number;
  p: number;
  intOnly: boolean;
  beta: Float64Array;
  /** Variance–covariance matrix of the coefficients (Knapp–Hartung scaled when test = "knha"). */
  vb: Matrix;
  coefficients: Coefficient[];
  tau2: number;
  seTau2: number | null;
  I2: number;
  H2: number;
  /** "Typical" within-study variance used for I². */
  vt: number;
  QE: number;
  QEdf: number;
  QEp: number;
  QM: number;
  /** [numerator df, denominator df (null for the chi² test)]. */
  QMdf: [number, number | null];
  QMp: number;
  /** Knapp–Hartung variance factor (1 for the z-test). */
  s2w: number;
  /** Residual df for t-tests (k − p), null for z-tests. */
  ddf: number | null;
  /** Critical value used for CIs. */
  crit: number;
  /** Raw weights 1/(vᵢ + tau²) and their percentages. */
  weightsRaw: Float64Array;
  weightsPct: Float64Array;
  fitStats: FitStats;
  /** Pseudo-R² in percent (models with moderators only). */
  R2: number | null;
  iterations: number;
  warnings: string[];
}

const isIntercept = (x: Matrix, j: number) => {
  for (let i = 0; i < x.rows; i++) if (Math.abs(at(x, i, j) - 1) >= 1e-8) return false;
  return true;
};

/** Fit a meta-analytic model (metafor's rma.uni) to yi/vi with design `data.x`. */
export function rma(data: ModelData, opts: Partial<RmaOptions> = {}): RmaFit {
  const options = { ...DEFAULT_RMA_OPTIONS, ...opts };
  const con: RmaControl = { ...DEFAULT_RMA_CONTROL, ...options.control };
  const resolved = { ...options, control: con };
  const { yi: y, vi: v, x } = data;
  const k = y.length;
  const p = x.cols;
  if (k < 1) throw new Error("Processing terminated since k = 0.");
  const intIncl = p > 0 && isIntercept(x, 0);
  const intOnly = p === 1 && intIncl;
  const fe = options.method === "FE" || options.method === "EE";
  if (!(intOnly && k === 1)) {
    const needed = fe || options.tau2 !== undefined ? p : p + 1;
    if (needed > k) throw new Error("Number of parameters to be estimated is larger than the number of observations.");
  }
  const warnings: string[] = [];
  const test = k === 1 ? "z" : options.test;
  const est = estimateTau2({ y, v, x }, options.method, con, options.tau2);
  warnings.push(...est.warnings);
  const tau2 = fe ? 0 : est.tau2;

  const w = inverseVarianceWeights(v, tau2);
  if (w.some((wi) => !Number.isFinite(wi))) throw new Error("Division by zero when computing the inverse variance weights.");
  const design = new WeightedDesign(x, w);
  const { beta, rss: rssF } = design.fit(y);
  let s2w = 1;
  if (test === "knha") s2w = rssF <= 2.220446049250313e-16 ? 0 : rssF / (k - p);
  const vb: Matrix = { rows: p, cols: p, data: design.xtwxInverse.data.map((z) => z * s2w) };

  const ddf = test === "knha" ? k - p : null;
  const alpha = 1 - options.level / 100;
  const crit = ddf === null ? qnormUpper(alpha / 2) : ddf > 0 ? qtUpper(alpha / 2, ddf) : Number.NaN;
  const coefficients = data.terms.map((term, j): Coefficient => {
    const se = Math.sqrt(at(vb, j, j));
    const stat = beta[j] / se;
    const pval = ddf === null ? 2 * pnorm(Math.abs(stat), true) : ddf > 0 ? 2 * pt(Math.abs(stat), ddf, true) : Number.NaN;
    return { term, estimate: beta[j], se, stat, pval, ciLb: beta[j] - crit * se, ciUb: beta[j] + crit * se };
  });

  const btt = p > 1 && intIncl ? Array.from({ length: p - 1 }, (_, i) => i + 1) : Array.from({ length: p }, (_, i) => i);
  const m = btt.length;
  let QM = quadraticForm(beta, vb, btt);
  let QMp: number;
  if (ddf !== null) {
    QM /= m;
    QMp = ddf > 0 ? pf(QM, m, ddf, true) : Number.NaN;
  } else QMp = pchisq(QM, m, true);

  const het = heterogeneity(y, v, x, tau2, fe);
  const fitStats = computeFitStats(y, v, x, tau2, design.logDetXtwx, rssF, p + (fe || options.tau2 !== undefined ? 0 : 1));
  const sumW = w.reduce((s, wi) => s + wi, 0);
  const fit: RmaFit = {
    data,
    options: resolved,
    k,
    p,
    intOnly,
    beta,
    vb,
    coefficients,
    tau2,
    seTau2: fe ? null : est.seTau2,
    ...het,
    QM,
    QMdf: [m, ddf],
    QMp,
    s2w,
    ddf,
    crit,
    weightsRaw: w,
    weightsPct: w.map((wi) => (100 * wi) / sumW),
    fitStats,
    R2: null,
    iterations: est.iterations,
    warnings,
  };
  if (!intOnly && intIncl && !options.skipR2) fit.R2 = computeR2(fit);
  return fit;
}

function quadraticForm(beta: Float64Array, vb: Matrix, idx: number[]): number {
  try {
    const inv = spdInverse(subMatrix(vb, idx)).inverse;
    let s = 0;
    idx.forEach((i, a) => idx.forEach((j, b) => (s += beta[i] * at(inv, a, b) * beta[j])));
    return s;
  } catch {
    return Number.NaN;
  }
}

function heterogeneity(y: Float64Array, v: Float64Array, x: Matrix, tau2: number, fe: boolean) {
  const k = y.length;
  const p = x.cols;
  if (!v.every((vi) => vi > 0)) return { QE: Number.NaN, QEdf: k - p, QEp: Number.NaN, I2: Number.NaN, H2: Number.NaN, vt: Number.NaN };
  if (k <= p) return { QE: 0, QEdf: k - p, QEp: 1, I2: 0, H2: 1, vt: 0 };
  const design = new WeightedDesign(x, inverseVarianceWeights(v, 0));
  const QE = Math.max(0, design.fit(y).rss);
  const df = k - p;
  const vt = df / design.tracePD(null);
  if (fe) return { QE, QEdf: df, QEp: pchisq(QE, df, true), I2: Math.max(0, (100 * (QE - df)) / QE), H2: QE / df, vt };
  return { QE, QEdf: df, QEp: pchisq(QE, df, true), I2: (100 * tau2) / (vt + tau2), H2: tau2 / vt + 1, vt };
}

function computeFitStats(y: Float64Array, v: Float64Array, x: Matrix, tau2: number, logDetXtwx: number, rssF: number, parms: number): FitStats {
  const k = y.length;
  const p = x.cols;
  let sumLog = 0;
  let satLog = 0;
  for (let i = 0; i < k; i++) {
    sumLog += Math.log(v[i] + tau2);
    satLog += -0.5 * Math.log(2 * Math.PI) - 0.5 * Math.log(v[i]);
  }
  const logDetXtx = spdInverse(crossprodWeighted(x, new Float64Array(k).fill(1))).logDet;
  const llML = -0.5 * k * Math.log(2 * Math.PI) - 0.5 * sumLog - 0.5 * rssF;
  const llREML = -0.5 * (k - p) * Math.log(2 * Math.PI) + 0.5 * logDetXtx - 0.5 * sumLog - 0.5 * logDetXtwx - 0.5 * rssF;
  const devML = k > p ? (v.every((vi) => vi > 0) ? -2 * (llML - satLog) : -2 * llML) : 0;
  const aicc = (ll: number, n: number) => -2 * ll + (2 * parms * Math.max(n, parms + 2)) / (Math.max(n, parms + 2) - parms - 1);
  return {
    llML,
    devML,
    aicML: -2 * llML + 2 * parms,
    bicML: -2 * llML + parms * Math.log(k),
    aiccML: aicc(llML, k),
    llREML,
    devREML: -2 * llREML,
    aicREML: -2 * llREML + 2 * parms,
    bicREML: -2 * llREML + parms * Math.log(k - p),
    aiccREML: aicc(llREML, k - p),
  };
}

/** Intercept-only design (a column of ones). */
export function interceptDesign(k: number): Matrix {
  const x = zeros(k, 1);
  x.data.fill(1);
  return x;
}
