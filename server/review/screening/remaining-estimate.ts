/**
 * Adapter (the screening engine has no remaining-relevant estimator yet): a live estimate of how
 * many relevant records remain unscreened, from the ranking model's scores.
 *
 * Method: Platt scaling — a one-variable logistic regression p(relevant | score) = σ(a·score + b)
 * fitted by Newton's method on the records labelled so far — then the expected count
 * Σ p over the unlabelled records, with a Poisson-binomial 95% interval (normal approximation).
 * The model was trained on the same labels, so labelled scores are more separated than unseen
 * ones and the estimate leans low early in screening; the UI says "estimate".
 */
export interface RemainingEstimate {
  expected: number;
  low: number;
  high: number;
  /** Labelled records the calibration used. */
  basedOn: number;
}

/** @param labels -1 unlabelled, 0 irrelevant, 1 relevant; indexed like `scores`. */
export function estimateRemainingRelevant(scores: Float64Array, labels: Int8Array): RemainingEstimate | null {
  const fit = plattFit(scores, labels);
  if (!fit) return null;
  let expected = 0;
  let variance = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== -1) continue;
    const p = sigmoid(fit.a * scores[i] + fit.b);
    expected += p;
    variance += p * (1 - p);
  }
  const half = 1.96 * Math.sqrt(variance);
  return { expected, low: Math.max(0, expected - half), high: expected + half, basedOn: fit.n };
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Newton–Raphson on the log-likelihood with Platt's smoothed targets (avoids infinite slopes on separable data). */
function plattFit(scores: Float64Array, labels: Int8Array): { a: number; b: number; n: number } | null {
  let nPos = 0;
  let nNeg = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) nPos++;
    else if (labels[i] === 0) nNeg++;
  }
  if (nPos === 0 || nNeg === 0) return null;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  let a = 1;
  let b = Math.log((nPos + 1) / (nNeg + 1));
  for (let iter = 0; iter < 50; iter++) {
    let g0 = 0, g1 = 0, h00 = 1e-9, h01 = 0, h11 = 1e-9;
    for (let i = 0; i < labels.length; i++) {
      if (labels[i] === -1) continue;
      const s = scores[i];
      const p = sigmoid(a * s + b);
      const d = p - (labels[i] === 1 ? tPos : tNeg);
      const w = p * (1 - p);
      g0 += d * s; g1 += d;
      h00 += w * s * s; h01 += w * s; h11 += w;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 1e-12)) break;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    a -= da; b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return Number.isFinite(a) && Number.isFinite(b) ? { a, b, n: nPos + nNeg } : null;
}
