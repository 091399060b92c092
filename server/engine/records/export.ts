import Papa from "papaparse";
import type { CitationRecord, RecordType } from "./types";

const RIS_TYPE: Record<RecordType, string> = {
  article: "JOUR",
  review: "JOUR",
  conference: "CPAPER",
  book: "BOOK",
  chapter: "CHAP",
  thesis: "THES",
  report: "RPRT",
  preprint: "UNPB",
  dataset: "DATA",
  other: "GEN",
};

// A continuation line that looks like a tag ("ER  - …") would end the record early on re-import.
const escapeLine = (line: string) => (/^[A-Z][A-Z0-9] {1,2}-/.test(line) ? ` ${line}` : line);

function risLines(tag: string, value: string | null | undefined): string[] {
  if (value === null || value === undefined || value === "") return [];
  const [first, ...rest] = value.replace(/\r\n?/g, "\n").split("\n");
  return [`${tag}  - ${first}`, ...rest.map(escapeLine)];
}

/**
 * Writes records as RIS (CRLF line ends, as reference managers expect). Review articles are
 * marked with "M3  - Review" so the type survives a round trip.
 */
export function writeRis(records: Iterable<CitationRecord>): string {
  const out: string[] = [];
  for (const r of records) {
    const [start, end] = splitPages(r.pages);
    out.push(
      `TY  - ${RIS_TYPE[r.type]}`,
      ...(r.type === "review" ? ["M3  - Review"] : []),
      ...risLines("TI", r.title),
      ...r.otherTitles.flatMap((t) => risLines("TT", t)),
      ...r.authors.flatMap((a) => risLines("AU", a)),
      ...risLines("PY", r.year === null ? null : String(r.year)),
      ...risLines("T2", r.journal),
      ...risLines("VL", r.volume),
      ...risLines("IS", r.issue),
      ...risLines("SP", start),
      ...risLines("EP", end),
      ...risLines("DO", r.doi),
      ...(r.pmid ? ["AN  - " + r.pmid, "DB  - PubMed"] : []),
      ...risLines("AB", r.abstract),
      ...r.keywords.flatMap((k) => risLines("KW", k)),
      ...risLines("LA", r.language),
      ...risLines("UR", r.url),
      ...risLines("ID", r.sourceRecordId),
      "ER  - ",
      "",
    );
  }
  return out.join("\r\n");
}

function splitPages(pages: string | null): [string | null, string | null] {
  if (!pages) return [null, null];
  const m = /^\s*([^-–—]+?)\s*[-–—]\s*(.+?)\s*$/.exec(pages);
  return m ? [m[1], m[2]] : [pages, null];
}

/** Column order of {@link writeCsv}; the parser's "concord" CSV preset reads it back. */
export const CSV_COLUMNS = ["record_id", "type", "title", "other_titles", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "keywords", "language", "url", "abstract"] as const;

/** Writes records as CSV (UTF-8 with BOM so Excel shows non-Latin text; lists joined by "; "). */
export function writeCsv(records: Iterable<CitationRecord>): string {
  const rows: string[][] = [];
  for (const r of records) {
    rows.push([
      r.sourceRecordId ?? "",
      r.type,
      r.title ?? "",
      r.otherTitles.join("; "),
      r.authors.join("; "),
      r.year === null ? "" : String(r.year),
      r.journal ?? "",
      r.volume ?? "",
      r.issue ?? "",
      r.pages ?? "",
      r.doi ?? "",
      r.pmid ?? "",
      r.keywords.join("; "),
      r.language ?? "",
      r.url ?? "",
      r.abstract ?? "",
    ]);
  }
  return "\uFEFF" + Papa.unparse({ fields: [...CSV_COLUMNS], data: rows }, { newline: "\r\n" });
}
