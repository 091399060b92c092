import { z } from "zod";
import { sourceKinds } from "@/db/schema";
import { CITATION_FORMATS, MAPPABLE_FIELDS } from "@/server/engine/records";

/** What a person says about a search when importing its export (PRISMA identification). */
export const sourceMetaSchema = z.object({
  name: z.string().trim().min(1, "Name the database or register searched.").max(200),
  kind: z.enum(sourceKinds).default("database"),
  searchDate: z.iso.date("Search date must be a date (YYYY-MM-DD).").nullable().default(null),
  query: z.string().max(50_000).default(""),
  notes: z.string().max(10_000).default(""),
});
export type SourceMeta = z.input<typeof sourceMetaSchema>;

export const formatSchema = z.enum([...CITATION_FORMATS, "auto"]).default("auto");
export const csvMappingSchema = z.partialRecord(z.enum(MAPPABLE_FIELDS), z.array(z.string().max(500)).max(20));

/** Parse options chosen in the import form. */
export const parseChoiceSchema = z.object({
  format: formatSchema,
  csvMapping: csvMappingSchema.optional(),
});
export type ParseChoice = z.input<typeof parseChoiceSchema>;

/** The JSON sent next to the file when committing an import. */
export const commitSchema = parseChoiceSchema.extend({
  source: sourceMetaSchema,
  /** The same file (by SHA-256) was imported before and the person confirmed importing it again. */
  confirmDuplicateFile: z.boolean().default(false),
});
