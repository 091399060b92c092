// predict(): the pooled estimate with its confidence and prediction intervals (metafor's
// predict.rma for intercept-only models, optionally at moderator values).
import { at } from "./numerics/linalg";
import { qtUpper } from "./numerics/distributions";
import type { RmaFit } from "./rma";

/** Predicted value with CI and (for random-effects models) prediction interval. */
export interface Prediction {
  pred: number;
  se: number;
  ciLb: number;
  ciUb: number;
  /** Null for the common-effect model, which has no between-study variance. */
  piLb: number | null;
  piUb: number | null;
}

/** Options of {@link predict}. */
export interface PredictOptions {
  /** Moderator values (without the intercept) for a meta-regression; default the intercept only. */
  newmods?: number[];
  /**
   * "default": metafor's interval, pred ± crit·√(se² + tau²) with the model's z or t critical value.
   * "riley": a t quantile with k − p − 1 df (at least 1), as Higgins/Cochrane recommend.
   */
  piType?: "default" | "riley";
}

/** Predicted effect, CI and prediction interval of a fitted model. */
export function predict(fit: RmaFit, options: PredictOptions = {}): Prediction & { piDf: number | null } {
  const xrow = [1, ...(options.newmods ?? [])];
  if (xrow.length !== fit.p) throw new Error(`predict: expected ${fit.p - 1} moderator values, got ${xrow.length - 1}`);
  let pred = 0;
  let variance = 0;
  for (let a = 0; a < fit.p; a++) {
    pred += xrow[a] * fit.beta[a];
    for (let b = 0; b < fit.p; b++) variance += xrow[a] * at(fit.vb, a, b) * xrow[b];
  }
  const se = Math.sqrt(variance);
  const fe = fit.options.method === "FE" || fit.options.method === "EE";
  const ciLb = pred - fit.crit * se;
  const ciUb = pred + fit.crit * se;
  if (fe) return { pred, se, ciLb, ciUb, piLb: null, piUb: null, piDf: null };
  let crit = fit.crit;
  let piDf = fit.ddf;
  if (options.piType === "riley") {
    piDf = Math.max(1, fit.k - fit.p - 1);
    crit = qtUpper((1 - fit.options.level / 100) / 2, piDf);
  }
  const half = crit * Math.sqrt(se * se + fit.tau2);
  return { pred, se, ciLb, ciUb, piLb: pred - half, piUb: pred + half, piDf };
}
