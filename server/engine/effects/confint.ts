// confint(): Q-profile confidence intervals for tau², tau, I² and H² (metafor's confint.rma.uni,
// type = "qp"), with uniroot run exactly as R does so default-tolerance bounds match too.
import { qchisq } from "./numerics/distributions";
import { UNIROOT_TOL, uniroot } from "./numerics/zeroin";
import { qAtTau2 } from "./tau2";
import type { RmaFit } from "./rma";

/** Estimate and CI of one heterogeneity statistic. */
export interface Interval {
  estimate: number;
  ciLb: number;
  ciUb: number;
}

/** Q-profile CIs for the heterogeneity statistics of a random-effects fit. */
export interface HeterogeneityCi {
  tau2: Interval;
  tau: Interval;
  I2: Interval;
  H2: Interval;
  /** Both bounds fell below tau2Min, so the CI is the null set [0, 0]. */
  ciNull: boolean;
  /** "<" or ">" when a bound was truncated at the search limits. */
  lbSign: "" | "<" | ">";
  ubSign: "" | "<" | ">";
}

/** Options of {@link confint}; defaults are metafor's. */
export interface ConfintOptions {
  /** uniroot tolerance (default eps^0.25 ≈ 1.2e-4; use 1e-13 for exact bounds). */
  tol: number;
  /** uniroot iteration limit. */
  maxiter: number;
  /** Search interval; defaults min(0, tau²) and max(100, 10·tau²). */
  tau2Min?: number;
  tau2Max?: number;
}

/** Default {@link ConfintOptions}. */
export const DEFAULT_CONFINT_OPTIONS: ConfintOptions = { tol: UNIROOT_TOL, maxiter: 1000 };

/** Q-profile CI for tau² (Viechtbauer 2007), with the derived tau, I² and H² intervals. */
export function confint(fit: RmaFit, options: Partial<ConfintOptions> = {}): HeterogeneityCi {
  const con = { ...DEFAULT_CONFINT_OPTIONS, ...options };
  if (fit.k === 1) throw new Error("Stopped because k = 1.");
  const method = fit.options.method;
  if (method === "FE" || method === "EE") throw new Error("Model does not contain a random-effects component.");
  if (!fit.data.vi.every((v) => v > 0)) throw new Error("Cannot compute CI for tau^2 when there are non-positive sampling variances in the data.");
  const tau2Min = con.tau2Min ?? Math.min(0, fit.tau2);
  const tau2Max = con.tau2Max ?? Math.max(100, fit.tau2 * 10, tau2Min * 10);
  const df = fit.k - fit.p;
  const alpha = 1 - fit.options.level / 100;
  const critU = qchisq(alpha / 2, df, true);
  const critL = qchisq(alpha / 2, df, false);
  const input = { y: fit.data.yi, v: fit.data.vi, x: fit.data.x };
  const q = (t: number) => qAtTau2(input, t);
  const qMax = q(tau2Max);
  const qMin = q(tau2Min);
  const solve = (target: number) => uniroot((t) => q(t) - target, tau2Min, tau2Max, { tol: con.tol, maxiter: con.maxiter }).root;

  let lb = Number.NaN;
  let ub = Number.NaN;
  let lbSign: HeterogeneityCi["lbSign"] = "";
  let ubSign: HeterogeneityCi["ubSign"] = "";
  let ciNull = false;
  if (qMin < critL) {
    lb = ub = tau2Min;
    lbSign = ubSign = "<";
    ciNull = tau2Min <= 0;
  } else if (qMax > critL) {
    ub = tau2Max;
    ubSign = ">";
  } else ub = solve(critL);
  if (qMax > critU) {
    lb = ub = tau2Max;
    lbSign = ubSign = ">";
  } else if (qMin < critU) {
    lb = tau2Min;
    if (tau2Min > 0) lbSign = "<";
  } else lb = solve(critU);

  const vt = fit.vt;
  const sqrtOrNaN = (t: number) => (t >= 0 ? Math.sqrt(t) : Number.NaN);
  return {
    tau2: { estimate: fit.tau2, ciLb: lb, ciUb: ub },
    tau: { estimate: sqrtOrNaN(fit.tau2), ciLb: sqrtOrNaN(lb), ciUb: sqrtOrNaN(ub) },
    I2: { estimate: fit.I2, ciLb: (100 * lb) / (vt + lb), ciUb: (100 * ub) / (vt + ub) },
    H2: { estimate: fit.H2, ciLb: lb / vt + 1, ciUb: ub / vt + 1 },
    ciNull,
    lbSign,
    ubSign,
  };
}
