/**
 * The extraction document of one study: study-level answers (per the project's form) and, per
 * experiment, sample sizes, coordinate space, foci, per-arm outcomes and moderators.
 *
 * Drafts keep exactly what was typed (strings allowed everywhere, nothing is lost); submitting
 * turns a draft into a validated `ExtractionData` or reports every problem with its place.
 */
import { z } from "zod";
import { type FieldIssue, type FieldValue, type FormDefinition, normaliseFields } from "./form-schema";

export const STATISTIC_TYPES = ["t", "z", "p", "none"] as const;
export const DIRECTIONS = ["increase", "decrease"] as const;
export const SOFTWARE_VARIANTS = ["spm", "fsl", "other"] as const;

export interface FocusRow {
  x: number;
  y: number;
  z: number;
  statistic: (typeof STATISTIC_TYPES)[number];
  value: number | null;
  direction: (typeof DIRECTIONS)[number];
  region: string;
}

export interface OutcomeRow {
  /** Outcome measure, e.g. "VAS" or "ReHo in left insula". */
  outcome: string;
  /** Arm label as reported, e.g. "CLBP patients". */
  arm: string;
  /** 1 = patients / experimental, 2 = controls / comparison. */
  group: 1 | 2;
  timePoint: string;
  n: number;
  mean: number | null;
  sd: number | null;
  events: number | null;
  total: number | null;
}

export interface ExperimentData {
  /** Subjects in group 1 (patients) and group 2 (controls; null for one-group designs). */
  n1: number | null;
  n2: number | null;
  space: "MNI" | "TAL";
  /** Normalisation software: picks the Lancaster matrix for Talairach → MNI. */
  software: (typeof SOFTWARE_VARIANTS)[number];
  foci: FocusRow[];
  outcomes: OutcomeRow[];
  moderators: { name: string; value: string | number }[];
}

export interface ExtractionData {
  fields: Record<string, FieldValue>;
  experiments: Record<string, ExperimentData>;
}

/** Drafts: any JSON the editor produced, bounded in size. Keys are checked, values are not. */
export const draftSchema = z
  .object({
    fields: z.record(z.string().max(64), z.unknown()).default({}),
    experiments: z.record(z.string().max(64), z.unknown()).default({}),
  })
  .refine((d) => JSON.stringify(d).length <= 1_000_000, "The extraction is larger than 1 MB.");
export type ExtractionDraft = z.infer<typeof draftSchema>;

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
function num(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return null;
  const s = v.trim().replace(/[\u2212\u2013]/g, "-");
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) : null;
}

type Issues = FieldIssue[];

function positiveInt(v: unknown, path: string, label: string, issues: Issues, required: boolean): number | null {
  if (blank(v)) {
    if (required) issues.push({ path, message: `${label} is required` });
    return null;
  }
  const n = num(v);
  if (n === null || !Number.isInteger(n) || n <= 0) return issues.push({ path, message: `${label} must be a positive whole number (got "${String(v)}")` }), null;
  return n;
}

function focusRow(raw: Record<string, unknown>, path: string, issues: Issues): FocusRow | null {
  const coords = (["x", "y", "z"] as const).map((a) => {
    const n = num(raw[a]);
    if (n === null || !Number.isFinite(n)) issues.push({ path: `${path}.${a}`, message: `${a} must be a number (got "${String(raw[a] ?? "")}")` });
    else if (Math.abs(n) > 100) issues.push({ path: `${path}.${a}`, message: `${a} = ${n} lies outside ±100 mm` });
    return n;
  });
  const statistic = STATISTIC_TYPES.includes(raw.statistic as never) ? (raw.statistic as FocusRow["statistic"]) : "none";
  const direction = DIRECTIONS.includes(raw.direction as never) ? (raw.direction as FocusRow["direction"]) : null;
  if (!direction) issues.push({ path: `${path}.direction`, message: "direction must be increase or decrease" });
  let value: number | null = null;
  if (statistic !== "none") {
    value = num(raw.value);
    if (value === null || !Number.isFinite(value)) issues.push({ path: `${path}.value`, message: `a ${statistic} value is needed (or set the statistic to none)` });
    else if (statistic === "p" && !(value > 0 && value <= 1)) issues.push({ path: `${path}.value`, message: `p = ${value} must lie in (0, 1]` });
    else if (statistic !== "p" && value === 0) issues.push({ path: `${path}.value`, message: `${statistic} = 0 is not a reported peak` });
    else if (statistic !== "p" && Math.abs(value) > 100) issues.push({ path: `${path}.value`, message: `|${statistic}| = ${Math.abs(value)} is implausible` });
    else if (statistic !== "p" && direction && (value < 0) !== (direction === "decrease")) issues.push({ path: `${path}.value`, message: `${statistic} = ${value} contradicts direction "${direction}"` });
  }
  if (coords.some((c) => c === null || Math.abs(c) > 100) || !direction) return null;
  return { x: coords[0]!, y: coords[1]!, z: coords[2]!, statistic, value, direction, region: String(raw.region ?? "").trim().slice(0, 300) };
}

