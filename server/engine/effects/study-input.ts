// Per-study input records and their validation. Errors name the study and the field, because
// they reach users who typed the numbers into a data-extraction form.

/** Effect measures: mean difference, standardised mean difference (Hedges' g), log ratio of means,
 * log risk ratio, log odds ratio, risk difference, Fisher's z, or generic yi/vi. */
export type EffectMeasure = "MD" | "SMD" | "ROM" | "RR" | "OR" | "RD" | "ZCOR" | "GEN";

/** All measures {@link escalc} accepts. */
export const EFFECT_MEASURES: readonly EffectMeasure[] = ["MD", "SMD", "ROM", "RR", "OR", "RD", "ZCOR", "GEN"];

/**
 * One study as entered. Raw data by measure: continuous `n1, mean1, sd1, n2, mean2, sd2`;
 * binary `events1, total1, events2, total2`; correlation `ri, ni`. Any measure also accepts
 * generic input: `yi` with `vi` or `sei`, or `estimate` with `ci_lower`/`ci_upper` (optionally
 * `ci_level`) or `se` — estimates of ratio measures on the ratio scale, correlations as r.
 * Other fields (subgroup, moderators) are carried along.
 */
export interface StudyRecord {
  id: string;
  label?: string;
  [field: string]: unknown;
}

/** Validated fields of one study. */
export type StudyFields =
  | { kind: "continuous"; n1: number; mean1: number; sd1: number; n2: number; mean2: number; sd2: number }
  | { kind: "binary"; events1: number; total1: number; events2: number; total2: number }
  | { kind: "correlation"; ri: number; ni: number }
  | { kind: "generic"; yi: number; vi?: number; se?: number; ciLower?: number; ciUpper?: number; ciLevel?: number };

/** An input error that names the study and the field. */
export class StudyInputError extends Error {
  constructor(
    readonly studyId: string,
    readonly field: string,
    detail: string,
  ) {
    super(`study ${studyId}: field '${field}' ${detail}`);
    this.name = "StudyInputError";
  }
}

const has = (s: StudyRecord, f: string) => s[f] !== undefined && s[f] !== null && s[f] !== "";

function num(s: StudyRecord, field: string, index: number): number {
  const id = s.id ?? `#${index + 1}`;
  if (!has(s, field)) throw new StudyInputError(String(id), field, "is missing");
  const v = typeof s[field] === "string" ? Number(s[field]) : s[field];
  if (typeof v !== "number" || !Number.isFinite(v)) throw new StudyInputError(String(id), field, `must be a finite number (got ${JSON.stringify(s[field])})`);
  return v;
}

function check(cond: boolean, s: StudyRecord, field: string, detail: string): void {
  if (!cond) throw new StudyInputError(String(s.id), field, `${detail} (got ${JSON.stringify(s[field])})`);
}

const RATIO: ReadonlySet<EffectMeasure> = new Set(["RR", "OR", "ROM"]);

function generic(measure: EffectMeasure, s: StudyRecord, i: number): StudyFields {
  if (has(s, "yi")) {
    const yi = num(s, "yi", i);
    if (has(s, "vi")) {
      const vi = num(s, "vi", i);
      check(vi > 0, s, "vi", "must be > 0");
      return { kind: "generic", yi, vi };
    }
    const se = num(s, "sei", i);
    check(se > 0, s, "sei", "must be > 0");
    return { kind: "generic", yi, se };
  }
  const estimate = num(s, "estimate", i);
  const toScale = (x: number, field: string) => {
    if (RATIO.has(measure)) {
      check(x > 0, s, field, "must be > 0 for a ratio measure");
      return Math.log(x);
    }
    if (measure === "ZCOR") {
      check(Math.abs(x) < 1, s, field, "must be a correlation in (-1, 1)");
      return Math.atanh(x);
    }
    return x;
  };
  const yi = toScale(estimate, "estimate");
  if (has(s, "se")) {
    check(!RATIO.has(measure) && measure !== "ZCOR", s, "se", "is on the analysis scale only for MD/SMD/RD/GEN; give a CI for ratio measures");
    const se = num(s, "se", i);
    check(se > 0, s, "se", "must be > 0");
    return { kind: "generic", yi, se };
  }
  const ciLower = toScale(num(s, "ci_lower", i), "ci_lower");
  const ciUpper = toScale(num(s, "ci_upper", i), "ci_upper");
  check(ciUpper > ciLower, s, "ci_upper", "must be above ci_lower");
  const ciLevel = has(s, "ci_level") ? num(s, "ci_level", i) : undefined;
  if (ciLevel !== undefined) check(ciLevel > 0 && ciLevel < 100, s, "ci_level", "must be a percentage in (0, 100)");
  return { kind: "generic", yi, ciLower, ciUpper, ciLevel };
}

/** Validate and extract the fields `measure` needs from one study. */
export function readStudyFields(measure: EffectMeasure, s: StudyRecord, i: number): StudyFields {
  if (typeof s.id !== "string" && typeof s.id !== "number") throw new StudyInputError(`#${i + 1}`, "id", "is missing");
  if (measure === "GEN" || has(s, "yi") || has(s, "estimate")) return generic(measure, s, i);
  switch (measure) {
    case "MD":
    case "SMD":
    case "ROM": {
      const [n1, mean1, sd1, n2, mean2, sd2] = ["n1", "mean1", "sd1", "n2", "mean2", "sd2"].map((f) => num(s, f, i));
      check(n1 >= 2, s, "n1", "must be at least 2");
      check(n2 >= 2, s, "n2", "must be at least 2");
      check(sd1 >= 0, s, "sd1", "must not be negative");
      check(sd2 >= 0, s, "sd2", "must not be negative");
      check(sd1 > 0 || sd2 > 0, s, "sd2", "and sd1 are both zero, so the variance is zero");
      if (measure === "ROM") {
        check(mean1 > 0, s, "mean1", "must be > 0 for a ratio of means");
        check(mean2 > 0, s, "mean2", "must be > 0 for a ratio of means");
      }
      return { kind: "continuous", n1, mean1, sd1, n2, mean2, sd2 };
    }
    case "RR":
    case "OR":
    case "RD": {
      const [events1, total1, events2, total2] = ["events1", "total1", "events2", "total2"].map((f) => num(s, f, i));
      check(total1 > 0, s, "total1", "must be > 0 (zero total)");
      check(total2 > 0, s, "total2", "must be > 0 (zero total)");
      check(events1 >= 0 && events1 <= total1, s, "events1", "must be between 0 and total1");
      check(events2 >= 0 && events2 <= total2, s, "events2", "must be between 0 and total2");
      return { kind: "binary", events1, total1, events2, total2 };
    }
    case "ZCOR": {
      const ri = num(s, "ri", i);
      const ni = num(s, "ni", i);
      check(Math.abs(ri) < 1, s, "ri", "must be in (-1, 1)");
      check(ni > 3, s, "ni", "must be greater than 3");
      return { kind: "correlation", ri, ni };
    }
    default:
      throw new StudyInputError(String(s.id), "measure", `is unknown: ${String(measure)}`);
  }
}
