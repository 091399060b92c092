/**
 * Side-by-side comparison of two submitted extractions: every study field, experiment setting,
 * foci row, outcome row and moderator, each marked same/different. Foci are aligned on their
 * coordinates (longest common subsequence), so one missing row does not mark all later rows.
 */
import type { FieldValue, FormDefinition } from "./form-schema";
import type { ExtractionData, FocusRow, OutcomeRow } from "./document";

export interface ValuePair<T = unknown> {
  key: string;
  label: string;
  a: T;
  b: T;
  same: boolean;
}

export interface RowPair<T> {
  a: T | null;
  b: T | null;
  /** Columns that differ (all columns when one side is missing). */
  differing: string[];
}

export interface ExperimentComparison {
  id: string;
  label: string;
  settings: ValuePair[];
  foci: RowPair<FocusRow>[];
  outcomes: RowPair<OutcomeRow>[];
  moderators: ValuePair[];
}

export interface ExtractionComparison {
  fields: ValuePair<FieldValue>[];
  experiments: ExperimentComparison[];
  differenceCount: number;
}

/** Structural equality of JSON values (key order ignored, numbers compared exactly). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameValue(v, (b as unknown[])[i]));
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return sameValue(ka, kb) && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const FOCUS_COLUMNS = ["x", "y", "z", "statistic", "value", "direction", "region"] as const;
const OUTCOME_COLUMNS = ["outcome", "arm", "group", "timePoint", "n", "mean", "sd", "events", "total"] as const;

function diffColumns<T extends object>(a: T | null, b: T | null, columns: readonly (keyof T & string)[]): string[] {
  if (!a || !b) return [...columns];
  return columns.filter((c) => !sameValue(a[c], b[c]));
}

/** Aligns two lists: LCS on `key`, then unmatched rows in each gap are paired in order. */
export function alignRows<T extends object>(as: T[], bs: T[], key: (row: T) => string, columns: readonly (keyof T & string)[]): RowPair<T>[] {
  const n = as.length;
  const m = bs.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = key(as[i]) === key(bs[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: RowPair<T>[] = [];
  let i = 0;
  let j = 0;
  let gapA: T[] = [];
  let gapB: T[] = [];
  const flush = () => {
    for (let g = 0; g < Math.max(gapA.length, gapB.length); g++) {
      const a = gapA[g] ?? null;
      const b = gapB[g] ?? null;
      out.push({ a, b, differing: diffColumns(a, b, columns) });
    }
    gapA = [];
    gapB = [];
  };
  while (i < n || j < m) {
    if (i < n && j < m && key(as[i]) === key(bs[j])) {
      flush();
      out.push({ a: as[i], b: bs[j], differing: diffColumns(as[i], bs[j], columns) });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) gapA.push(as[i++]);
    else gapB.push(bs[j++]);
  }
  flush();
  return out;
}

const focusKey = (f: FocusRow) => `${f.x},${f.y},${f.z}`;
const outcomeKey = (o: OutcomeRow) => `${o.outcome}|${o.group}|${o.timePoint}`;

/** Compares two submitted extractions of one study. */
export function compareExtractions(form: FormDefinition, a: ExtractionData, b: ExtractionData, experiments: { id: string; label: string }[]): ExtractionComparison {
  const fields = form.fields.map((f) => {
    const va = a.fields[f.key] ?? null;
    const vb = b.fields[f.key] ?? null;
    return { key: f.key, label: f.label, a: va, b: vb, same: sameValue(va, vb) };
  });
  const exps = experiments.map((e): ExperimentComparison => {
    const ea = a.experiments[e.id];
    const eb = b.experiments[e.id];
    const settings = (["n1", "n2", "space", "software"] as const).map((k) => ({ key: k, label: k, a: ea?.[k] ?? null, b: eb?.[k] ?? null, same: sameValue(ea?.[k] ?? null, eb?.[k] ?? null) }));
    const modsA = new Map((ea?.moderators ?? []).map((m) => [m.name, m.value]));
    const modsB = new Map((eb?.moderators ?? []).map((m) => [m.name, m.value]));
    const moderators = [...new Set([...modsA.keys(), ...modsB.keys()])].sort().map((k) => ({ key: k, label: k, a: modsA.get(k) ?? null, b: modsB.get(k) ?? null, same: sameValue(modsA.get(k) ?? null, modsB.get(k) ?? null) }));
    return {
      id: e.id,
      label: e.label,
      settings,
      foci: alignRows(ea?.foci ?? [], eb?.foci ?? [], focusKey, FOCUS_COLUMNS),
      outcomes: alignRows(ea?.outcomes ?? [], eb?.outcomes ?? [], outcomeKey, OUTCOME_COLUMNS),
      moderators,
    };
  });
  const differenceCount =
    fields.filter((f) => !f.same).length +
    exps.reduce((s, e) => s + e.settings.filter((x) => !x.same).length + e.foci.filter((r) => r.differing.length).length + e.outcomes.filter((r) => r.differing.length).length + e.moderators.filter((x) => !x.same).length, 0);
  return { fields, experiments: exps, differenceCount };
}
