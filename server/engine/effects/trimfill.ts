// trimfill(): Duval & Tweedie's trim-and-fill, as metafor's trimfill.rma.uni (L0 or R0
// estimator, side chosen from the sign of the Egger-type slope, refits with the model's settings).
import { rma, interceptDesign, type RmaFit } from "./rma";
import { fromRows } from "./numerics/linalg";

/** Options of {@link trimfill}. */
export interface TrimfillOptions {
  /** Side on which studies are missing; default chosen as metafor does. */
  side?: "left" | "right";
  /** Estimator of the number of missing studies; default "L0". */
  estimator: "L0" | "R0";
  /** Iteration limit; default 100. */
  maxiter: number;
}

/** Default {@link TrimfillOptions}. */
export const DEFAULT_TRIMFILL_OPTIONS: TrimfillOptions = { estimator: "L0", maxiter: 100 };

/** Result of trim-and-fill: the imputed studies and the model refitted on the augmented data. */
export interface TrimfillResult {
  side: "left" | "right";
  estimator: "L0" | "R0";
  k0: number;
  seK0: number;
  /** P-value for k0 (R0 estimator only). */
  pK0: number | null;
  kTotal: number;
  filled: { yi: number; vi: number }[];
  /** Observed then imputed studies. */
  augmented: { yi: number; vi: number; filled: boolean }[];
  model: RmaFit;
}

/** R's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Rank with ties broken by position (R's rank(ties.method = "first")). */
function rankFirst(values: Float64Array): Float64Array {
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b] || a - b);
  const ranks = new Float64Array(values.length);
  order.forEach((idx, r) => (ranks[idx] = r + 1));
  return ranks;
}

function intercept(fit: RmaFit, yi: Float64Array, vi: Float64Array, withDefaults = false): RmaFit {
  const k = yi.length;
  const { method } = fit.options;
  const ids = Array.from({ length: k }, (_, i) => String(i + 1));
  return rma(
    { yi, vi, x: interceptDesign(k), terms: ["intrcpt"], ids, labels: ids },
    { method, control: withDefaults ? {} : fit.options.control, skipR2: true },
  );
}

/** Trim-and-fill on an intercept-only fit. */
export function trimfill(fit: RmaFit, options: Partial<TrimfillOptions> = {}): TrimfillResult {
  const opts = { ...DEFAULT_TRIMFILL_OPTIONS, ...options };
  if (!fit.intOnly) throw new Error("Trim-and-fill method only applicable to models without moderators.");
  if (fit.k === 1) throw new Error("Stopped because k = 1.");
  const { yi: y0, vi: v0 } = fit.data;
  const k = y0.length;
  const side = opts.side ?? chooseSide(fit);
  const flip = side === "right" ? -1 : 1;
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => flip * y0[a] - flip * y0[b] || a - b);
  const yi = Float64Array.from(order, (i) => flip * y0[i]);
  const vi = Float64Array.from(order, (i) => v0[i]);

  let k0Prev = -1;
  let k0 = 0;
  let iter = 0;
  let beta = 0;
  let seK0 = 0;
  let centred = new Float64Array(k);
  while (Math.abs(k0 - k0Prev) > 0) {
    k0Prev = k0;
    if (++iter > opts.maxiter) throw new Error("Trim and fill algorithm did not converge.");
    beta = intercept(fit, yi.slice(0, k - k0), vi.slice(0, k - k0)).beta[0];
    centred = yi.map((z) => z - beta);
    const ranks = rankFirst(centred.map(Math.abs));
    const signed = ranks.map((r, i) => Math.sign(centred[i]) * r);
    let est: number;
    if (opts.estimator === "R0") {
      const maxNeg = Math.max(...Array.from(signed).filter((s) => s < 0).map((s) => -s));
      est = k - maxNeg - 1;
      seK0 = Math.sqrt(2 * Math.max(0, est) + 2);
    } else {
      const sr = signed.reduce((s, r) => (r > 0 ? s + r : s), 0);
      est = (4 * sr - k * (k + 1)) / (2 * k - 1);
      const varSr = (k * (k + 1) * (2 * k + 1) + 10 * est ** 3 + 27 * est ** 2 + 17 * est - 18 * k * est ** 2 - 18 * k * est + 6 * k ** 2 * est) / 24;
      seK0 = (4 * Math.sqrt(varSr)) / (2 * k - 1);
    }
    k0 = Math.max(0, roundHalfEven(est));
    seK0 = Math.max(0, seK0);
  }

  const filled: { yi: number; vi: number }[] = [];
  let model = fit;
  if (k0 > 0) {
    const back = side === "right" ? centred.map((c) => -1 * (c - beta)) : centred.map((c) => c - beta);
    for (let i = k - k0; i < k; i++) filled.push({ yi: -1 * back[i], vi: vi[i] });
    const yAll = Float64Array.from([...y0, ...filled.map((f) => f.yi)]);
    const vAll = Float64Array.from([...v0, ...filled.map((f) => f.vi)]);
    model = intercept(fit, yAll, vAll, true);
  }
  let pK0: number | null = null;
  if (opts.estimator === "R0") {
    let s = 0;
    for (let m = -1; m <= k0 - 1; m++) s += choose(m + 1, m + 1) * 0.5 ** (m + 2);
    pK0 = 1 - s;
  }
  return {
    side,
    estimator: opts.estimator,
    k0,
    seK0,
    pK0,
    kTotal: k + k0,
    filled,
    augmented: [...Array.from(y0, (yv, i) => ({ yi: yv, vi: v0[i], filled: false })), ...filled.map((f) => ({ ...f, filled: true }))],
    model,
  };
}

function choose(n: number, r: number): number {
  let c = 1;
  for (let i = 1; i <= r; i++) c = (c * (n - r + i)) / i;
  return c;
}

/** metafor's default side: regress yi on sqrt(vi); a negative slope means studies missing on the right. */
function chooseSide(fit: RmaFit): "left" | "right" {
  const { yi, vi } = fit.data;
  const x = fromRows(Array.from(vi, (v) => [1, Math.sqrt(v)]));
  const k = yi.length;
  const ids = Array.from({ length: k }, (_, i) => String(i + 1));
  const res = rma({ yi, vi, x, terms: ["intrcpt", "sei"], ids, labels: ids }, { method: fit.options.method, control: fit.options.control, skipR2: true });
  return res.beta[1] < 0 ? "right" : "left";
}
