import fQuantile from "@stdlib/stats-base-dists-f-quantile";

/**
 * Intraclass correlation for n targets (studies) each rated by the same k raters, from the
 * two-way ANOVA mean squares (Shrout & Fleiss 1979; McGraw & Wong 1996):
 *   MSR rows (targets), MSC columns (raters), MSE residual, MSW within targets.
 */
export interface IccAnova {
  n: number;
  k: number;
  msRows: number;
  msColumns: number;
  msError: number;
  msWithin: number;
}

export interface IccEstimate {
  icc: number;
  ci95: [number, number];
  /** F statistic testing ICC = 0 with its degrees of freedom. */
  f: number;
  df1: number;
  df2: number;
}

export interface IccResult {
  anova: IccAnova;
  /** ICC(2,1) = ICC(A,1): two-way random, absolute agreement, single rater. */
  agreement: IccEstimate;
  /** ICC(3,1) = ICC(C,1): two-way mixed, consistency, single rater. */
  consistency: IccEstimate;
}

/** Two-way ANOVA mean squares of a complete targets × raters matrix. */
export function iccAnova(ratings: ReadonlyArray<ReadonlyArray<number>>): IccAnova {
  const n = ratings.length;
  const k = n > 0 ? ratings[0].length : 0;
  if (n < 2 || k < 2) throw new Error(`icc: need at least 2 targets and 2 raters, got ${n} × ${k}`);
  ratings.forEach((row, i) => {
    if (row.length !== k) throw new Error(`icc: target ${i} has ${row.length} ratings, expected ${k}`);
    row.forEach((x, j) => {
      if (!Number.isFinite(x)) throw new Error(`icc: rating of target ${i} by rater ${j} is ${x}; every target needs every rater's score`);
    });
  });
  const grand = ratings.flat().reduce((s, x) => s + x, 0) / (n * k);
  const rowMeans = ratings.map((row) => row.reduce((s, x) => s + x, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => ratings.reduce((s, row) => s + row[j], 0) / n);
  const ssTotal = ratings.flat().reduce((s, x) => s + (x - grand) ** 2, 0);
  const ssRows = k * rowMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssColumns = n * colMeans.reduce((s, m) => s + (m - grand) ** 2, 0);
  const ssError = ssTotal - ssRows - ssColumns;
  return {
    n, k,
    msRows: ssRows / (n - 1),
    msColumns: ssColumns / (k - 1),
    msError: ssError / ((n - 1) * (k - 1)),
    msWithin: (ssColumns + ssError) / (n * (k - 1)),
  };
}

/**
 * ICC(2,1) and ICC(3,1) with their exact (consistency) and Satterthwaite-approximate (agreement)
 * confidence intervals from McGraw & Wong (1996), Table 7 cases 2A/3A, single measures.
 */
export function icc(ratings: ReadonlyArray<ReadonlyArray<number>>, confidence = 0.95): IccResult {
  const a = iccAnova(ratings);
  return { anova: a, agreement: iccAgreement(a, confidence), consistency: iccConsistency(a, confidence) };
}

/** ICC(3,1) = (MSR − MSE) / (MSR + (k − 1) MSE). */
export function iccConsistency(a: IccAnova, confidence = 0.95): IccEstimate {
  const { n, k, msRows, msError } = a;
  const icc = (msRows - msError) / (msRows + (k - 1) * msError);
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  const f = msRows / msError;
  const q = 1 - (1 - confidence) / 2;
  const fL = f / fQuantile(q, df1, df2);
  const fU = f * fQuantile(q, df2, df1);
  return { icc, ci95: [(fL - 1) / (fL + k - 1), (fU - 1) / (fU + k - 1)], f, df1, df2 };
}

/** ICC(2,1) = (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n). */
export function iccAgreement(a: IccAnova, confidence = 0.95): IccEstimate {
  const { n, k, msRows, msColumns, msError } = a;
  const icc = (msRows - msError) / (msRows + (k - 1) * msError + (k * (msColumns - msError)) / n);
  // Satterthwaite degrees of freedom of the denominator mean square (McGraw & Wong 1996, eq. for case 2A).
  const ar = (k * icc) / (n * (1 - icc));
  const br = 1 + (k * icc * (n - 1)) / (n * (1 - icc));
  const v = (ar * msColumns + br * msError) ** 2 / ((ar * msColumns) ** 2 / (k - 1) + (br * msError) ** 2 / ((n - 1) * (k - 1)));
  const q = 1 - (1 - confidence) / 2;
  const fStar = fQuantile(q, n - 1, v);
  const fStar2 = fQuantile(q, v, n - 1);
  const c = k * msColumns + (k * n - k - n) * msError;
  const lower = (n * (msRows - fStar * msError)) / (fStar * c + n * msRows);
  const upper = (n * (fStar2 * msRows - msError)) / (c + n * fStar2 * msRows);
  return { icc, ci95: [lower, upper], f: msRows / msError, df1: n - 1, df2: (n - 1) * (k - 1) };
}
