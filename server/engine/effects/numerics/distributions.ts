// Normal, chi-squared, Student t and F distributions as R computes them.
// pnorm is Cody's rational Chebyshev algorithm and qnorm is Wichura's AS 241, both as in R's nmath,
// so z-tests and CIs agree with metafor to the last few bits. The others rest on the incomplete
// gamma/beta functions in ./gamma.ts and Newton steps for quantiles.
import { incompleteBeta, incompleteGamma, lgamma } from "./gamma";

const A = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const B = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const C = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const D = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const P = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const Q = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];
const M_1_SQRT_2PI = 0.398942280401432677939946059934;
const M_SQRT_32 = 5.656854249492380195206754896838;

function expHalfSquare(x: number): number {
  // exp(-x²/2) split as in R's do_del to avoid losing bits in the square.
  const xsq = Math.trunc(x * 16) / 16;
  const del = (x - xsq) * (x + xsq);
  return Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5);
}

/** Both tails of the standard normal: [P(Z ≤ x), P(Z > x)]. */
export function pnormBoth(x: number): [number, number] {
  if (Number.isNaN(x)) return [Number.NaN, Number.NaN];
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    let xnum = 0;
    let xden = 0;
    if (y > 1.1102230246251565e-16) {
      const xsq = x * x;
      xnum = A[4] * xsq;
      xden = xsq;
      for (let i = 0; i < 3; i++) {
        xnum = (xnum + A[i]) * xsq;
        xden = (xden + B[i]) * xsq;
      }
    }
    const temp = (x * (xnum + A[3])) / (xden + B[3]);
    return [0.5 + temp, 0.5 - temp];
  }
  let tail: number;
  if (y <= M_SQRT_32) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]) * y;
      xden = (xden + D[i]) * y;
    }
    tail = expHalfSquare(y) * ((xnum + C[7]) / (xden + D[7]));
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let xnum = P[5] * xsq;
    let xden = xsq;
    for (let i = 0; i < 4; i++) {
      xnum = (xnum + P[i]) * xsq;
      xden = (xden + Q[i]) * xsq;
    }
    let temp = (xsq * (xnum + P[4])) / (xden + Q[4]);
    temp = (M_1_SQRT_2PI - temp) / y;
    tail = expHalfSquare(x) * temp;
  } else {
    tail = 0;
  }
  return x > 0 ? [1 - tail, tail] : [tail, 1 - tail];
}

/** P(Z ≤ x), or P(Z > x) when `upper`. */
export function pnorm(x: number, upper = false): number {
  return pnormBoth(x)[upper ? 1 : 0];
}

const QA = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727];
const QB = [42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561];
const QC = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4];
const QD = [2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9];
const QE = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7];
const QF = [0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15];

function poly(c: number[], r: number): number {
  let s = 0;
  for (let i = c.length - 1; i >= 0; i--) s = s * r + c[i];
  return s;
}

/** Standard normal quantile (Wichura AS 241, as R's qnorm). */
export function qnorm(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(QA, r)) / (r * poly(QB, r) + 1);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val = poly(QC, r) / (r * poly(QD, r) + 1);
  } else {
    r -= 5;
    val = poly(QE, r) / (r * poly(QF, r) + 1);
  }
  return q < 0 ? -val : val;
}

/** Chi-squared distribution function; `upper` gives P(X > x) computed directly. */
export function pchisq(x: number, df: number, upper = false): number {
  if (Number.isNaN(x) || !(df > 0)) return Number.NaN;
  const g = incompleteGamma(df / 2, Math.max(0, x) / 2);
  return upper ? g.upper : g.lower;
}

function dchisqLog(x: number, df: number): number {
  const a = df / 2;
  return (a - 1) * Math.log(x) - x / 2 - a * Math.LN2 - lgamma(a);
}

/** Chi-squared quantile: Wilson–Hilferty start, then safeguarded Newton on the accurate tail. */
export function qchisq(p: number, df: number, upper = false): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN;
  const pLower = upper ? 1 - p : p;
  if (pLower === 0) return 0;
  if (pLower === 1) return Infinity;
  const z = qnorm(pLower);
  const h = 2 / (9 * df);
  let x = Math.max(1e-8, df * Math.pow(1 - h + z * Math.sqrt(h), 3));
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 200; i++) {
    // Work on whichever tail is smaller so the residual keeps its relative precision.
    const useUpper = upper ? true : p > 0.5;
    const f = useUpper ? pchisq(x, df, true) - (upper ? p : 1 - p) : pchisq(x, df) - p;
    const sign = useUpper ? -1 : 1;
    if (sign * f > 0) hi = Math.min(hi, x);
    else lo = Math.max(lo, x);
    const step = (sign * f) / Math.exp(dchisqLog(x, df));
    let next = x - step;
    if (!(next > lo && next < hi)) next = Number.isFinite(hi) ? (lo + hi) / 2 : x * 2;
    if (Math.abs(next - x) <= 1e-15 * Math.abs(x)) return next;
    x = next;
  }
  return x;
}

/** Student t distribution function. */
export function pt(t: number, df: number, upper = false): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN;
  if (!Number.isFinite(t)) return (t > 0) === upper ? 0 : 1;
  // Two-sided tail P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2).
  const x = df / (df + t * t);
  const ib = incompleteBeta(x, df / 2, 0.5);
  const tail = ib.lower / 2; // P(T > |t|)
  const farSide = t >= 0 ? tail : 1 - tail; // P(T > t)
  if (t >= 0) return upper ? farSide : 1 - tail;
  return upper ? farSide : tail;
}

function dtLog(t: number, df: number): number {
  return lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df);
}

/** Upper-tail Student t quantile: t with P(T > t) = tail, by Newton iteration on the accurate tail. */
export function qtUpper(tail: number, df: number): number {
  if (Number.isNaN(tail) || tail <= 0 || tail >= 1 || !(df > 0)) return tail === 0 ? Infinity : tail === 1 ? -Infinity : Number.NaN;
  if (tail === 0.5) return 0;
  if (tail > 0.5) return -qtUpper(1 - tail, df);
  // Start from the Cornish–Fisher expansion around the normal quantile.
  const z = -qnorm(tail);
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  let t = Math.max(z, z + g1 / df + g2 / (df * df));
  let lo = 0;
  let hi = Infinity;
  for (let i = 0; i < 300; i++) {
    const f = pt(t, df, true) - tail;
    if (f > 0) lo = Math.max(lo, t);
    else hi = Math.min(hi, t);
    let next = t + f / Math.exp(dtLog(t, df));
    if (!(next > lo && next < hi)) next = Number.isFinite(hi) ? (lo + hi) / 2 : t * 2;
    if (Math.abs(next - t) <= 1e-15 * Math.abs(t)) return next;
    t = next;
  }
  return t;
}

/** Student t quantile, P(T ≤ t) = p. */
export function qt(p: number, df: number): number {
  return p < 0.5 ? -qtUpper(p, df) : qtUpper(1 - p, df);
}

/** Upper-tail normal quantile, as R's qnorm(tail, lower.tail = FALSE). */
export function qnormUpper(tail: number): number {
  return -qnorm(tail);
}

/** F distribution function. */
export function pf(f: number, df1: number, df2: number, upper = false): number {
  if (Number.isNaN(f) || !(df1 > 0) || !(df2 > 0)) return Number.NaN;
  if (f <= 0) return upper ? 1 : 0;
  const ib = incompleteBeta(df2 / (df2 + df1 * f), df2 / 2, df1 / 2);
  return upper ? ib.lower : ib.upper;
}
