// leave1out() and influence(): refit the model without each study in turn (metafor's
// leave1out.rma.uni, influence.rma.uni, rstudent, cooks.distance and hatvalues).
import { at, keepRows } from "./numerics/linalg";
import { pchisq } from "./numerics/distributions";
import { rma, type RmaFit } from "./rma";
import type { ModelData } from "./model-types";

/** Model refitted without one study. */
export interface LeaveOneOutRow {
  omittedId: string;
  omittedLabel: string;
  estimate: number;
  se: number;
  /** z (or t with Knapp–Hartung) statistic. */
  stat: number;
  pval: number;
  ciLb: number;
  ciUb: number;
  Q: number;
  Qp: number;
  tau2: number;
  I2: number;
  H2: number;
}

/** Case-deletion diagnostics for one study. */
export interface InfluenceRow {
  id: string;
  label: string;
  /** Deleted residual yᵢ − ŷ₍₋ᵢ₎, its SE, and the studentised deleted residual. */
  rstudentResid: number;
  rstudentSe: number;
  rstudent: number;
  dffits: number;
  /** DFBETAS of each coefficient. */
  dfbetas: number[];
  cooksDistance: number;
  covRatio: number;
  tau2Deleted: number;
  QEDeleted: number;
  hat: number;
  weightPct: number;
  /** metafor's asterisk: |DFFITS|, Cook's D, hat or DFBETAS beyond its rule-of-thumb cut-off. */
  influential: boolean;
}

/** The fit's data without row i. */
export function dropStudy(data: ModelData, i: number): ModelData {
  const keep = (j: number) => j !== i;
  return {
    yi: data.yi.filter((_, j) => keep(j)),
    vi: data.vi.filter((_, j) => keep(j)),
    x: keepRows(data.x, keep),
    terms: data.terms,
    ids: data.ids.filter((_, j) => keep(j)),
    labels: data.labels.filter((_, j) => keep(j)),
  };
}

function refitWithout(fit: RmaFit, i: number): RmaFit {
  const { method, test, level, control, tau2 } = fit.options;
  return rma(dropStudy(fit.data, i), { method, test, level, control, tau2, skipR2: true });
}

/** Leave-one-out estimates for an intercept-only model. */
export function leave1out(fit: RmaFit): LeaveOneOutRow[] {
  if (!fit.intOnly) throw new Error("Method only applicable to models without moderators.");
  if (fit.k === 1) throw new Error("Stopped because k = 1.");
  return fit.data.ids.map((id, i) => {
    const r = refitWithout(fit, i);
    const c = r.coefficients[0];
    return {
      omittedId: id,
      omittedLabel: fit.data.labels[i],
      estimate: c.estimate,
      se: c.se,
      stat: c.stat,
      pval: c.pval,
      ciLb: c.ciLb,
      ciUb: c.ciUb,
      Q: r.QE,
      Qp: r.QEp,
      tau2: r.tau2,
      I2: r.I2,
      H2: r.H2,
    };
  });
}

/** Hat values diag(X (X'WX)⁻¹ X' W) of a fit. */
export function hatValues(fit: RmaFit): Float64Array {
  const { x } = fit.data;
  const unscaled = fit.vb.data.map((z) => z / (fit.s2w || 1));
  const hat = new Float64Array(fit.k);
  for (let i = 0; i < fit.k; i++) {
    let h = 0;
    for (let a = 0; a < fit.p; a++) for (let b = 0; b < fit.p; b++) h += at(x, i, a) * unscaled[a * fit.p + b] * at(x, i, b);
    hat[i] = h * fit.weightsRaw[i];
  }
  return hat;
}

/** Studentised deleted residuals, DFFITS, Cook's distances, covariance ratios and hat values. */
export function influence(fit: RmaFit): InfluenceRow[] {
  if (fit.k === 1) throw new Error("Stopped because k = 1.");
  const { x, yi, vi } = fit.data;
  const { p, k } = fit;
  const hat = hatValues(fit);
  const btt = Array.from({ length: p }, (_, j) => j);
  const vbInv = invert(fit.vb.data, p);
  const detFull = det(fit.vb.data, p);
  return fit.data.ids.map((id, i) => {
    const r = refitWithout(fit, i);
    const xi = btt.map((a) => at(x, i, a));
    const delpred = xi.reduce((s, xa, a) => s + xa * r.beta[a], 0);
    let vdel = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) vdel += xi[a] * at(r.vb, a, b) * xi[b];
    const predFull = xi.reduce((s, xa, a) => s + xa * fit.beta[a], 0);
    let resid = yi[i] - delpred;
    if (Math.abs(resid) < 100 * 2.220446049250313e-16) resid = 0;
    const se = Math.sqrt(vi[i] * r.s2w + vdel + r.tau2 * r.s2w);
    const dffits = (predFull - delpred) / Math.sqrt(r.s2w * hat[i] * (r.tau2 + vi[i]));
    // Coefficient variances of the full model with the deleted tau² plugged in (for DFBETAS).
    const vbDel = invert(weightedCrossprod(x, vi, r.tau2), p);
    const dfb = btt.map((a) => fit.beta[a] - r.beta[a]);
    const dfbetas = btt.map((a) => dfb[a] / Math.sqrt(r.s2w * vbDel[a * p + a]));
    let cook = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) cook += dfb[a] * vbInv[a * p + b] * dfb[b];
    const covRatio = det(r.vb.data, p) / detFull;
    const influential =
      Math.abs(dffits) > 3 * Math.sqrt(p / (k - p)) || pchisq(cook, p) > 0.5 || hat[i] > (3 * p) / k || dfbetas.some((d) => Math.abs(d) > 1);
    return {
      id,
      label: fit.data.labels[i],
      rstudentResid: resid,
      rstudentSe: se,
      rstudent: resid / se,
      dffits,
      dfbetas,
      cooksDistance: cook,
      covRatio,
      tau2Deleted: r.tau2,
      QEDeleted: r.QE,
      hat: hat[i],
      weightPct: fit.weightsPct[i],
      influential,
    };
  });
}

function weightedCrossprod(x: RmaFit["data"]["x"], vi: Float64Array, tau2: number): Float64Array {
  const p = x.cols;
  const out = new Float64Array(p * p);
  for (let i = 0; i < x.rows; i++) {
    const w = 1 / (vi[i] + tau2);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b] += x.data[i * p + a] * w * x.data[i * p + b];
  }
  return out;
}

/** Gauss–Jordan inverse of a small matrix. */
function invert(m: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
    for (let j = 0; j < n; j++) {
      [a[c * n + j], a[piv * n + j]] = [a[piv * n + j], a[c * n + j]];
      [inv[c * n + j], inv[piv * n + j]] = [inv[piv * n + j], inv[c * n + j]];
    }
    const d = a[c * n + c];
    for (let j = 0; j < n; j++) {
      a[c * n + j] /= d;
      inv[c * n + j] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c];
      for (let j = 0; j < n; j++) {
        a[r * n + j] -= f * a[c * n + j];
        inv[r * n + j] -= f * inv[c * n + j];
      }
    }
  }
  return inv;
}

function det(m: ArrayLike<number>, n: number): number {
  const a = Float64Array.from(m);
  let d = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
    if (piv !== c) {
      d = -d;
      for (let j = 0; j < n; j++) [a[c * n + j], a[piv * n + j]] = [a[piv * n + j], a[c * n + j]];
    }
    d *= a[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / a[c * n + c];
      for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
    }
  }
  return d;
}
