// Design matrices for meta-regression: an intercept, continuous moderators as they are, and
// categorical moderators as treatment (dummy) contrasts against the first level, named as R
// names them (variable name followed by the level).
import { fromRows, type Matrix } from "./numerics/linalg";
import type { ModelData } from "./model-types";

/** A moderator column: continuous values, or categories with an optional level order. */
export type Moderator =
  | { name: string; kind: "continuous"; values: number[] }
  | { name: string; kind: "categorical"; values: string[]; levels?: string[] };

/** Levels in use: the given order, else sorted as R sorts factor levels. */
export function levelsOf(m: Extract<Moderator, { kind: "categorical" }>): string[] {
  const present = new Set(m.values);
  if (m.levels) {
    const missing = [...present].filter((v) => !m.levels!.includes(v));
    if (missing.length) throw new Error(`moderator '${m.name}': value(s) ${missing.join(", ")} not among its levels`);
    return m.levels.filter((l) => present.has(l));
  }
  return [...present].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Intercept plus moderator columns for k studies. */
export function buildDesign(k: number, moderators: Moderator[]): { x: Matrix; terms: string[] } {
  const terms = ["intrcpt"];
  const columns: number[][] = [];
  for (const m of moderators) {
    if (m.values.length !== k) throw new Error(`moderator '${m.name}': ${m.values.length} values for ${k} studies`);
    if (m.kind === "continuous") {
      m.values.forEach((v, i) => {
        if (!Number.isFinite(v)) throw new Error(`moderator '${m.name}': study ${i + 1} has no numeric value`);
      });
      terms.push(m.name);
      columns.push(m.values);
    } else {
      for (const level of levelsOf(m).slice(1)) {
        terms.push(`${m.name}${level}`);
        columns.push(m.values.map((v) => (v === level ? 1 : 0)));
      }
    }
  }
  return { x: fromRows(Array.from({ length: k }, (_, i) => [1, ...columns.map((c) => c[i])])), terms };
}

/** Model data from yi/vi, ids, labels and moderators (none: intercept only). */
export function modelData(
  studies: { yi: number; vi: number; id: string; label: string }[],
  moderators: Moderator[] = [],
): ModelData {
  const { x, terms } = buildDesign(studies.length, moderators);
  return {
    yi: Float64Array.from(studies, (s) => s.yi),
    vi: Float64Array.from(studies, (s) => s.vi),
    x,
    terms,
    ids: studies.map((s) => s.id),
    labels: studies.map((s) => s.label),
  };
}
