// Brent's root finder exactly as R's uniroot() runs it (stats/src/zeroin.c, R_zeroin2).
// metafor's Paule–Mandel estimator and Q-profile CIs stop at uniroot's default tolerance
// (≈1.2e-4), so reproducing their figures to 1e-6 means taking the very same steps.

const DBL_EPSILON = 2.220446049250313e-16;

/** Options of {@link uniroot}; the defaults are R's. */
export interface UnirootOptions {
  /** Convergence tolerance; R's default is .Machine$double.eps^0.25. */
  tol?: number;
  /** Maximum number of iterations; R's default is 1000. */
  maxiter?: number;
}

/** R's default uniroot tolerance, `.Machine$double.eps^0.25`. */
export const UNIROOT_TOL = Math.pow(DBL_EPSILON, 0.25);

/** Result of {@link uniroot}: the root, the iterations used and whether it converged. */
export interface UnirootResult {
  root: number;
  iterations: number;
  converged: boolean;
}

/**
 * Root of `f` in [lower, upper], as R's `uniroot(f, c(lower, upper), tol, maxiter)`.
 * Throws, like R, when the end points do not bracket a root.
 */
export function uniroot(f: (x: number) => number, lower: number, upper: number, options: UnirootOptions = {}): UnirootResult {
  const fLower = f(lower);
  const fUpper = f(upper);
  if (Number.isNaN(fLower) || Number.isNaN(fUpper)) throw new Error("uniroot: f() is NaN at an end point");
  if (!(Math.sign(fLower) * Math.sign(fUpper) <= 0)) throw new Error("uniroot: f() values at end points not of opposite sign");
  return zeroin2(f, lower, upper, fLower, fUpper, options.tol ?? UNIROOT_TOL, options.maxiter ?? 1000);
}

function zeroin2(f: (x: number) => number, ax: number, bx: number, faIn: number, fbIn: number, tol: number, maxIter: number): UnirootResult {
  let a = ax;
  let b = bx;
  let fa = faIn;
  let fb = fbIn;
  let c = a;
  let fc = fa;
  let maxit = maxIter + 1;
  if (fa === 0) return { root: a, iterations: 0, converged: true };
  if (fb === 0) return { root: b, iterations: 0, converged: true };
  while (maxit--) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * DBL_EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) {
      return { root: b, iterations: maxIter + 1 - maxit - 1, converged: true };
    }
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qq = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qq * (qq - t1) - (b - a) * (t1 - 1));
        q = (qq - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return { root: b, iterations: -1, converged: false };
}
