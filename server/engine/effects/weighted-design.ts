// Weighted least squares on a small design, plus the traces of the "hat-complement" matrix
// P = W − W X (X'WX)⁻¹ X' W that the tau² estimators and their standard errors need.
// Traces are computed with p × p algebra (never forming the k × k P), so leave-one-out and
// influence runs stay O(k² p) in total rather than O(k³).
import { crossprodVector, crossprodWeighted, spdInverse, traceProduct, type Matrix } from "./numerics/linalg";

/** X, weights and the factorised X'WX of one weighted fit. */
export class WeightedDesign {
  readonly k: number;
  readonly p: number;
  /** (X'WX)⁻¹. */
  readonly xtwxInverse: Matrix;
  /** log det(X'WX). */
  readonly logDetXtwx: number;

  constructor(
    readonly x: Matrix,
    readonly w: Float64Array,
  ) {
    this.k = x.rows;
    this.p = x.cols;
    const { inverse, logDet } = spdInverse(crossprodWeighted(x, w));
    this.xtwxInverse = inverse;
    this.logDetXtwx = logDet;
  }

  /** Coefficients, residuals y − Xβ and the weighted residual sum of squares Σ w r². */
  fit(y: ArrayLike<number>): { beta: Float64Array; resid: Float64Array; rss: number } {
    const xtwy = crossprodVector(this.x, this.w, y);
    const { p, k } = this;
    const beta = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += this.xtwxInverse.data[a * p + b] * xtwy[b];
      beta[a] = s;
    }
    const resid = new Float64Array(k);
    let rss = 0;
    for (let i = 0; i < k; i++) {
      let fitted = 0;
      for (let a = 0; a < p; a++) fitted += this.x.data[i * p + a] * beta[a];
      resid[i] = y[i] - fitted;
      rss += this.w[i] * resid[i] * resid[i];
    }
    return { beta, resid, rss };
  }

  /** tr(P D) for D = diag(d). */
  tracePD(d: ArrayLike<number> | null): number {
    let s = 0;
    const wd = new Float64Array(this.k);
    for (let i = 0; i < this.k; i++) {
      const di = d ? d[i] : 1;
      s += this.w[i] * di;
      wd[i] = this.w[i] * this.w[i] * di;
    }
    return s - traceProduct(this.xtwxInverse, crossprodWeighted(this.x, wd));
  }

  /** tr(P D P E) for diagonal D and E (null means the identity). */
  tracePDPE(d: ArrayLike<number> | null, e: ArrayLike<number> | null): number {
    const { k, w } = this;
    let s = 0;
    const w3de = new Float64Array(k);
    const w2d = new Float64Array(k);
    const w2e = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const di = d ? d[i] : 1;
      const ei = e ? e[i] : 1;
      s += w[i] * w[i] * di * ei;
      w3de[i] = w[i] * w[i] * w[i] * di * ei;
      w2d[i] = w[i] * w[i] * di;
      w2e[i] = w[i] * w[i] * ei;
    }
    const a = this.xtwxInverse;
    const md = crossprodWeighted(this.x, w2d);
    const me = d === e ? md : crossprodWeighted(this.x, w2e);
    const amd = mul(a, md);
    const ame = d === e ? amd : mul(a, me);
    return s - 2 * traceProduct(a, crossprodWeighted(this.x, w3de)) + traceProduct(amd, ame);
  }
}

function mul(a: Matrix, b: Matrix): Matrix {
  const n = a.rows;
  const out: Matrix = { rows: n, cols: n, data: new Float64Array(n * n) };
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const v = a.data[i * n + k];
      for (let j = 0; j < n; j++) out.data[i * n + j] += v * b.data[k * n + j];
    }
  return out;
}

/** Inverse-variance weights 1/(vᵢ + tau²). */
export function inverseVarianceWeights(vi: ArrayLike<number>, tau2: number): Float64Array {
  const w = new Float64Array(vi.length);
  for (let i = 0; i < vi.length; i++) w[i] = 1 / (vi[i] + tau2);
  return w;
}
