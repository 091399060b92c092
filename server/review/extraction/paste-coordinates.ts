/**
 * Tolerant parser for coordinates pasted from a paper's results table.
 *
 * Pure (no I/O): the brain-mask test comes in as a callback so the same parser runs in tests,
 * on the server (default mask) and could run in the browser. Hand-written because pasted tables
 * are irregular (labels, cluster sizes, parentheses, Unicode minus signs) and no library
 * tokenises them the way a reviewer expects; every decision is reported back in `messages`.
 */
import { type LancasterVariant, tal2icbm } from "@/server/engine/cbma/coordinates";

export type CoordinateSpaceName = "MNI" | "TAL";
export type StatisticType = "t" | "z" | "p" | "none";
export type Direction = "increase" | "decrease";

/** Which numeric column is which, when the automatic rule is not wanted. */
export type ColumnRole = "x" | "y" | "z" | "value" | "skip";

/** Options of `parsePastedCoordinates`. */
export interface PasteOptions {
  /** Space the paper reported (Talairach foci are converted to MNI with Lancaster tal2icbm). */
  space: CoordinateSpaceName;
  /** Normalisation software of the paper, choosing the Lancaster matrix (formats.md d4). */
  variant: LancasterVariant;
  /** Statistic type of the value column when the text does not say (e.g. "p < 0.001" does). */
  statistic: StatisticType;
  /** Direction when the value carries no sign (e.g. p-values); signed t/z decide by their sign. */
  defaultDirection: Direction;
  /** Explicit roles of the numeric columns, left to right; null = automatic. */
  columns: ColumnRole[] | null;
  /** Largest |coordinate| accepted, mm (the brain fits well inside ±100 mm). */
  maxAbsMm: number;
  /** True when an MNI coordinate lies in the brain mask; null = no mask check. */
  inMask: ((mni: [number, number, number]) => boolean) | null;
}

/** Defaults of `parsePastedCoordinates`. */
export const DEFAULT_PASTE_OPTIONS: PasteOptions = Object.freeze({
  space: "MNI",
  variant: "other",
  statistic: "t",
  defaultDirection: "increase",
  columns: null,
  maxAbsMm: 100,
  inMask: null,
}) as PasteOptions;

export type PastedRowStatus = "ok" | "outside-mask" | "rejected";

/** One non-empty pasted line and what became of it. */
export interface PastedRow {
  /** 1-based line number in the pasted text. */
  line: number;
  raw: string;
  status: PastedRowStatus;
  /** Coordinate as reported (in `space`); null when no three numbers were found. */
  original: [number, number, number] | null;
  /** MNI coordinate (equal to `original` for MNI input). */
  mni: [number, number, number] | null;
  space: CoordinateSpaceName;
  statistic: StatisticType;
  value: number | null;
  direction: Direction;
  region: string;
  /** Why the row was rejected or flagged, or what the parser assumed. */
  messages: string[];
}

/** Result: foci rows (accepted, flagged and rejected) and lines skipped as headers/notes. */
export interface PasteResult {
  rows: PastedRow[];
  skipped: { line: number; raw: string; reason: string }[];
  counts: { ok: number; outsideMask: number; rejected: number; skipped: number };
}

// Unicode minus, hyphen, figure dash, en/em dash, small/full-width hyphen-minus → ASCII '-'.
const MINUS = /[\u2212\u2010\u2011\u2012\u2013\u2014\u2796\uFE63\uFF0D]/g;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Normalises the characters papers and PDF viewers put into tables. */
export function normalisePastedLine(raw: string): string {
  return raw
    .replace(MINUS, "-")
    .replace(/[\u00a0\u2007\u202f\u2009]/g, " ")
    .replace(/[×]/g, "x")
    .replace(/\s+/g, " ")
    .trim();
}

