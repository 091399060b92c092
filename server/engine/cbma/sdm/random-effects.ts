/**
 * Random-effects pooling of one set of effects (one voxel): DerSimonian–Laird or REML τ²,
 * inverse-variance pooled estimate, Cochran's Q and I² (cbma.md B4; the formulas of metafor's
 * `rma(method = "DL" | "REML")`). This is also the dense reference the voxel-wise fast code is
 * tested against.
 */
import { upperTailChiSquare, twoTailedNormalP } from "./distributions";

/** τ² estimator. */
export type Tau2Method = "DL" | "REML";

/** Result of pooling k effects. */
export interface PooledEffect {
  k: number;
  /** Random-effects pooled effect (Hedges' g). */
  estimate: number;
  se: number;
  z: number;
  /** Two-tailed normal p of z (parametric; the map p values come from permutations instead). */
  p: number;
  ciLower: number;
  ciUpper: number;
  tau2: number;
  /** Cochran's Q (fixed-effect weights). */
  q: number;
  /** p of Q against χ²(k − 1). */
  pQ: number;
  /** I² as a fraction in [0, 1]: max(0, (Q − (k − 1))/Q). */
  i2: number;
}

/** Options of `randomEffects`. */
export interface RandomEffectsOptions {
  method: Tau2Method;
  /** REML: convergence tolerance on τ² (metafor's default 1e-10). */
  tolerance: number;
  /** REML: maximum Fisher-scoring iterations (metafor's default 100). */
  maxIterations: number;
}

/** Defaults: DerSimonian–Laird; REML settings as metafor. */
export const DEFAULT_RANDOM_EFFECTS_OPTIONS: RandomEffectsOptions = Object.freeze({
  method: "DL",
  tolerance: 1e-10,
  maxIterations: 100,
});

const Z_975 = 1.959963984540054;

/** Q, DL τ² and I² from fixed-effect sums. Shared with the voxel-wise code. */
export function dlFromSums(
  k: number,
  sw: number,
  swy: number,
  swy2: number,
  sw2: number,
): { q: number; tau2: number; i2: number } {
  const q = Math.max(0, swy2 - (swy * swy) / sw);
  const df = k - 1;
  const c = sw - sw2 / sw;
  const tau2 = q > df && c > 0 ? (q - df) / c : 0;
  const i2 = q > df && q > 0 ? (q - df) / q : 0;
  return { q, tau2, i2 };
}

/**
 * REML τ² by Fisher scoring from a starting value (metafor's algorithm for the intercept-only
 * model): τ² ← τ² + (y'PPy − tr P)/tr(PP), with P = W − ww'/Σw, truncated at 0.
 */
export function remlTau2(
  y: ArrayLike<number>,
  v: ArrayLike<number>,
  start: number,
  tolerance = DEFAULT_RANDOM_EFFECTS_OPTIONS.tolerance,
  maxIterations = DEFAULT_RANDOM_EFFECTS_OPTIONS.maxIterations,
): number {
  const k = y.length;
  let tau2 = Math.max(0, start);
  for (let it = 0; it < maxIterations; it++) {
    let sw = 0;
    let swy = 0;
    let sw2 = 0;
    let sw3 = 0;
    for (let i = 0; i < k; i++) {
      const w = 1 / (v[i] + tau2);
      sw += w;
      swy += w * y[i];
      sw2 += w * w;
      sw3 += w * w * w;
    }
    const mu = swy / sw;
    let yPPy = 0;
    for (let i = 0; i < k; i++) {
      const r = (y[i] - mu) / (v[i] + tau2);
      yPPy += r * r;
    }
    const trP = sw - sw2 / sw;
    const trPP = sw2 - (2 * sw3) / sw + (sw2 * sw2) / (sw * sw);
    if (!(trPP > 0)) return tau2;
    const next = Math.max(0, tau2 + (yPPy - trP) / trPP);
    const change = Math.abs(next - tau2);
    tau2 = next;
    if (change < tolerance) break;
  }
  return tau2;
}

/**
 * Pools k effects y with sampling variances v.
 * @throws when the arrays differ in length, are empty, or a variance is not positive.
 */
export function randomEffects(
  y: ArrayLike<number>,
  v: ArrayLike<number>,
  options: Partial<RandomEffectsOptions> = {},
): PooledEffect {
  const opts = { ...DEFAULT_RANDOM_EFFECTS_OPTIONS, ...options };
  const k = y.length;
  if (k === 0 || v.length !== k) throw new Error(`randomEffects: ${k} effects and ${v.length} variances`);
  let sw = 0;
  let swy = 0;
  let swy2 = 0;
  let sw2 = 0;
  for (let i = 0; i < k; i++) {
    if (!(v[i] > 0)) throw new Error(`randomEffects: variance ${i} is ${v[i]} (must be > 0)`);
    const w = 1 / v[i];
    sw += w;
    swy += w * y[i];
    swy2 += w * y[i] * y[i];
    sw2 += w * w;
  }
  const dl = dlFromSums(k, sw, swy, swy2, sw2);
  const tau2 = opts.method === "REML" ? remlTau2(y, v, dl.tau2, opts.tolerance, opts.maxIterations) : dl.tau2;
  let rw = 0;
  let rwy = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / (v[i] + tau2);
    rw += w;
    rwy += w * y[i];
  }
  const estimate = rwy / rw;
  const se = 1 / Math.sqrt(rw);
  const z = estimate / se;
  return {
    k,
    estimate,
    se,
    z,
    p: twoTailedNormalP(z),
    ciLower: estimate - Z_975 * se,
    ciUpper: estimate + Z_975 * se,
    tau2,
    q: dl.q,
    pQ: k > 1 ? upperTailChiSquare(dl.q, k - 1) : Number.NaN,
    i2: dl.i2,
  };
}
