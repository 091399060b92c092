// The `input` layout of a meta-analysis case (the layout of the metafor reference files): the
// measure, the studies with raw data or yi/vi, and optional subgroup and moderator variables.
import { EFFECT_MEASURES, StudyInputError, type EffectMeasure, type StudyRecord } from "../study-input";

/** A parsed case. */
export interface CaseInput {
  measure: EffectMeasure;
  studies: StudyRecord[];
  /** Name of the study field holding the subgroup, if any. */
  subgroupVariable: string | null;
  /** Factor level order; default alphabetical as R. */
  subgroupLevels: string[] | null;
  /** Name of the study field holding a continuous moderator, if any. */
  moderatorVariable: string | null;
  /** Arm names, for plots and reports. */
  group1: string | null;
  group2: string | null;
}

/** An error in the case file as a whole (not in one study). */
export class CaseInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CaseInputError";
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const optString = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Parse `{ input: {...} }` or a bare input object; errors name the field (and study). */
export function parseCase(json: unknown): CaseInput {
  const input = isObject(json) && isObject(json.input) ? json.input : json;
  if (!isObject(input)) throw new CaseInputError("case: expected an object with an 'input' section");
  const measure = input.measure;
  if (typeof measure !== "string" || !EFFECT_MEASURES.includes(measure as EffectMeasure)) {
    throw new CaseInputError(`case: field 'measure' must be one of ${EFFECT_MEASURES.join(", ")} (got ${JSON.stringify(measure)})`);
  }
  if (!Array.isArray(input.studies) || input.studies.length === 0) throw new CaseInputError("case: field 'studies' must be a non-empty array");
  const studies = input.studies.map((s, i): StudyRecord => {
    if (!isObject(s)) throw new StudyInputError(`#${i + 1}`, "(record)", "must be an object");
    if (s.id === undefined || s.id === null || s.id === "") throw new StudyInputError(`#${i + 1}`, "id", "is missing");
    return { ...s, id: String(s.id), label: typeof s.label === "string" ? s.label : String(s.id) };
  });
  const seen = new Set<string>();
  for (const s of studies) {
    if (seen.has(s.id)) throw new StudyInputError(s.id, "id", "is duplicated");
    seen.add(s.id);
  }
  const subgroupVariable = optString(input.subgroup_variable);
  const moderatorVariable = optString(input.moderator_variable);
  for (const s of studies) {
    if (subgroupVariable && (s[subgroupVariable] === undefined || s[subgroupVariable] === null)) {
      throw new StudyInputError(s.id, subgroupVariable, "is missing (the subgroup variable)");
    }
    if (moderatorVariable && typeof s[moderatorVariable] !== "number") {
      throw new StudyInputError(s.id, moderatorVariable, `must be a number (the moderator variable; got ${JSON.stringify(s[moderatorVariable])})`);
    }
  }
  const levels = Array.isArray(input.subgroup_levels) ? input.subgroup_levels.map(String) : null;
  return {
    measure: measure as EffectMeasure,
    studies,
    subgroupVariable,
    subgroupLevels: levels,
    moderatorVariable,
    group1: optString(input.group1),
    group2: optString(input.group2),
  };
}
