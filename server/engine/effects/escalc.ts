// escalc(): effect sizes and sampling variances from per-study data, with metafor's formulas
// (vtype = "LS", add = 1/2 to = "only0" for 2×2 tables, exact Hedges correction for SMD).
import { lgamma } from "./numerics/gamma";
import { pnorm, qnormUpper } from "./numerics/distributions";
import { readStudyFields, type EffectMeasure, type StudyRecord } from "./study-input";

/** One study's effect size, as `summary(escalc(...))` reports it, plus measure-specific extras. */
export interface EffectSize {
  id: string;
  label: string;
  yi: number;
  vi: number;
  sei: number;
  zi: number;
  pval: number;
  ciLb: number;
  ciUb: number;
  /** SMD: pooled SD, uncorrected d, exact and approximate Hedges factors. */
  smd?: { sdPooled: number; dUncorrected: number; hedgesJ: number; hedgesJApprox: number };
  /** RR/OR/RD: continuity correction added and the cell counts used. */
  cells?: { added: number; a: number; b: number; c: number; d: number };
}

/** Options of {@link escalc}; defaults are metafor's. */
export interface EscalcOptions {
  /** Continuity correction added to 2×2 tables with a zero cell (metafor add = 1/2, to = "only0"). */
  add: number;
  /** Confidence level (percent) of the per-study CIs, and of CIs given as generic input. */
  level: number;
}

/** Default {@link EscalcOptions}. */
export const DEFAULT_ESCALC_OPTIONS: EscalcOptions = { add: 0.5, level: 95 };

/**
 * Hedges' exact small-sample correction J(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2)), as metafor's
 * .cmicalc (not the 1 − 3/(4m − 1) approximation).
 */
export function hedgesCorrection(m: number): number {
  if (m <= 1) return Number.NaN;
  return Math.exp(lgamma(m / 2) - Math.log(Math.sqrt(m / 2)) - lgamma((m - 1) / 2));
}

/** Compute yi/vi for each study; throws naming the study and field on invalid input. */
export function escalc(measure: EffectMeasure, studies: StudyRecord[], options: Partial<EscalcOptions> = {}): EffectSize[] {
  const opts = { ...DEFAULT_ESCALC_OPTIONS, ...options };
  const crit = qnormUpper((1 - opts.level / 100) / 2);
  return studies.map((study, index) => {
    const core = computeOne(measure, study, index, opts, crit);
    const sei = Math.sqrt(core.vi);
    const zi = core.yi / sei;
    return {
      id: study.id,
      label: study.label ?? study.id,
      yi: core.yi,
      vi: core.vi,
      sei,
      zi,
      pval: 2 * pnorm(Math.abs(zi), true),
      ciLb: core.yi - crit * sei,
      ciUb: core.yi + crit * sei,
      ...(core.smd ? { smd: core.smd } : {}),
      ...(core.cells ? { cells: core.cells } : {}),
    };
  });
}

type Core = Pick<EffectSize, "yi" | "vi" | "smd" | "cells">;

function computeOne(measure: EffectMeasure, study: StudyRecord, index: number, opts: EscalcOptions, crit: number): Core {
  const f = readStudyFields(measure, study, index);
  switch (f.kind) {
    case "continuous": {
      const { n1, mean1, sd1, n2, mean2, sd2 } = f;
      if (measure === "MD") return { yi: mean1 - mean2, vi: (sd1 * sd1) / n1 + (sd2 * sd2) / n2 };
      if (measure === "ROM") {
        return { yi: Math.log(mean1 / mean2), vi: (sd1 * sd1) / (n1 * mean1 * mean1) + (sd2 * sd2) / (n2 * mean2 * mean2) };
      }
      const m = n1 + n2 - 2;
      const sdPooled = Math.sqrt(((n1 - 1) * sd1 * sd1 + (n2 - 1) * sd2 * sd2) / m);
      const d = (mean1 - mean2) / sdPooled;
      const hedgesJ = hedgesCorrection(m);
      const g = hedgesJ * d;
      return {
        yi: g,
        vi: 1 / n1 + 1 / n2 + (g * g) / (2 * (n1 + n2)),
        smd: { sdPooled, dUncorrected: d, hedgesJ, hedgesJApprox: 1 - 3 / (4 * m - 1) },
      };
    }
    case "binary": {
      const { events1, total1, events2, total2 } = f;
      const raw = [events1, total1 - events1, events2, total2 - events2];
      const added = raw.some((c) => c === 0) ? opts.add : 0;
      const [a, b, c, d] = raw.map((cell) => cell + added);
      const n1 = a + b;
      const n2 = c + d;
      const cells = { added, a, b, c, d };
      if (measure === "RR") return { yi: Math.log(a / n1 / (c / n2)), vi: 1 / a - 1 / n1 + 1 / c - 1 / n2, cells };
      if (measure === "OR") return { yi: Math.log((a * d) / (b * c)), vi: 1 / a + 1 / b + 1 / c + 1 / d, cells };
      const p1 = a / n1;
      const p2 = c / n2;
      return { yi: p1 - p2, vi: (p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2, cells };
    }
    case "correlation":
      return { yi: Math.atanh(f.ri), vi: 1 / (f.ni - 3) };
    case "generic": {
      if (f.vi !== undefined) return { yi: f.yi, vi: f.vi };
      if (f.se !== undefined) return { yi: f.yi, vi: f.se * f.se };
      const level = f.ciLevel ?? opts.level;
      const z = level === opts.level ? crit : qnormUpper((1 - level / 100) / 2);
      const se = (f.ciUpper! - f.ciLower!) / (2 * z);
      return { yi: f.yi, vi: se * se };
    }
  }
}

/** Back-transformation of the measure's scale (exp for log ratios, tanh for Fisher z), if any. */
export function backTransform(measure: EffectMeasure): { name: string; fn: (x: number) => number } | null {
  if (measure === "RR" || measure === "OR" || measure === "ROM") return { name: "exp", fn: Math.exp };
  if (measure === "ZCOR") return { name: "tanh", fn: Math.tanh };
  return null;
}
