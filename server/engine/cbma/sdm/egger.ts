/**
 * Egger's regression test for funnel-plot asymmetry (Egger et al. 1997), applied to the per-study
 * effects at a cluster peak (cbma.md B7): the standard normal deviate y/se is regressed on the
 * precision 1/se by ordinary least squares; the intercept measures asymmetry and is tested with
 * Student's t on k − 2 degrees of freedom.
 */
import { twoTailedTP } from "./distributions";

/** Result of Egger's test. */
export interface EggerTest {
  k: number;
  intercept: number;
  interceptSe: number;
  t: number;
  df: number;
  /** Two-tailed p of the intercept. */
  p: number;
  /** Slope of the regression (an estimate of the effect free of small-study bias). */
  slope: number;
}

/**
 * Egger's test on effects `y` with standard errors `se`.
 * Returns null when it cannot be computed (k < 3, or every study has the same precision,
 * e.g. equal sample sizes and null effects), with the reason.
 */
export function eggerTest(y: ArrayLike<number>, se: ArrayLike<number>): EggerTest | { k: number; reason: string } {
  const k = y.length;
  if (k < 3) return { k, reason: "Egger's test needs at least 3 studies" };
  let xBar = 0;
  let yBar = 0;
  const x = new Float64Array(k);
  const snd = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    if (!(se[i] > 0)) return { k, reason: `standard error of study ${i + 1} is ${se[i]}` };
    x[i] = 1 / se[i];
    snd[i] = y[i] / se[i];
    xBar += x[i] / k;
    yBar += snd[i] / k;
  }
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < k; i++) {
    sxx += (x[i] - xBar) ** 2;
    sxy += (x[i] - xBar) * (snd[i] - yBar);
  }
  if (!(sxx > 1e-12 * xBar * xBar * k)) return { k, reason: "all studies have the same precision" };
  const slope = sxy / sxx;
  const intercept = yBar - slope * xBar;
  let rss = 0;
  for (let i = 0; i < k; i++) rss += (snd[i] - intercept - slope * x[i]) ** 2;
  const df = k - 2;
  const interceptSe = Math.sqrt((rss / df) * (1 / k + (xBar * xBar) / sxx));
  const t = intercept / interceptSe;
  return { k, intercept, interceptSe, t, df, p: twoTailedTP(t, df), slope };
}
