// The content of a forest plot, built from per-study data with the effects engine: study rows,
// subgroup summaries, the overall summary, prediction interval and heterogeneity statements.
import {
  escalc,
  fixedEffectPartition,
  modelData,
  predict,
  rma,
  separateTau2BetweenTest,
  type EffectMeasure,
  type RmaFit,
  type StudyRecord,
  type Tau2Method,
} from "@/server/engine/effects";
import { fixed, formatP } from "./plot-theme";

/** Summary data of one arm, shown in the numbers columns. */
export type ArmSummary = { kind: "continuous"; mean: number; sd: number; n: number } | { kind: "binary"; events: number; n: number };

/** One study row. */
export interface ForestStudy {
  label: string;
  yi: number;
  ciLb: number;
  ciUb: number;
  weightPct: number;
  arms?: [ArmSummary, ArmSummary];
}

/** A pooled row (subgroup subtotal or overall total) with its statements. */
export interface ForestSummary {
  label: string;
  estimate: number;
  ciLb: number;
  ciUb: number;
  piLb?: number | null;
  piUb?: number | null;
  weightPct: number;
  /** Totals per arm: participants (and events for binary data). */
  totals?: [number, number];
  eventTotals?: [number, number];
  heterogeneity: string;
  overallTest: string;
}

/** A subgroup (or the single unnamed group when there are none). */
export interface ForestGroup {
  label: string | null;
  studies: ForestStudy[];
  summary: ForestSummary | null;
}

/** Everything a forest plot shows. */
export interface ForestData {
  /** "Mean Difference", "Risk Ratio", … */
  measureLabel: string;
  /** "IV, Random, 95% CI" */
  methodLabel: string;
  arms: [string, string];
  groups: ForestGroup[];
  overall: ForestSummary;
  subgroupTest: string | null;
  favours: [string, string];
  /** Ratio measures are drawn on a log axis and labelled on the ratio scale. */
  logScale: boolean;
  decimals: number;
}

const MEASURE_LABELS: Record<EffectMeasure, string> = {
  MD: "Mean Difference",
  SMD: "Std. Mean Difference",
  ROM: "Ratio of Means",
  RR: "Risk Ratio",
  OR: "Odds Ratio",
  RD: "Risk Difference",
  ZCOR: "Correlation (Fisher z)",
  GEN: "Effect size",
};

/** Options of {@link forestData}. */
export interface ForestDataOptions {
  measure: EffectMeasure;
  studies: StudyRecord[];
  /** Study field with the subgroup, and the level order. */
  subgroupVariable?: string | null;
  subgroupLevels?: string[] | null;
  /** Default "REML"; "FE" gives a common-effect (fixed) plot. */
  method?: Tau2Method;
  arms?: [string, string];
  /** "Favours …" labels under the axis (left, right). */
  favours?: [string, string];
}

function arms(measure: EffectMeasure, s: StudyRecord): [ArmSummary, ArmSummary] | undefined {
  const num = (f: string) => (typeof s[f] === "number" ? (s[f] as number) : Number.NaN);
  if (["MD", "SMD", "ROM"].includes(measure) && Number.isFinite(num("mean1"))) {
    return [
      { kind: "continuous", mean: num("mean1"), sd: num("sd1"), n: num("n1") },
      { kind: "continuous", mean: num("mean2"), sd: num("sd2"), n: num("n2") },
    ];
  }
  if (["RR", "OR", "RD"].includes(measure) && Number.isFinite(num("events1"))) {
    return [
      { kind: "binary", events: num("events1"), n: num("total1") },
      { kind: "binary", events: num("events2"), n: num("total2") },
    ];
  }
  return undefined;
}

const isRatio = (m: EffectMeasure) => m === "RR" || m === "OR" || m === "ROM";