function outcomeRow(raw: Record<string, unknown>, path: string, issues: Issues): OutcomeRow | null {
  const start = issues.length;
  const n = positiveInt(raw.n, `${path}.n`, "n", issues, true);
  const group = Number(raw.group) === 2 ? 2 : Number(raw.group) === 1 ? 1 : null;
  if (!group) issues.push({ path: `${path}.group`, message: "group must be 1 (patients) or 2 (controls)" });
  const mean = blank(raw.mean) ? null : num(raw.mean);
  const sd = blank(raw.sd) ? null : num(raw.sd);
  const events = blank(raw.events) ? null : num(raw.events);
  const total = blank(raw.total) ? null : num(raw.total);
  if (!blank(raw.mean) && (mean === null || !Number.isFinite(mean))) issues.push({ path: `${path}.mean`, message: `mean must be a number (got "${String(raw.mean)}")` });
  if (!blank(raw.sd) && (sd === null || !(sd > 0))) issues.push({ path: `${path}.sd`, message: `SD must be positive (got "${String(raw.sd)}")` });
  const continuous = !blank(raw.mean) || !blank(raw.sd);
  const binary = !blank(raw.events) || !blank(raw.total);
  if (continuous && binary) issues.push({ path, message: "give either mean and SD, or events and total, not both" });
  else if (continuous && (blank(raw.mean) || blank(raw.sd))) issues.push({ path, message: "mean and SD go together" });
  else if (binary) {
    if (events === null || !Number.isInteger(events) || events < 0) issues.push({ path: `${path}.events`, message: `events must be a whole number ≥ 0 (got "${String(raw.events ?? "")}")` });
    if (total === null || !Number.isInteger(total) || total <= 0) issues.push({ path: `${path}.total`, message: `total must be a positive whole number (got "${String(raw.total ?? "")}")` });
    else if (events !== null && events > total) issues.push({ path: `${path}.events`, message: `events (${events}) exceed total (${total})` });
  } else if (!continuous) issues.push({ path, message: "give mean and SD, or events and total" });
  if (issues.length > start) return null;
  return { outcome: String(raw.outcome ?? "").trim(), arm: String(raw.arm ?? "").trim(), group: group!, timePoint: String(raw.timePoint ?? "").trim(), n: n!, mean, sd, events, total };
}

const rowsOf = (v: unknown) => (Array.isArray(v) ? v : []).filter((r): r is Record<string, unknown> => !!r && typeof r === "object" && Object.values(r).some((c) => !blank(c)));

function experimentData(raw: Record<string, unknown>, path: string, label: string, issues: Issues): ExperimentData {
  const foci = rowsOf(raw.foci).map((r, i) => focusRow(r, `${path}.foci[${i + 1}]`, issues)).filter((r): r is FocusRow => r !== null);
  const outcomes = rowsOf(raw.outcomes).map((r, i) => outcomeRow(r, `${path}.outcomes[${i + 1}]`, issues)).filter((r): r is OutcomeRow => r !== null);
  const moderators = rowsOf(raw.moderators).flatMap((r, i) => {
    const name = String(r.name ?? "").trim();
    if (!name) return issues.push({ path: `${path}.moderators[${i + 1}].name`, message: "moderator needs a name" }), [];
    const n = num(r.value);
    return [{ name, value: n !== null && Number.isFinite(n) ? n : String(r.value ?? "").trim() }];
  });
  const space = raw.space === "TAL" ? "TAL" : "MNI";
  const software = SOFTWARE_VARIANTS.includes(raw.software as never) ? (raw.software as ExperimentData["software"]) : "other";
  const n1 = positiveInt(raw.n1, `${path}.n1`, `${label}: n (group 1)`, issues, true);
  const n2 = positiveInt(raw.n2, `${path}.n2`, `${label}: n (group 2)`, issues, false);
  return { n1, n2, space, software, foci, outcomes, moderators };
}

/**
 * Validates a draft into the submitted document. `experiments` names the study's experiments
 * (id → label); data for deleted experiments is dropped, missing ones must be filled in.
 */
export function validateExtraction(form: FormDefinition, draft: ExtractionDraft, experiments: { id: string; label: string }[]): { data: ExtractionData; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const fields = normaliseFields(form, draft.fields, issues);
  const data: ExtractionData = { fields, experiments: {} };
  for (const e of experiments) {
    const raw = draft.experiments[e.id];
    data.experiments[e.id] = experimentData(raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {}, `experiments.${e.label}`, e.label, issues);
  }
  return { data, issues };
}

/** An empty draft for a study's experiments. */
export function emptyDraft(experimentIds: string[]): ExtractionDraft {
  return { fields: {}, experiments: Object.fromEntries(experimentIds.map((id) => [id, { space: "MNI", software: "spm", foci: [], outcomes: [], moderators: [] }])) };
}
