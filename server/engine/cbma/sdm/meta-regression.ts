/**
 * Mixed-effects meta-regression of effects on one study-level moderator at one voxel
 * (cbma.md B7): weighted least squares y = b0 + b1·x with weights 1/(v + τ²), τ² by the
 * method of moments (DerSimonian–Laird generalised to a moderator, metafor's `rma(mods=~x, method="DL")`):
 * τ² = max(0, (Q_E − (k − 2)) / (Σw − tr((X'WX)⁻¹ X'W²X))). Dense reference for the voxel-wise code.
 */
import { twoTailedNormalP, upperTailChiSquare } from "./distributions";

/** Fit of one meta-regression. */
export interface MetaRegressionFit {
  k: number;
  intercept: number;
  slope: number;
  slopeSe: number;
  slopeZ: number;
  slopeP: number;
  tau2: number;
  /** Residual heterogeneity Q_E (fixed-effect weights) and its p against χ²(k − 2). */
  qE: number;
  pQE: number;
}

/** The moment sums of a weighted simple regression. */
export interface RegressionSums {
  sw: number;
  swx: number;
  swxx: number;
  swy: number;
  swxy: number;
  swyy: number;
}

/** b0, b1, Var(b1) and the residual Σw·e² of weighted least squares from its sums. */
export function wlsFromSums(s: RegressionSums): { b0: number; b1: number; varB1: number; residual: number; det: number } {
  const det = s.sw * s.swxx - s.swx * s.swx;
  const b1 = (s.sw * s.swxy - s.swx * s.swy) / det;
  const b0 = (s.swy - b1 * s.swx) / s.sw;
  const residual = Math.max(0, s.swyy - b0 * s.swy - b1 * s.swxy);
  return { b0, b1, varB1: s.sw / det, residual, det };
}

/** Method-of-moments τ² from fixed-effect sums and the Σw², Σw²x, Σw²x² terms. */
export function momentTau2(k: number, fe: RegressionSums, sw2: number, sw2x: number, sw2xx: number): number {
  const { residual, det } = wlsFromSums(fe);
  const trace = (fe.swxx * sw2 - 2 * fe.swx * sw2x + fe.sw * sw2xx) / det;
  const denominator = fe.sw - trace;
  const df = k - 2;
  return residual > df && denominator > 0 ? (residual - df) / denominator : 0;
}

/**
 * Fits y = b0 + b1·x with sampling variances v.
 * @throws when fewer than 3 studies are given or x does not vary.
 */
export function metaRegression(y: ArrayLike<number>, v: ArrayLike<number>, x: ArrayLike<number>): MetaRegressionFit {
  const k = y.length;
  if (k < 3 || v.length !== k || x.length !== k) throw new Error(`metaRegression: need ≥ 3 studies with y, v and x (got ${k})`);
  const sums = (tau2: number) => {
    const s = { sw: 0, swx: 0, swxx: 0, swy: 0, swxy: 0, swyy: 0, sw2: 0, sw2x: 0, sw2xx: 0 };
    for (let i = 0; i < k; i++) {
      const w = 1 / (v[i] + tau2);
      s.sw += w;
      s.swx += w * x[i];
      s.swxx += w * x[i] * x[i];
      s.swy += w * y[i];
      s.swxy += w * x[i] * y[i];
      s.swyy += w * y[i] * y[i];
      s.sw2 += w * w;
      s.sw2x += w * w * x[i];
      s.sw2xx += w * w * x[i] * x[i];
    }
    return s;
  };
  const fe = sums(0);
  const feFit = wlsFromSums(fe);
  if (!(feFit.det > 1e-12 * fe.sw * fe.swxx)) throw new Error("metaRegression: the moderator does not vary across studies");
  const tau2 = momentTau2(k, fe, fe.sw2, fe.sw2x, fe.sw2xx);
  const re = wlsFromSums(sums(tau2));
  const slopeSe = Math.sqrt(re.varB1);
  const slopeZ = re.b1 / slopeSe;
  return {
    k,
    intercept: re.b0,
    slope: re.b1,
    slopeSe,
    slopeZ,
    slopeP: twoTailedNormalP(slopeZ),
    tau2,
    qE: feFit.residual,
    pQE: upperTailChiSquare(feFit.residual, k - 2),
  };
}
