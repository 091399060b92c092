// ranktest(): Begg and Mazumdar's rank correlation test (metafor's ranktest.rma): Kendall's tau
// between the standardised deviates and the sampling variances, with R's cor.test p-value
// (exact Kendall distribution without ties, normal approximation with tie correction otherwise).
import { pnorm } from "./numerics/distributions";
import { interceptDesign, rma, type RmaFit } from "./rma";

/** Result of the rank correlation test. */
export interface RanktestResult {
  /** Kendall's tau-b. */
  tau: number;
  pval: number;
  ties: boolean;
  pMethod: "exact" | "normal";
  warnings: string[];
}

/** Kendall's tau-b with the numbers the tests need. */
function kendall(x: number[], y: number[]): { tau: number; s: number } {
  const n = x.length;
  let s = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const a = Math.sign(x[i] - x[j]);
      const b = Math.sign(y[i] - y[j]);
      s += a * b;
      if (a === 0) tx++;
      if (b === 0) ty++;
    }
  const n0 = (n * (n - 1)) / 2;
  return { tau: s / Math.sqrt((n0 - tx) * (n0 - ty)), s };
}

/**
 * P(statistic ≤ q) under independence from the exact permutation distribution of the number of
 * inversions (R's pkendall). Kept as probabilities (each step divides by m) so large k cannot overflow.
 */
function pKendall(q: number, n: number): number {
  const max = (n * (n - 1)) / 2;
  const qq = Math.floor(q + 1e-7);
  if (qq < 0) return 0;
  if (qq > max) return 1;
  let probs = new Float64Array([1]);
  for (let m = 2; m <= n; m++) {
    const next = new Float64Array(probs.length + m - 1);
    let window = 0;
    for (let j = 0; j < next.length; j++) {
      if (j < probs.length) window += probs[j];
      if (j - m >= 0) window -= probs[j - m];
      next[j] = window / m;
    }
    probs = next;
  }
  let below = 0;
  for (let j = 0; j <= qq; j++) below += probs[j];
  return below;
}

function tieGroups(values: number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}

/** Begg and Mazumdar's rank correlation test on a fit's data. */
export function ranktest(fit: RmaFit): RanktestResult {
  const { yi, vi } = fit.data;
  const k = yi.length;
  const fe = rma({ ...fit.data, x: interceptDesign(k), terms: ["intrcpt"] }, { method: "FE", skipR2: true });
  const b = fe.beta[0];
  const vb = fe.vb.data[0];
  const ystar = Array.from(yi, (y, i) => (y - b) / Math.sqrt(vi[i] - vb));
  const v = Array.from(vi);
  const { tau, s } = kendall(ystar, v);
  const xt = tieGroups(ystar);
  const yt = tieGroups(v);
  const ties = xt.length > 0 || yt.length > 0;
  if (!ties) {
    const q = Math.round(((tau + 1) * k * (k - 1)) / 4);
    const p = q > (k * (k - 1)) / 4 ? 1 - pKendall(q - 1, k) : pKendall(q, k);
    return { tau, pval: Math.min(2 * p, 1), ties, pMethod: "exact", warnings: [] };
  }
  const sum = (a: number[], f: (t: number) => number) => a.reduce((acc, t) => acc + f(t), 0);
  const v0 = k * (k - 1) * (2 * k + 5);
  const vt = sum(xt, (t) => t * (t - 1) * (2 * t + 5));
  const vu = sum(yt, (t) => t * (t - 1) * (2 * t + 5));
  const v1 = sum(xt, (t) => t * (t - 1)) * sum(yt, (t) => t * (t - 1));
  const v2 = sum(xt, (t) => t * (t - 1) * (t - 2)) * sum(yt, (t) => t * (t - 1) * (t - 2));
  const varS = (v0 - vt - vu) / 18 + v1 / (2 * k * (k - 1)) + v2 / (9 * k * (k - 1) * (k - 2));
  const z = s / Math.sqrt(varS);
  const warnings = ["Cannot compute exact p-value with ties"];
  return { tau, pval: 2 * Math.min(pnorm(z), pnorm(z, true)), ties, pMethod: "normal", warnings };
}
