// Between-study variance estimators, step for step as metafor's rma.uni() computes them, so even
// the default-tolerance results (Fisher scoring stopped at 1e-5, uniroot at 1.2e-4) are reproduced.
import type { Matrix } from "./numerics/linalg";
import { uniroot } from "./numerics/zeroin";
import type { RmaControl, Tau2Method } from "./model-types";
import { WeightedDesign, inverseVarianceWeights } from "./weighted-design";

/** Estimated tau² with its standard error and the iterations used. */
export interface Tau2Estimate {
  tau2: number;
  /** Null for the common-effect model. */
  seTau2: number | null;
  iterations: number;
  warnings: string[];
}

interface Tau2Input {
  y: Float64Array;
  v: Float64Array;
  x: Matrix;
}

const ones = (k: number) => new Float64Array(k).fill(1);

/** Hedges' (method-of-moments, unweighted) estimate; also the ML/REML starting value. */
function hedges({ y, v, x }: Tau2Input): { tau2: number; design: WeightedDesign } {
  const k = x.rows;
  const design = new WeightedDesign(x, ones(k));
  const { rss } = design.fit(y);
  return { tau2: (rss - design.tracePD(v)) / (k - x.cols), design };
}

/** Sidik–Jonkman SE: tau₀⁴/(k−p)² · (2 tr(PVPV) + 4 tau² tr(PVP) + 2 tau⁴ tr(PP)), P at tau₀². */
function sidikJonkmanSe(design: WeightedDesign, v: Float64Array, tau2: number, tau20: number, df: number): number {
  const t = Math.max(tau2, 0);
  const quad = 2 * design.tracePDPE(v, v) + 4 * t * design.tracePDPE(v, null) + 2 * t * t * design.tracePDPE(null, null);
  return Math.sqrt(((tau20 * tau20) / (df * df)) * quad);
}

/** Median absolute deviation scaled by 1.4826, as R's mad(). */
export function mad(values: ArrayLike<number>): number {
  const med = median(Array.from(values));
  return 1.4826 * median(Array.from(values, (z) => Math.abs(z - med)));
}

