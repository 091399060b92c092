/**
 * Remaining-relevant estimate from the discovery ("yield") curve: in a prioritised order the
 * share of relevant records per decision falls as screening goes on. We fit a Poisson rate
 * λ(j) = exp(a + b·j/N) by maximum likelihood (Newton–Raphson) to the last half (≥ 50) of the
 * decisions, j counting positions from the newest decision, and sum it over the U unscreened
 * positions j = 1 … U. When the recent window shows no decline (b ≥ 0) the current rate is
 * carried flat to the end, which over- rather than under-estimates.
 */
export interface YieldCurveEstimate {
  expected: number;
  /** Approximate 90% interval: Poisson noise plus the fit's delta-method variance. */
  interval90: [number, number];
  /** Fitted log-rate at the newest decision and its slope per N positions (null when flat). */
  fit: { a: number; b: number } | null;
  windowSize: number;
  method: "yield-curve";
}

export function yieldCurveEstimate(labelsInOrder: ArrayLike<number>, nRecords: number): YieldCurveEstimate {
  const screened = labelsInOrder.length;
  const unscreened = nRecords - screened;
  const w = Math.min(screened, Math.max(50, Math.ceil(screened / 2)));
  // t ∈ (−w/N, 0]: position relative to the newest decision, scaled by N so b is O(1).
  const t = Float64Array.from({ length: w }, (_, i) => (i - (w - 1)) / nRecords);
  const y = Float64Array.from({ length: w }, (_, i) => labelsInOrder[screened - w + i]);
  let hits = 0;
  for (const v of y) hits += v;
  const flat = (): YieldCurveEstimate => {
    const rate = (hits + 0.5) / (w + 1);
    const expected = rate * unscreened;
    // Binomial-like uncertainty of the rate plus Poisson noise of the count.
    const sd = Math.sqrt(expected + (unscreened * unscreened * rate * (1 - rate)) / (w + 1));
    return { expected, interval90: [Math.max(0, expected - 1.6449 * sd), expected + 1.6449 * sd], fit: null, windowSize: w, method: "yield-curve" };
  };
  if (unscreened === 0) return { expected: 0, interval90: [0, 0], fit: null, windowSize: w, method: "yield-curve" };
  if (hits === 0 || w < 10) return flat();
  const fit = poissonLogLinear(t, y);
  if (!fit || fit.b >= 0) return flat();
  let expected = 0;
  let dB = 0;
  for (let j = 1; j <= unscreened; j++) {
    const mu = Math.exp(fit.a + (fit.b * j) / nRecords);
    expected += mu;
    dB += (mu * j) / nRecords;
  }
  // Var(R̂) ≈ gᵀ Σ g + R with g = (∂R/∂a, ∂R/∂b) = (R, Σ μ_j j/N) and Σ the inverse information.
  const [vaa, vab, vbb] = fit.covariance;
  const variance = expected * expected * vaa + 2 * expected * dB * vab + dB * dB * vbb + expected;
  const half = 1.6449 * Math.sqrt(variance);
  return { expected, interval90: [Math.max(0, expected - half), expected + half], fit: { a: fit.a, b: fit.b }, windowSize: w, method: "yield-curve" };
}

/** Poisson regression y ~ exp(a + b·t) by Newton's method; null if it does not converge. */
function poissonLogLinear(t: Float64Array, y: Float64Array) {
  let hits = 0;
  for (const v of y) hits += v;
  let a = Math.log(hits / y.length);
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (let i = 0; i < t.length; i++) {
      const mu = Math.exp(a + b * t[i]);
      ga += y[i] - mu;
      gb += (y[i] - mu) * t[i];
      haa += mu;
      hab += mu * t[i];
      hbb += mu * t[i] * t[i];
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) return null;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    // Damp huge steps: a very steep decline in a short window makes b diverge.
    const scale = Math.min(1, 20 / Math.max(Math.abs(da), Math.abs(db) / 100));
    a += scale * da;
    b += scale * db;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return null;
    if (Math.abs(da) < 1e-9 && Math.abs(db) < 1e-7) {
      return { a, b, covariance: [hbb / det, -hab / det, haa / det] as const };
    }
  }
  return null;
}
