// Types shared by the model-fitting verbs (rma and the functions that refit it).
import type { Matrix } from "./numerics/linalg";

/** Heterogeneity estimators; "FE"/"EE" is the common-effect (equal-effects) model. */
export type Tau2Method = "FE" | "EE" | "DL" | "HE" | "SJ" | "PM" | "ML" | "REML";

/** Test for the coefficients: normal ("z") or Knapp–Hartung ("knha", t and F with k − p df). */
export type CoefTest = "z" | "knha";

/** Iteration settings, named and defaulted as metafor's `control` list. */
export interface RmaControl {
  /** Fisher scoring (ML/REML) stops when tau² changes by less than this. */
  threshold: number;
  /** Maximum Fisher-scoring iterations, and the uniroot() iteration limit for Paule–Mandel. */
  maxiter: number;
  /** uniroot() tolerance for Paule–Mandel (and the ML/REML tau² = 0 likelihood check). */
  tol: number;
  /** Lower bound for tau². */
  tau2Min: number;
  /** Upper bound searched by Paule–Mandel; default max(100, 10·mad(yi)²). */
  tau2Max?: number;
  /** Initial tau² for ML/REML; default the Hedges estimate truncated at tau2Min. */
  tau2Init?: number;
  /** Step-length multiplier for Fisher scoring. */
  stepadj: number;
  /** Check whether tau² = 0 has a higher (restricted) likelihood than the ML/REML estimate. */
  ll0check: boolean;
}

/** metafor's defaults: Fisher scoring to 1e-5, uniroot to eps^0.25 ≈ 1.2e-4. */
export const DEFAULT_RMA_CONTROL: RmaControl = {
  threshold: 1e-5,
  maxiter: 100,
  tol: Math.pow(2.220446049250313e-16, 0.25),
  tau2Min: 0,
  stepadj: 1,
  ll0check: true,
};

/** Settings that converge to full double precision, for reports that need exact figures. */
export const TIGHT_RMA_CONTROL: Partial<RmaControl> = { threshold: 1e-12, tol: 1e-13, maxiter: 10000 };

/** Options of {@link import("./rma").rma}. */
export interface RmaOptions {
  /** Heterogeneity estimator; default "REML" as metafor. */
  method: Tau2Method;
  /** Coefficient test; default "z". */
  test: CoefTest;
  /** Confidence level in percent; default 95. */
  level: number;
  /** Iteration settings (partial; the rest from {@link DEFAULT_RMA_CONTROL}). */
  control: Partial<RmaControl>;
  /** Fix tau² at this value instead of estimating it. */
  tau2?: number;
  /** Skip the pseudo-R² refit (leave-one-out and influence loops do not need it). */
  skipR2?: boolean;
}

/** Default {@link RmaOptions}. */
export const DEFAULT_RMA_OPTIONS: RmaOptions = { method: "REML", test: "z", level: 95, control: {} };

/** The data a model is fitted to: effect sizes, sampling variances and the design. */
export interface ModelData {
  yi: Float64Array;
  vi: Float64Array;
  /** k × p design matrix; an intercept-only model has one column of ones. */
  x: Matrix;
  /** Coefficient names, metafor style ("intrcpt", moderator or level names). */
  terms: string[];
  /** Study ids and labels, in row order. */
  ids: string[];
  labels: string[];
}

/** One coefficient of a fitted model. */
export interface Coefficient {
  term: string;
  estimate: number;
  se: number;
  /** z or t statistic, by the model's test. */
  stat: number;
  pval: number;
  ciLb: number;
  ciUb: number;
}

/** ML and REML log-likelihood, deviance and information criteria (metafor's fit.stats). */
export interface FitStats {
  llML: number;
  devML: number;
  aicML: number;
  bicML: number;
  aiccML: number;
  llREML: number;
  devREML: number;
  aicREML: number;
  bicREML: number;
  aiccREML: number;
}