function summary(label: string, fit: RmaFit, weightPct: number, rows: ForestStudy[], back: (x: number) => number): ForestSummary {
  const pr = predict(fit);
  const random = fit.options.method !== "FE" && fit.options.method !== "EE";
  const het = random
    ? `Heterogeneity: Tau² = ${fixed(fit.tau2, 2)}; Chi² = ${fixed(fit.QE, 2)}, df = ${fit.QEdf} (${formatP(fit.QEp)}); I² = ${Math.round(fit.I2)}%`
    : `Heterogeneity: Chi² = ${fixed(fit.QE, 2)}, df = ${fit.QEdf} (${formatP(fit.QEp)}); I² = ${Math.round(fit.I2)}%`;
  const c = fit.coefficients[0];
  const totals = rows.every((r) => r.arms) ? ([0, 1].map((a) => rows.reduce((s, r) => s + r.arms![a].n, 0)) as [number, number]) : undefined;
  const eventTotals = rows.every((r) => r.arms?.[0].kind === "binary")
    ? ([0, 1].map((a) => rows.reduce((s, r) => s + (r.arms![a] as { events: number }).events, 0)) as [number, number])
    : undefined;
  return {
    label,
    estimate: back(c.estimate),
    ciLb: back(c.ciLb),
    ciUb: back(c.ciUb),
    piLb: pr.piLb === null ? null : back(pr.piLb),
    piUb: pr.piUb === null ? null : back(pr.piUb),
    weightPct,
    totals,
    eventTotals,
    heterogeneity: fit.k > 1 ? het : "Heterogeneity: Not applicable",
    overallTest: `Test for overall effect: Z = ${fixed(Math.abs(c.stat), 2)} (${formatP(c.pval)})`,
  };
}

/** Build the forest-plot content for studies (with optional subgroups) under one model. */
export function forestData(opts: ForestDataOptions): ForestData {
  const method = opts.method ?? "REML";
  const es = escalc(opts.measure, opts.studies);
  const back = isRatio(opts.measure) ? Math.exp : (x: number) => x;
  const overallFit = rma(modelData(es), { method });
  const rows: ForestStudy[] = es.map((e, i) => ({
    label: e.label,
    yi: back(e.yi),
    ciLb: back(e.ciLb),
    ciUb: back(e.ciUb),
    weightPct: overallFit.weightsPct[i],
    arms: arms(opts.measure, opts.studies[i]),
  }));
  const groups: ForestGroup[] = [];
  let subgroupTest: string | null = null;
  const variable = opts.subgroupVariable;
  if (variable) {
    const levels = opts.subgroupLevels ?? [...new Set(opts.studies.map((s) => String(s[variable])))].sort();
    const groupFits: RmaFit[] = [];
    for (const level of levels) {
      const idx = opts.studies.map((s, i) => (String(s[variable]) === level ? i : -1)).filter((i) => i >= 0);
      if (!idx.length) continue;
      const fit = rma(modelData(idx.map((i) => es[i])), { method });
      groupFits.push(fit);
      const share = idx.reduce((s, i) => s + rows[i].weightPct, 0);
      groups.push({ label: level, studies: idx.map((i) => rows[i]), summary: summary("Subtotal (95% CI)", fit, share, idx.map((i) => rows[i]), back) });
    }
    // RevMan: Q-between of the common-effect partition, or of the subgroup estimates each
    // pooled with its own tau² for random-effects analyses.
    const sg = es.map((e, i) => ({ ...e, group: String(opts.studies[i][variable]) }));
    const test = method === "FE" || method === "EE" ? fixedEffectPartition(sg, levels) : separateTau2BetweenTest(groupFits);
    subgroupTest = `Test for subgroup differences: Chi² = ${fixed(test.Qb, 2)}, df = ${test.df} (${formatP(test.pval)}), I² = ${Math.round(test.I2)}%`;
  } else groups.push({ label: null, studies: rows, summary: null });
  const random = method !== "FE" && method !== "EE";
  return {
    measureLabel: MEASURE_LABELS[opts.measure],
    methodLabel: `IV, ${random ? "Random" : "Fixed"}, 95% CI`,
    arms: opts.arms ?? ["Experimental", "Control"],
    groups,
    overall: summary("Total (95% CI)", overallFit, 100, rows, back),
    subgroupTest,
    favours: opts.favours ?? [`Favours ${(opts.arms?.[0] ?? "experimental").toLowerCase()}`, `Favours ${(opts.arms?.[1] ?? "control").toLowerCase()}`],
    logScale: isRatio(opts.measure),
    decimals: 2,
  };
}
