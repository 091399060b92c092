// Pseudo-R² of a meta-regression, as metafor reports it: the proportional reduction of tau²
// relative to the intercept-only model fitted with the same estimator and settings, or for the
// common-effect model the adjusted R² of the weighted least-squares regression.
import { interceptDesign, rma, type RmaFit } from "./rma";
import { WeightedDesign, inverseVarianceWeights } from "./weighted-design";

/** Pseudo-R² in percent, or null when the intercept-only refit fails. */
export function computeR2(fit: RmaFit): number | null {
  const { data, options } = fit;
  const { yi } = data;
  if (options.method === "FE" || options.method === "EE") return weightedAdjustedR2(fit);
  try {
    const reduced = rma(
      { ...data, x: interceptDesign(yi.length), terms: ["intrcpt"] },
      { method: options.method, test: options.test, control: options.control, level: options.level, skipR2: true },
    );
    if (reduced.tau2 === 0) return 0;
    return Math.max(0, (100 * (reduced.tau2 - fit.tau2)) / reduced.tau2);
  } catch {
    return null;
  }
}

function weightedAdjustedR2(fit: RmaFit): number {
  const { yi, vi, x } = fit.data;
  const k = yi.length;
  const mean = yi.reduce((s, z) => s + z, 0) / k;
  if (yi.every((z) => z === mean)) return 0;
  const w = inverseVarianceWeights(vi, 0);
  const { resid, rss } = new WeightedDesign(x, w).fit(yi);
  let sw = 0;
  let swf = 0;
  for (let i = 0; i < k; i++) {
    sw += w[i];
    swf += w[i] * (yi[i] - resid[i]);
  }
  const fbar = swf / sw;
  let mss = 0;
  for (let i = 0; i < k; i++) mss += w[i] * (yi[i] - resid[i] - fbar) ** 2;
  const r2 = mss / (mss + rss);
  const adj = 1 - (1 - r2) * ((k - 1) / (k - x.cols));
  return Math.max(0, 100 * adj);
}