interface Token {
  text: string;
  value: number | null;
  /** Inside parentheses/brackets. */
  grouped: boolean;
  /** Followed by "p"-like context, e.g. "p < 0.001" or "<0.001". */
  pValue: boolean;
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let pContext = false;
  // Split on separators but keep brackets as their own tokens.
  const parts = line.replace(/([()[\]{}])/g, " $1 ").split(/[\s,;]+/).filter(Boolean);
  for (const part of parts) {
    if ("([{".includes(part)) { depth++; continue; }
    if (")]}".includes(part)) { depth = Math.max(0, depth - 1); continue; }
    if (/^p$/i.test(part) || /^p?[<=≤]+$/i.test(part)) { pContext = true; continue; }
    let text = part.replace(/[*†‡§#]+$/, "");
    let pValue = pContext;
    const pInline = /^(?:p)?[<=≤]+(.+)$/i.exec(text);
    if (pInline) { text = pInline[1]; pValue = true; }
    const value = NUMBER.test(text) ? Number(text) : null;
    tokens.push({ text: part, value, grouped: depth > 0, pValue });
    if (value !== null) pContext = false;
  }
  return tokens;
}

interface Assigned {
  xyz: [number, number, number] | null;
  value: number | null;
  valueIsP: boolean;
  extra: number[];
  notes: string[];
}

function assignColumns(tokens: Token[], columns: ColumnRole[] | null): Assigned {
  const numeric = tokens.filter((t) => t.value !== null);
  const notes: string[] = [];
  if (columns) {
    const pick = (role: ColumnRole) => numeric[columns.indexOf(role)]?.value ?? null;
    const [x, y, z] = [pick("x"), pick("y"), pick("z")];
    const valueToken = numeric[columns.indexOf("value")];
    const extra = numeric.filter((_, i) => i >= columns.length).map((t) => t.value as number);
    return { xyz: x !== null && y !== null && z !== null ? [x, y, z] : null, value: valueToken?.value ?? null, valueIsP: valueToken?.pValue ?? false, extra, notes };
  }
  // A bracketed triple "(x, y, z)" is the coordinate wherever it stands; the first number after it is the statistic.
  const start = numeric.findIndex((t, i) => t.grouped && numeric[i + 1]?.grouped && numeric[i + 2]?.grouped);
  const at = start >= 0 ? start : 0;
  if (numeric.length < 3) return { xyz: null, value: null, valueIsP: false, extra: [], notes };
  const xyz = numeric.slice(at, at + 3).map((t) => t.value as number) as [number, number, number];
  const rest = [...numeric.slice(0, at), ...numeric.slice(at + 3)];
  const after = numeric.slice(at + 3);
  const valueToken = after[0] ?? null;
  const extra = rest.filter((t) => t !== valueToken).map((t) => t.value as number);
  if (extra.length > 0) notes.push(`ignored other number(s) ${extra.join(", ")} (cluster size, BA…); set the column roles if this is wrong`);
  return { xyz, value: valueToken?.value ?? null, valueIsP: valueToken?.pValue ?? false, extra, notes };
}

function regionOf(tokens: Token[]): string {
  return tokens
    .filter((t) => t.value === null)
    .map((t) => t.text)
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

const HEMISPHERE_ONLY = /^(?:[LR]|left|right|bilateral|B)$/i;

function classify(row: PastedRow, opts: PasteOptions): void {
  const [x, y, z] = row.original!;
  const bad = (["x", "y", "z"] as const).filter((_, i) => !Number.isFinite(row.original![i]) || Math.abs(row.original![i]) > opts.maxAbsMm);
  if (bad.length > 0) {
    row.status = "rejected";
    row.messages.push(`impossible coordinate ${bad.map((a) => `${a} = ${{ x, y, z }[a]}`).join(", ")}: brain coordinates lie within ±${opts.maxAbsMm} mm`);
    return;
  }
  row.mni = opts.space === "TAL" ? (tal2icbm(row.original!, opts.variant).map((v) => Math.round(v * 100) / 100) as [number, number, number]) : [x, y, z];
  if (row.statistic === "p" && row.value !== null && !(row.value > 0 && row.value <= 1)) {
    row.status = "rejected";
    row.messages.push(`p = ${row.value} is not a probability (0 < p ≤ 1)`);
    return;
  }
  if ((row.statistic === "t" || row.statistic === "z") && row.value === 0) {
    row.status = "rejected";
    row.messages.push(`${row.statistic} = 0 cannot be a reported peak`);
    return;
  }
  if (opts.inMask && !opts.inMask(row.mni)) {
    row.status = "outside-mask";
    row.messages.push("outside the brain mask: check the sign of x/y/z or the coordinate space");
  }
}

function parseLine(raw: string, line: number, opts: PasteOptions): PastedRow | { skip: string } {
  const text = normalisePastedLine(raw);
  const tokens = tokenize(text);
  const numericCount = tokens.filter((t) => t.value !== null).length;
  if (numericCount === 0) return { skip: "no numbers (header or note)" };
  const assigned = assignColumns(tokens, opts.columns);
  const region = regionOf(tokens);
  const row: PastedRow = {
    line,
    raw,
    status: "ok",
    original: assigned.xyz,
    mni: null,
    space: opts.space,
    statistic: assigned.valueIsP ? "p" : assigned.value === null ? "none" : opts.statistic,
    value: assigned.value,
    direction: opts.defaultDirection,
    region: HEMISPHERE_ONLY.test(region) ? region.toUpperCase() : region,
    messages: [...assigned.notes],
  };
  if (!assigned.xyz) {
    row.status = "rejected";
    row.messages.push(`found ${numericCount} number(s); a focus needs x, y and z`);
    return row;
  }
  if ((row.statistic === "t" || row.statistic === "z") && row.value !== null) row.direction = row.value < 0 ? "decrease" : "increase";
  classify(row, opts);
  return row;
}

/**
 * Parses pasted table text into foci rows. Accepts spaces, tabs, commas and semicolons as
 * separators, Unicode minus signs and dashes, "(x, y, z)" groups, trailing footnote marks and
 * "p < 0.001" values. Lines without numbers are skipped (table headers); rows with fewer than
 * three numbers, |coordinates| above `maxAbsMm` or invalid statistics are rejected with a
 * message; coordinates outside the brain mask are flagged but kept.
 */
export function parsePastedCoordinates(text: string, options: Partial<PasteOptions> = {}): PasteResult {
  const opts: PasteOptions = { ...DEFAULT_PASTE_OPTIONS, ...options };
  const rows: PastedRow[] = [];
  const skipped: PasteResult["skipped"] = [];
  text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    const parsed = parseLine(raw, i + 1, opts);
    if ("skip" in parsed) skipped.push({ line: i + 1, raw, reason: parsed.skip });
    else rows.push(parsed);
  });
  return {
    rows,
    skipped,
    counts: {
      ok: rows.filter((r) => r.status === "ok").length,
      outsideMask: rows.filter((r) => r.status === "outside-mask").length,
      rejected: rows.filter((r) => r.status === "rejected").length,
      skipped: skipped.length,
    },
  };
}
