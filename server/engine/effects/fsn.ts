// fsn(): fail-safe N (metafor's fsn) — Rosenthal's file-drawer number, Orwin's and Rosenberg's.
import { pnorm, qnormUpper } from "./numerics/distributions";

/** A fail-safe N with the figures it was derived from. */
export interface FailSafeN {
  type: "Rosenthal" | "Orwin" | "Rosenberg";
  fsnum: number;
  alpha: number;
  /** Rosenthal: one-sided Stouffer p; Rosenberg: p of the weighted mean; Orwin: null. */
  pval: number | null;
  meanes: number | null;
  target: number | null;
}

/** Options of {@link fsn}. */
export interface FsnOptions {
  type: FailSafeN["type"];
  /** Significance level; default 0.05. */
  alpha: number;
  /** Orwin's target effect; default half the unweighted mean effect. */
  target?: number;
}

/** Default {@link FsnOptions}. */
export const DEFAULT_FSN_OPTIONS: FsnOptions = { type: "Rosenthal", alpha: 0.05 };

/** Number of null studies needed to bring the pooled result to the threshold. */
export function fsn(yi: ArrayLike<number>, vi: ArrayLike<number>, options: Partial<FsnOptions> = {}): FailSafeN {
  const { type, alpha, target: targetIn } = { ...DEFAULT_FSN_OPTIONS, ...options };
  const k = yi.length;
  const y = Array.from(yi);
  const v = Array.from(vi);
  if (type === "Rosenthal") {
    const zAvg = Math.abs(y.reduce((s, yv, i) => s + yv / Math.sqrt(v[i]), 0) / Math.sqrt(k));
    const fsnum = Math.ceil(Math.max(0, k * (zAvg / qnormUpper(alpha)) ** 2 - k));
    return { type, fsnum, alpha, pval: pnorm(zAvg, true), meanes: null, target: null };
  }
  if (type === "Orwin") {
    const meanes = y.reduce((s, yv) => s + yv, 0) / k;
    const target = targetIn ?? meanes / 2;
    const fsnum = target === 0 || Math.sign(target) !== Math.sign(meanes) ? Infinity : Math.ceil(Math.max(0, (k * (meanes - target)) / target));
    return { type, fsnum, alpha, pval: null, meanes, target };
  }
  const w = v.map((vv) => 1 / vv);
  const sumW = w.reduce((s, wi) => s + wi, 0);
  const sumWy = w.reduce((s, wi, i) => s + wi * y[i], 0);
  const meanes = sumWy / sumW;
  const zval = meanes / Math.sqrt(1 / sumW);
  const wp = (sumWy / qnormUpper(alpha / 2)) ** 2 - sumW;
  return { type, fsnum: Math.ceil(Math.max(0, (k * wp) / sumW)), alpha, pval: 2 * pnorm(Math.abs(zval), true), meanes, target: null };
}
