import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { searchSources } from "@/db/schema";
import { matchCsvPreset, suggestCsvMapping, type CitationRecord, type CsvMapping, type ImportWarning } from "@/server/engine/records";
import { importFailure, openUpload, sha256Of } from "./parse-upload";
import type { ParseChoice } from "./schema";

/** How many records and warnings a preview shows. */
export const PREVIEW_RECORDS = 5;
export const PREVIEW_WARNINGS = 50;

export interface ImportPreview {
  fileName: string;
  sizeBytes: number;
  sha256: string;
  format: string;
  encoding: string;
  recordCount: number;
  sample: Pick<CitationRecord, "title" | "authors" | "year" | "journal" | "doi" | "pmid" | "abstract" | "type">[];
  /** Source field (tag or column) → number of records that have it, most common first. */
  fieldsFound: [string, number][];
  /** Concord fields that at least one record filled. */
  filled: Record<string, number>;
  warnings: ImportWarning[];
  warningCount: number;
  csv: { headers: string[]; mapping: CsvMapping; preset: string | null; suggested: CsvMapping } | null;
  /** An earlier import of the very same file in this project, if any. */
  sameFile: { sourceId: string; name: string; importedAt: Date } | null;
}

/** Parses an upload without storing anything: what the import would bring in. */
export async function previewImport(db: DbOrTx, projectId: string, bytes: Uint8Array, fileName: string, choice: ParseChoice): Promise<ImportPreview> {
  const stream = openUpload(bytes, fileName, choice);
  const sample: ImportPreview["sample"] = [];
  const fields: Record<string, number> = {};
  const filled: Record<string, number> = {};
  let count = 0;
  try {
    for (const r of stream.records) {
      count++;
      if (sample.length < PREVIEW_RECORDS) sample.push({ title: r.title, authors: r.authors.slice(0, 6), year: r.year, journal: r.journal, doi: r.doi, pmid: r.pmid, abstract: r.abstract?.slice(0, 400) ?? null, type: r.type });
      for (const f in r.raw) fields[f] = (fields[f] ?? 0) + 1;
      countFilled(r, filled);
    }
  } catch (error) {
    throw importFailure(error);
  }
  const headers = Object.keys(fields);
  const sha256 = sha256Of(bytes);
  const [same] = await db
    .select({ sourceId: searchSources.id, name: searchSources.name, importedAt: searchSources.importedAt })
    .from(searchSources)
    .where(and(eq(searchSources.projectId, projectId), eq(searchSources.fileSha256, sha256)))
    .orderBy(desc(searchSources.importedAt))
    .limit(1);
  return {
    fileName,
    sizeBytes: bytes.length,
    sha256,
    format: stream.format,
    encoding: stream.encoding,
    recordCount: count,
    sample,
    fieldsFound: Object.entries(fields).sort((a, b) => b[1] - a[1]),
    filled,
    warnings: stream.warnings.slice(0, PREVIEW_WARNINGS),
    warningCount: stream.warnings.length,
    csv: stream.format === "csv" ? { headers, mapping: stream.csvMapping ?? {}, preset: matchCsvPreset(headers)?.name ?? null, suggested: suggestCsvMapping(headers) } : null,
    sameFile: same ?? null,
  };
}

const SCALARS = ["title", "abstract", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "language", "url"] as const;

function countFilled(r: CitationRecord, filled: Record<string, number>) {
  for (const f of SCALARS) if (r[f] !== null && r[f] !== "") filled[f] = (filled[f] ?? 0) + 1;
  if (r.authors.length) filled.authors = (filled.authors ?? 0) + 1;
  if (r.keywords.length) filled.keywords = (filled.keywords ?? 0) + 1;
}
