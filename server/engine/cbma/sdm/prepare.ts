/**
 * Turns an `SdmDataset` into prepared studies: every peak as a signed Hedges' g, every study with
 * its design constants and its threshold in g units. All conversions and imputations that a
 * methods section must mention are collected as warnings.
 */
import { type StudyDesign, hedgesGVariance, statisticToT, studyDesign, thresholdToT, tToHedgesG } from "./effect-size";
import { tInverse } from "./distributions";
import type { SdmDataset, SdmExperiment } from "./types";

/** A peak ready for mapping. */
export interface PreparedPeak {
  mm: [number, number, number];
  /** Signed t after conversion (and capping). */
  t: number;
  /** Signed Hedges' g. */
  g: number;
  /** True when the paper gave no value and the study threshold was used. */
  imputed: boolean;
}

/** A study ready for mapping. */
export interface PreparedStudy {
  id: string;
  label: string;
  nPatients: number;
  nControls: number | null;
  design: StudyDesign;
  /** |t| of the study threshold. */
  thresholdT: number;
  /** Hedges' g of the threshold t (positive). */
  thresholdG: number;
  /** How the threshold was obtained. */
  thresholdSource: "reported" | "lowest-peak" | "default-p-0.001";
  peaks: PreparedPeak[];
  nullStudy: boolean;
  attributes: Record<string, string | number | null>;
}

/** Options of `prepareStudies`. */
export interface PrepareOptions {
  /** Peaks with |t| above this are capped (Enge et al. cap implausible t at 50). */
  maxAbsT: number;
}

/** Defaults: cap |t| at 50. */
export const DEFAULT_PREPARE_OPTIONS: PrepareOptions = Object.freeze({ maxAbsT: 50 });

/** One-tailed p used as threshold when a study states none and reports no peak value. */
const FALLBACK_THRESHOLD_P = 0.001;

function studyThresholdT(e: SdmExperiment, df: number, peakTs: number[]): Pick<PreparedStudy, "thresholdT" | "thresholdSource"> {
  if (e.threshold) return { thresholdT: thresholdToT(e.threshold, df), thresholdSource: "reported" };
  if (peakTs.length > 0) return { thresholdT: Math.min(...peakTs.map(Math.abs)), thresholdSource: "lowest-peak" };
  return { thresholdT: -tInverse(FALLBACK_THRESHOLD_P, df), thresholdSource: "default-p-0.001" };
}

function prepareOne(e: SdmExperiment, opts: PrepareOptions, warnings: string[]): PreparedStudy {
  const where = `study ${e.id}`;
  const design = studyDesign(e.nPatients, e.nControls, where);
  const nullStudy = e.nullStudy || e.foci.length === 0;
  if (e.nullStudy && e.foci.length > 0) {
    warnings.push(`${where}: marked as null study but lists ${e.foci.length} peaks; the peaks are ignored`);
  }
  const foci = nullStudy ? [] : e.foci;
  const rawT = foci.map((f, i) => {
    if (f.statistic === "none" || f.value === null) return null;
    if (!Number.isFinite(f.value)) throw new Error(`${where}, peak ${i + 1}: value is not a number`);
    return Math.abs(statisticToT(f.statistic, f.value, design.df));
  });
  const { thresholdT, thresholdSource } = studyThresholdT(e, design.df, rawT.filter((t): t is number => t !== null));
  if (thresholdSource !== "reported") {
    warnings.push(`${where}: no threshold given; used ${thresholdSource === "lowest-peak" ? "the lowest reported peak" : "t at one-tailed p = 0.001"} (t = ${thresholdT.toFixed(3)})`);
  }
  const peaks = foci.map((f, i): PreparedPeak => {
    let t = rawT[i];
    const imputed = t === null;
    if (t === null) {
      t = thresholdT;
      warnings.push(`${where}, peak ${i + 1}: no statistic reported; used the study threshold t = ${t.toFixed(3)}`);
    }
    if (t > opts.maxAbsT) {
      warnings.push(`${where}, peak ${i + 1}: |t| = ${t.toFixed(2)} capped at ${opts.maxAbsT}`);
      t = opts.maxAbsT;
    }
    const signed = f.sign * t;
    return { mm: [f.mniMm[0], f.mniMm[1], f.mniMm[2]], t: signed, g: tToHedgesG(signed, design), imputed };
  });
  return {
    id: e.id,
    label: e.studyLabel,
    nPatients: e.nPatients,
    nControls: e.nControls,
    design,
    thresholdT,
    thresholdG: tToHedgesG(thresholdT, design),
    thresholdSource,
    peaks,
    nullStudy,
    attributes: { ...(e.attributes ?? {}) },
  };
}

/**
 * Prepares every study of a dataset.
 * @throws naming the study when sample sizes or values are invalid, or when ids repeat.
 */
export function prepareStudies(
  dataset: SdmDataset,
  options: Partial<PrepareOptions> = {},
): { studies: PreparedStudy[]; warnings: string[] } {
  const opts = { ...DEFAULT_PREPARE_OPTIONS, ...options };
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const e of dataset.experiments) {
    if (seen.has(e.id)) throw new Error(`${dataset.name}: study id "${e.id}" appears twice`);
    seen.add(e.id);
  }
  if (dataset.experiments.length < 2) {
    throw new Error(`${dataset.name}: an SDM meta-analysis needs at least 2 studies, got ${dataset.experiments.length}`);
  }
  const studies = dataset.experiments.map((e) => prepareOne(e, opts, warnings));
  return { studies, warnings };
}

/** Variance of a study's g at effect g (re-exported for callers that only hold a prepared study). */
export function studyVariance(study: PreparedStudy, g: number): number {
  return hedgesGVariance(g, study.design);
}