function median(a: number[]): number {
  const s = [...a].sort((p, q) => p - q);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Cochran-type Q at a given tau² (metafor's .QE.func). */
export function qAtTau2(input: Tau2Input, tau2: number): number {
  if (input.v.some((vi) => vi + tau2 < 0)) throw new Error("Some marginal variances are negative.");
  return new WeightedDesign(input.x, inverseVarianceWeights(input.v, tau2)).fit(input.y).rss;
}

function fisherScoring(input: Tau2Input, method: "ML" | "REML", start: number, con: RmaControl): { tau2: number; iterations: number } {
  const { y, v, x } = input;
  let tau2 = con.tau2Init ?? Math.max(0, start, con.tau2Min);
  let change = con.threshold + 1;
  let iter = 0;
  while (change > con.threshold) {
    iter++;
    const old = tau2;
    const design = new WeightedDesign(x, inverseVarianceWeights(v, tau2));
    const { resid } = design.fit(y);
    let yPPy = 0;
    let sumW = 0;
    let sumW2 = 0;
    for (let i = 0; i < resid.length; i++) {
      const py = design.w[i] * resid[i];
      yPPy += py * py;
      sumW += design.w[i];
      sumW2 += design.w[i] * design.w[i];
    }
    let adj = method === "ML" ? (yPPy - sumW) / sumW2 : (yPPy - design.tracePD(null)) / design.tracePDPE(null, null);
    adj *= con.stepadj;
    if (Number.isNaN(adj)) adj = 0;
    while (tau2 + adj < con.tau2Min) adj /= 2;
    tau2 = tau2 + adj;
    change = Math.abs(old - tau2);
    if (iter > con.maxiter) throw new Error("Fisher scoring algorithm did not converge. See 'help(rma)' for possible remedies.");
  }
  return { tau2, iterations: iter };
}

function logLik(input: Tau2Input, tau2: number, reml: boolean): number {
  const { y, v, x } = input;
  const k = x.rows;
  const p = x.cols;
  const design = new WeightedDesign(x, inverseVarianceWeights(v, tau2));
  const { rss } = design.fit(y);
  let sumLog = 0;
  for (let i = 0; i < k; i++) sumLog += Math.log(v[i] + tau2);
  if (!reml) return -0.5 * k * Math.log(2 * Math.PI) - 0.5 * sumLog - 0.5 * rss;
  return -0.5 * (k - p) * Math.log(2 * Math.PI) - 0.5 * sumLog - 0.5 * design.logDetXtwx - 0.5 * rss;
}

/**
 * Estimate tau² by `method` with metafor's algorithm and settings.
 * Throws metafor's error messages when an estimator cannot be computed.
 */
export function estimateTau2(input: Tau2Input, method: Tau2Method, con: RmaControl, fixedTau2?: number): Tau2Estimate {
  const { y, v, x } = input;
  const k = x.rows;
  const p = x.cols;
  const warnings: string[] = [];
  if (method === "FE" || method === "EE") return { tau2: 0, seTau2: null, iterations: 0, warnings };
  if (k === 1) return { tau2: fixedTau2 ?? 0, seTau2: null, iterations: 0, warnings };
  const allViPositive = v.every((vi) => vi > 0);
  let tau2: number;
  let iterations = 0;
  let extra: { design?: WeightedDesign; tau20?: number } = {};
  switch (method) {
    case "HE": {
      const he = hedges(input);
      tau2 = fixedTau2 ?? he.tau2;
      extra = { design: he.design };
      break;
    }
    case "DL": {
      if (!allViPositive) throw new Error("DL estimator cannot be used when there are non-positive sampling variances in the data.");
      const design = new WeightedDesign(x, inverseVarianceWeights(v, 0));
      const q = design.fit(y).rss;
      tau2 = fixedTau2 ?? (q - (k - p)) / design.tracePD(null);
      extra = { design };
      break;
    }
    case "SJ": {
      const tau20 = con.tau2Init ?? populationVariance(y);
      const design = new WeightedDesign(x, inverseVarianceWeights(v, tau20));
      tau2 = fixedTau2 ?? (tau20 * design.fit(y).rss) / (k - p);
      extra = { design, tau20 };
      break;
    }
    case "PM": {
      if (!allViPositive) throw new Error("PM estimator cannot be used when there are non-positive sampling variances in the data.");
      tau2 = fixedTau2 ?? pauleMandel(input, con);
      break;
    }
    case "ML":
    case "REML": {
      if (fixedTau2 !== undefined) {
        tau2 = fixedTau2;
        break;
      }
      const fit = fisherScoring(input, method, hedges(input).tau2, con);
      tau2 = fit.tau2;
      iterations = fit.iterations;
      if (con.ll0check && allViPositive) {
        const reml = method === "REML";
        if (logLik(input, 0, reml) - logLik(input, tau2, reml) > con.tol && tau2 > con.threshold) {
          warnings.push("Fisher scoring algorithm may have gotten stuck at a local maximum. Setting tau^2 = 0.");
          tau2 = 0;
        }
      }
      break;
    }
  }
  tau2 = Math.max(con.tau2Min, tau2);
  return { tau2, seTau2: standardError(input, method, tau2, extra), iterations, warnings };
}

function populationVariance(y: Float64Array): number {
  let mean = 0;
  for (const yi of y) mean += yi;
  mean /= y.length;
  let s = 0;
  for (const yi of y) s += (yi - mean) ** 2;
  return s / y.length;
}

function pauleMandel(input: Tau2Input, con: RmaControl): number {
  const k = input.x.rows;
  const target = k - input.x.cols;
  const tau2Max = con.tau2Max ?? Math.max(100, 10 * mad(input.y) ** 2);
  if (qAtTau2(input, con.tau2Min) < target) return con.tau2Min;
  if (qAtTau2(input, tau2Max) > target) throw new Error("Value of 'tau2.max' too low. Try increasing 'tau2.max' or switch to another 'method'.");
  return uniroot((t) => qAtTau2(input, t) - target, con.tau2Min, tau2Max, { tol: con.tol, maxiter: con.maxiter }).root;
}

function standardError(input: Tau2Input, method: Tau2Method, tau2: number, extra: { design?: WeightedDesign; tau20?: number }): number {
  const { v, x } = input;
  const k = x.rows;
  const p = x.cols;
  const t = Math.max(tau2, 0);
  switch (method) {
    case "HE": {
      const d = extra.design!;
      return Math.sqrt((1 / (k - p) ** 2) * (2 * d.tracePDPE(v, v) + 4 * t * d.tracePD(v) + 2 * t * t * (k - p)));
    }
    case "DL": {
      const d = extra.design!;
      const trP = d.tracePD(null);
      return Math.sqrt((1 / trP ** 2) * (2 * (k - p) + 4 * t * trP + 2 * t * t * d.tracePDPE(null, null)));
    }
    case "SJ":
      return sidikJonkmanSe(extra.design!, v, tau2, extra.tau20!, k - p);
    case "ML": {
      const w = inverseVarianceWeights(v, tau2);
      return Math.sqrt(2 / w.reduce((s, wi) => s + wi * wi, 0));
    }
    case "REML":
      return Math.sqrt(2 / new WeightedDesign(x, inverseVarianceWeights(v, tau2)).tracePDPE(null, null));
    case "PM": {
      const w = inverseVarianceWeights(v, tau2);
      const sumW = w.reduce((s, wi) => s + wi, 0);
      return Math.sqrt((2 * k * k) / (k - p) / (sumW * sumW));
    }
    default:
      return Number.NaN;
  }
}
