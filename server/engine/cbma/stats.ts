/**
 * Small statistics helpers shared by the CBMA methods: normal quantiles, p → z as NiMARE,
 * −log10 p, permutation p-values and Benjamini–Hochberg FDR.
 */

const SMALLEST_FLOAT32 = 1.1754943508222875e-38; // np.finfo(np.float32).tiny

/**
 * Inverse of the standard normal CDF, Wichura (1988) AS 241 PPND16 (relative error ~1e-16).
 * @param p - probability in (0, 1).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -val : val;
}

/**
 * One-tailed p → z as NiMARE's `p_to_z(p, tail="one")`: p is cast to float32 and clipped to
 * [smallest normal float32, 1]; z = Φ⁻¹(1 − p); negative z set to 0. Result rounded to float32.
 */
export function pToZOneTailed(p: number): number {
  let pf = Math.fround(p);
  if (pf < SMALLEST_FLOAT32) pf = SMALLEST_FLOAT32;
  if (pf > 1) pf = 1;
  const z = -normalQuantile(pf);
  return z > 0 ? Math.fround(z) : 0;
}

/** −log10(p) with p cast to float32 first (NiMARE `_p_to_logp_values`), as float32. */
export function negLog10P(p: number): number {
  return Math.fround(-Math.log10(Math.fround(p)));
}

/**
 * Upper-tail permutation p of `value` against sorted null values, as NiMARE's
 * `null_to_p(..., tail="upper")`: (number of null values ≥ value) / n, clipped to
 * [1/n, 1 − 1/n] (no +1 correction; cbma.md A7).
 */
export function upperTailP(value: number, sortedNull: Float64Array): number {
  const n = sortedNull.length;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sortedNull[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  const p = (n - lo) / n;
  const eps = Math.max(Number.EPSILON, 1 / n);
  return Math.min(Math.max(p, eps), 1 - eps);
}

/**
 * Benjamini–Hochberg adjusted p-values (FDR, independence/positive dependence), as NiMARE's
 * `FDRCorrector(method="indep")`. Entries that are NaN stay NaN.
 */
export function fdrBh(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(p[i])) idx.push(i);
  idx.sort((a, b) => p[a] - p[b]);
  const m = idx.length;
  const out = new Float64Array(n).fill(NaN);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const q = Math.min(1, (p[idx[r]] * m) / (r + 1));
    running = Math.min(running, q);
    out[idx[r]] = running;
  }
  return out;
}

/** Two-sample Kolmogorov–Smirnov statistic D and asymptotic p (used to compare null distributions). */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): { d: number; p: number } {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i], y[j]);
    while (i < n && x[i] <= v) i++;
    while (j < m && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const en = Math.sqrt((n * m) / (n + m));
  const lambda = (en + 0.12 + 0.11 / en) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { d, p: Math.min(1, Math.max(0, lambda < 1e-3 ? 1 : p)) };
}
