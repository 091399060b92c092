import type { records } from "@/db/schema";
import type { CitationRecord, RecordType } from "@/server/engine/records";

type RecordInsert = typeof records.$inferInsert;
type RecordRow = typeof records.$inferSelect;

// PostgreSQL text cannot hold NUL; some exports carry stray ones inside fields. A lone UTF-16
// surrogate (from a numeric entity like "&#xD800;") becomes U+FFFD, as UTF-8 encoding of a
// parameter always did: the rows now travel as JSON, whose "\ud800" escape PostgreSQL refuses.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SURROGATE = /[\ud800-\udfff]/;
const clean = (s: string | null) => {
  if (s === null) return null;
  const t = s.includes("\u0000") ? s.replace(/\u0000/g, "") : s;
  return SURROGATE.test(t) ? t.replace(LONE_SURROGATE, "\ufffd") : t;
};
const cleanList = (xs: string[]) => xs.map((x) => clean(x) ?? "");

/** The bibliographic fields of a row, all set by recordRow. */
type StoredFields = Pick<RecordRow, "sourceRecordId" | "type" | "title" | "otherTitles" | "abstract" | "authors" | "year" | "journal" | "volume" | "issue" | "pages" | "doi" | "pmid" | "keywords" | "language" | "url" | "raw">;

/**
 * The source's fields without the values stored verbatim in `title` or `abstract`: in most
 * exports the abstract is the longest field, and a second copy of it made every row twice as wide
 * to write (and compress) for nothing — the column holds the same text. Tags left with no value
 * disappear; every other value stays exactly as the file had it.
 */
export function compactRaw(r: Pick<CitationRecord, "raw" | "title" | "abstract">): Record<string, string[]> {
  const raw: Record<string, string[]> = {};
  for (const key in r.raw) {
    const values = r.raw[key].filter((v) => v !== r.abstract && v !== r.title);
    if (values.length) raw[clean(key) ?? key] = cleanList(values);
  }
  return raw;
}

/** The row stored for one parsed record. */
export function recordRow(r: CitationRecord, ids: { projectId: string; sourceId: string; sourceIndex: number }): RecordInsert & StoredFields {
  return {
    ...ids,
    sourceRecordId: clean(r.sourceRecordId),
    type: r.type,
    title: clean(r.title),
    otherTitles: cleanList(r.otherTitles),
    abstract: clean(r.abstract),
    authors: cleanList(r.authors),
    year: r.year,
    journal: clean(r.journal),
    volume: clean(r.volume),
    issue: clean(r.issue),
    pages: clean(r.pages),
    doi: clean(r.doi),
    pmid: clean(r.pmid),
    keywords: cleanList(r.keywords),
    language: clean(r.language),
    url: clean(r.url),
    raw: compactRaw(r),
  };
}

/** A stored record back in the engine's shape (for dedup and the exporters). */
export function citationOf(row: Pick<RecordRow, "sourceRecordId" | "type" | "title" | "otherTitles" | "abstract" | "authors" | "year" | "journal" | "volume" | "issue" | "pages" | "doi" | "pmid" | "keywords" | "language" | "url"> & { raw?: Record<string, string[]> }): CitationRecord {
  return {
    sourceRecordId: row.sourceRecordId,
    type: row.type as RecordType,
    title: row.title,
    otherTitles: row.otherTitles,
    abstract: row.abstract,
    authors: row.authors,
    year: row.year,
    journal: row.journal,
    volume: row.volume,
    issue: row.issue,
    pages: row.pages,
    doi: row.doi,
    pmid: row.pmid,
    keywords: row.keywords,
    language: row.language,
    url: row.url,
    raw: row.raw ?? {},
  };
}
