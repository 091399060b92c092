import quantile from "@stdlib/stats-base-dists-normal-quantile";

/**
 * Inter-rater agreement on categorical decisions: contingency table, percent agreement, Cohen's
 * kappa and weighted kappa with the large-sample standard errors of Fleiss, Cohen & Everitt (1969).
 */

/** Counts: table[i][j] = records rater A put in category i and rater B in category j. */
export interface ContingencyTable<C extends string = string> {
  categories: readonly C[];
  counts: number[][];
  n: number;
}

/** Cross-tabulates paired decisions (one pair per record both raters decided). */
export function contingencyTable<C extends string>(pairs: ReadonlyArray<readonly [C, C]>, categories: readonly C[]): ContingencyTable<C> {
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts = categories.map(() => categories.map(() => 0));
  pairs.forEach(([a, b], p) => {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) {
      throw new Error(`contingencyTable: pair ${p} has category "${i === undefined ? a : b}", not one of ${categories.join(", ")}`);
    }
    counts[i][j]++;
  });
  return { categories, counts, n: pairs.length };
}

/** Disagreement weighting of ordered categories; "none" is Cohen's unweighted kappa. */
export type KappaWeighting = "none" | "linear" | "quadratic";

export interface KappaResult {
  kappa: number;
  /** Large-sample standard error (non-null), used for the confidence interval. */
  se: number;
  ci95: [number, number];
  /** Standard error under H0: κ = 0, and the z statistic κ / se0. */
  seNull: number;
  z: number;
  /** Observed (weighted) agreement p_o and chance agreement p_e, as proportions. */
  observedAgreement: number;
  expectedAgreement: number;
  n: number;
  weighting: KappaWeighting;
}

/**
 * Agreement weights w_ij = 1 − d_ij: linear d = |i − j|/(k − 1), quadratic d = ((i − j)/(k − 1))²,
 * none d = [i ≠ j]. Categories must be listed in their order (e.g. quality 0, 0.5, 1).
 */
export function agreementWeights(k: number, weighting: KappaWeighting): number[][] {
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (weighting === "none" || k === 1) return i === j ? 1 : 0;
      const d = Math.abs(i - j) / (k - 1);
      return 1 - (weighting === "linear" ? d : d * d);
    }),
  );
}

/**
 * Cohen's (weighted) kappa κ = (p_o − p_e)/(1 − p_e) with, for proportions p_ij, marginals p_i.
 * and p_.j, and w̄_i. = Σ_j p_.j w_ij, w̄_.j = Σ_i p_i. w_ij (Fleiss, Cohen & Everitt 1969):
 *   Var(κ) = [Σ_ij p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ))² − (κ − p_e(1 − κ))²] / (n (1 − p_e)²)
 *   Var₀(κ) = [Σ_ij p_i. p_.j (w_ij − (w̄_i. + w̄_.j))² − p_e²] / (n (1 − p_e)²)
 * With identity weights these are the unweighted formulas of the same paper.
 */
export function cohenKappa(table: ContingencyTable, weighting: KappaWeighting = "none", confidence = 0.95): KappaResult {
  const k = table.categories.length;
  const n = table.n;
  if (n === 0) throw new Error("cohenKappa: the table is empty (no record decided by both raters)");
  const w = agreementWeights(k, weighting);
  const p = table.counts.map((row) => row.map((c) => c / n));
  const rowM = p.map((row) => row.reduce((s, x) => s + x, 0));
  const colM = p[0].map((_, j) => p.reduce((s, row) => s + row[j], 0));
  const wRow = rowM.map((_, i) => colM.reduce((s, pj, j) => s + pj * w[i][j], 0));
  const wCol = colM.map((_, j) => rowM.reduce((s, pi, i) => s + pi * w[i][j], 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      po += w[i][j] * p[i][j];
      pe += w[i][j] * rowM[i] * colM[j];
    }
  }
  // Both raters used one and the same category throughout: kappa is undefined (0/0).
  const kappa = pe === 1 ? NaN : (po - pe) / (1 - pe);
  let sum = 0;
  let sumNull = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      sum += p[i][j] * (w[i][j] - (wRow[i] + wCol[j]) * (1 - kappa)) ** 2;
      sumNull += rowM[i] * colM[j] * (w[i][j] - (wRow[i] + wCol[j])) ** 2;
    }
  }
  const denom = n * (1 - pe) ** 2;
  const se = Math.sqrt(Math.max(0, sum - (kappa - pe * (1 - kappa)) ** 2) / denom);
  const seNull = Math.sqrt(Math.max(0, sumNull - pe * pe) / denom);
  const zc = quantile(1 - (1 - confidence) / 2, 0, 1);
  return {
    kappa, se, ci95: [kappa - zc * se, kappa + zc * se], seNull, z: kappa / seNull,
    observedAgreement: po, expectedAgreement: pe, n, weighting,
  };
}

/** Share of records on which both raters made the same decision (unweighted). */
export function percentAgreement(table: ContingencyTable): number {
  if (table.n === 0) throw new Error("percentAgreement: the table is empty");
  let agree = 0;
  for (let i = 0; i < table.categories.length; i++) agree += table.counts[i][i];
  return (100 * agree) / table.n;
}

/** Screening decisions as the agreement report tabulates them. */
export const screeningCategories = ["include", "exclude", "maybe"] as const;
export type ScreeningDecision = (typeof screeningCategories)[number];

/**
 * Per-stage agreement of one reviewer pair: the 2×2 table (3×3 when either used "maybe"),
 * percent agreement and Cohen's kappa with its 95% CI.
 */
export function screeningAgreement(pairs: ReadonlyArray<readonly [ScreeningDecision, ScreeningDecision]>) {
  const usesMaybe = pairs.some(([a, b]) => a === "maybe" || b === "maybe");
  const categories = usesMaybe ? screeningCategories : screeningCategories.slice(0, 2);
  const table = contingencyTable(pairs, categories);
  return { table, percentAgreement: percentAgreement(table), kappa: cohenKappa(table) };
}

/** Quality-item scores: unmet, partial, full. */
export const qualityScoreLevels = [0, 0.5, 1] as const;

/**
 * Agreement of two raters on an ordinal item (quality scores 0 / 0.5 / 1 by default): the k×k
 * table, percent agreement, unweighted, linear- and quadratic-weighted kappa.
 */
export function ordinalAgreement(pairs: ReadonlyArray<readonly [number, number]>, levels: readonly number[] = qualityScoreLevels) {
  const labels = levels.map(String);
  const name = (x: number, p: number) => {
    const i = levels.indexOf(x);
    if (i < 0) throw new Error(`ordinalAgreement: pair ${p} has score ${x}, not one of ${labels.join(", ")}`);
    return labels[i];
  };
  const table = contingencyTable(pairs.map(([a, b], p) => [name(a, p), name(b, p)] as const), labels);
  return {
    table,
    percentAgreement: percentAgreement(table),
    kappa: cohenKappa(table, "none"),
    linear: cohenKappa(table, "linear"),
    quadratic: cohenKappa(table, "quadratic"),
  };
}
