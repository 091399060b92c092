/**
 * Normal, Student t and chi-square tail functions used by the SDM engine.
 *
 * Thin wrappers over @stdlib (well-tested, accurate in the tails). Tail probabilities are always
 * computed on the small side (e.g. Φ(−|z|) rather than 1 − Φ(|z|)) so that large statistics keep
 * their precision instead of rounding to p = 0.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import chisqCdf from "@stdlib/stats-base-dists-chisquare-cdf";

/** Φ(x), the standard normal CDF. */
export function phi(x: number): number {
  return normalCdf(x, 0, 1);
}

/** Φ⁻¹(p), the standard normal quantile. */
export function phiInverse(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** Two-tailed p of a standard normal statistic: 2·Φ(−|z|). */
export function twoTailedNormalP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

/** Upper-tail p of Student's t with `df` degrees of freedom: P(T ≥ t). */
export function upperTailT(t: number, df: number): number {
  return tCdf(-t, df);
}

/** Two-tailed p of Student's t: 2·P(T ≥ |t|). */
export function twoTailedTP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** Quantile of Student's t: T⁻¹_df(p). */
export function tInverse(p: number, df: number): number {
  return tQuantile(p, df);
}

/** Upper-tail p of a chi-square statistic with `df` degrees of freedom. */
export function upperTailChiSquare(x: number, df: number): number {
  if (df <= 0) return Number.NaN;
  return 1 - chisqCdf(x, df);
}
