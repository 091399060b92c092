// Subgroup analyses: a separate pooled fit per subgroup, the mixed-effects moderator test (QM),
// RevMan's fixed-effect test for subgroup differences (Q-between = Q_total − Σ Q_within) and its
// random-effects variant with a separate tau² per subgroup.
import { pchisq } from "./numerics/distributions";
import { modelData, levelsOf } from "./moderators";
import { rma, type RmaFit } from "./rma";
import type { RmaOptions } from "./model-types";

/** Studies with their subgroup. */
export interface SubgroupStudy {
  id: string;
  label: string;
  yi: number;
  vi: number;
  group: string;
}

/** Test for subgroup differences with G − 1 df. */
export interface BetweenGroupTest {
  Qb: number;
  df: number;
  pval: number;
  /** max(0, (Qb − df)/Qb)·100. */
  I2: number;
}

const i2 = (q: number, df: number) => Math.max(0, (100 * (q - df)) / q);

/** Levels present, in the given order (else sorted), each with its studies. */
export function splitByGroup(studies: SubgroupStudy[], levels?: string[]): { level: string; studies: SubgroupStudy[] }[] {
  const order = levelsOf({ name: "subgroup", kind: "categorical", values: studies.map((s) => s.group), levels });
  return order.map((level) => ({ level, studies: studies.filter((s) => s.group === level) }));
}

/** One pooled fit per subgroup. */
export function fitSubgroups(studies: SubgroupStudy[], options: Partial<RmaOptions>, levels?: string[]): { level: string; ids: string[]; fit: RmaFit }[] {
  return splitByGroup(studies, levels).map(({ level, studies: s }) => ({ level, ids: s.map((x) => x.id), fit: rma(modelData(s), options) }));
}

/** Mixed-effects test: rma with the subgroup as a categorical moderator (QM on G − 1 df). */
export function subgroupModeratorTest(studies: SubgroupStudy[], options: Partial<RmaOptions>, levels?: string[], name = "subgroup"): RmaFit {
  return rma(modelData(studies, [{ name, kind: "categorical", values: studies.map((s) => s.group), levels }]), options);
}

/** RevMan's fixed-effect test for subgroup differences: Q_total − Σ Q_within. */
export function fixedEffectPartition(studies: SubgroupStudy[], levels?: string[]): BetweenGroupTest & { Qtotal: number; Qwithin: number[]; QwithinSum: number } {
  const total = rma(modelData(studies), { method: "FE", skipR2: true });
  const within = splitByGroup(studies, levels).map(({ studies: s }) => rma(modelData(s), { method: "FE", skipR2: true }).QE);
  const QwithinSum = within.reduce((a, b) => a + b, 0);
  const Qb = total.QE - QwithinSum;
  const df = within.length - 1;
  return { Qtotal: total.QE, Qwithin: within, QwithinSum, Qb, df, pval: pchisq(Qb, df, true), I2: i2(Qb, df) };
}

/** Random-effects test with a separate tau² per subgroup: Q of the subgroup estimates. */
export function separateTau2BetweenTest(groupFits: RmaFit[]): BetweenGroupTest & { estimates: number[]; se: number[] } {
  const estimates = groupFits.map((f) => f.beta[0]);
  const se = groupFits.map((f) => f.coefficients[0].se);
  const w = se.map((s) => 1 / (s * s));
  const sumW = w.reduce((a, b) => a + b, 0);
  const pooled = w.reduce((a, wi, g) => a + wi * estimates[g], 0) / sumW;
  const Qb = w.reduce((a, wi, g) => a + wi * (estimates[g] - pooled) ** 2, 0);
  const df = groupFits.length - 1;
  return { estimates, se, Qb, df, pval: pchisq(Qb, df, true), I2: i2(Qb, df) };
}
