/**
 * Extraction form definitions (the project's form builder) and the validation of study-level
 * answers against them. Plain zod + functions, so client components can import the types.
 */
import { z } from "zod";

export const FIELD_TYPES = ["text", "number", "integer", "select", "multiselect", "yesno", "date", "table"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const COLUMN_TYPES = ["text", "number", "integer", "select", "yesno", "date"] as const;

const key = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, "Field keys are lower-case letters, digits and _ (start with a letter).");

export const columnSchema = z.object({
  key,
  label: z.string().trim().min(1).max(120),
  type: z.enum(COLUMN_TYPES),
  options: z.array(z.string().trim().min(1).max(120)).max(60).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type ColumnDef = z.infer<typeof columnSchema>;

export const fieldSchema = z.object({
  key,
  label: z.string().trim().min(1).max(200),
  type: z.enum(FIELD_TYPES),
  section: z.string().trim().max(80).default("General"),
  help: z.string().max(1000).optional(),
  required: z.boolean().default(false),
  options: z.array(z.string().trim().min(1).max(120)).max(60).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  columns: z.array(columnSchema).max(20).optional(),
});
export type FieldDef = z.infer<typeof fieldSchema>;

export const formDefinitionSchema = z
  .object({ fields: z.array(fieldSchema).min(1).max(200) })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    form.fields.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: "custom", path: ["fields", i, "key"], message: `Duplicate field key "${f.key}".` });
      seen.add(f.key);
      if ((f.type === "select" || f.type === "multiselect") && !f.options?.length) ctx.addIssue({ code: "custom", path: ["fields", i, "options"], message: `Field "${f.label}" needs options.` });
      if (f.type === "table" && !f.columns?.length) ctx.addIssue({ code: "custom", path: ["fields", i, "columns"], message: `Table "${f.label}" needs columns.` });
    });
  });
export type FormDefinition = z.infer<typeof formDefinitionSchema>;

export type ScalarValue = string | number | boolean | null;
export type FieldValue = ScalarValue | string[] | Record<string, ScalarValue>[];

/** One validation problem, naming the place in the form. */
export interface FieldIssue {
  path: string;
  message: string;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

function toNumber(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const s = v.trim().replace(/[\u2212\u2013]/g, "-");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
    return Number(s);
  }
  return null;
}

/** Validates one scalar answer (also used for table cells); returns the normalised value. */
export function normaliseScalar(def: Pick<FieldDef, "type" | "label" | "options" | "min" | "max">, raw: unknown, path: string, issues: FieldIssue[]): ScalarValue {
  if (blank(raw)) return null;
  switch (def.type) {
    case "text":
      return String(raw).trim().slice(0, 5000);
    case "number":
    case "integer": {
      const n = toNumber(raw);
      if (n === null || !Number.isFinite(n)) return issues.push({ path, message: `${def.label}: "${String(raw)}" is not a number` }), null;
      if (def.type === "integer" && !Number.isInteger(n)) return issues.push({ path, message: `${def.label}: ${n} must be a whole number` }), null;
      if (def.min !== undefined && n < def.min) return issues.push({ path, message: `${def.label}: ${n} is below the minimum ${def.min}` }), null;
      if (def.max !== undefined && n > def.max) return issues.push({ path, message: `${def.label}: ${n} is above the maximum ${def.max}` }), null;
      return n;
    }
    case "select":
      if (!def.options?.includes(String(raw))) return issues.push({ path, message: `${def.label}: "${String(raw)}" is not one of the options` }), null;
      return String(raw);
    case "yesno":
      if (raw === true || raw === "yes" || raw === "true") return true;
      if (raw === false || raw === "no" || raw === "false") return false;
      return issues.push({ path, message: `${def.label}: answer yes or no` }), null;
    case "date": {
      const s = String(raw).trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s))) return issues.push({ path, message: `${def.label}: "${s}" is not a date (YYYY-MM-DD)` }), null;
      return s;
    }
    default:
      return issues.push({ path, message: `${def.label}: unsupported type` }), null;
  }
}

function normaliseField(def: FieldDef, raw: unknown, issues: FieldIssue[]): FieldValue {
  const path = `fields.${def.key}`;
  if (def.type === "multiselect") {
    const list = Array.isArray(raw) ? raw.map(String) : blank(raw) ? [] : [String(raw)];
    const bad = list.filter((v) => !def.options?.includes(v));
    if (bad.length) issues.push({ path, message: `${def.label}: ${bad.map((b) => `"${b}"`).join(", ")} not among the options` });
    if (def.required && list.length === 0) issues.push({ path, message: `${def.label} is required` });
    return list.filter((v) => def.options?.includes(v));
  }
  if (def.type === "table") {
    const rows = Array.isArray(raw) ? raw : [];
    const out = rows
      .map((row, r) => {
        const cells = (row && typeof row === "object" ? row : {}) as Record<string, unknown>;
        const values = Object.fromEntries(def.columns!.map((c) => [c.key, normaliseScalar(c, cells[c.key], `${path}[${r + 1}].${c.key}`, issues)]));
        return values;
      })
      .filter((row) => Object.values(row).some((v) => v !== null));
    if (def.required && out.length === 0) issues.push({ path, message: `${def.label} needs at least one row` });
    return out;
  }
  const value = normaliseScalar(def, raw, path, issues);
  if (def.required && value === null && !issues.some((i) => i.path === path)) issues.push({ path, message: `${def.label} is required` });
  return value;
}

/** Validates the study-level answers against a form; unknown keys are dropped. */
export function normaliseFields(form: FormDefinition, raw: Record<string, unknown>, issues: FieldIssue[]): Record<string, FieldValue> {
  return Object.fromEntries(form.fields.map((def) => [def.key, normaliseField(def, raw[def.key], issues)]));
}
