import type { CitationRecord, RecordType } from "./types";

/** A record with every field empty, ready to be filled by a parser. */
export function emptyRecord(): CitationRecord {
  return {
    sourceRecordId: null,
    type: "other",
    title: null,
    otherTitles: [],
    abstract: null,
    authors: [],
    year: null,
    journal: null,
    volume: null,
    issue: null,
    pages: null,
    doi: null,
    pmid: null,
    keywords: [],
    language: null,
    url: null,
    raw: {},
  };
}

/** Trimmed value, or null when empty. */
export function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === "" || t === "NA" ? null : t;
}

/** First non-empty value among the candidates. */
export function firstOf(...values: (string | null | undefined)[]): string | null {
  for (const v of values) {
    const c = clean(v);
    if (c) return c;
  }
  return null;
}

const DOI_IN_TEXT = /\b(10\.\d{4,9}\/[^\s"<>]+)/i;

/**
 * Bare DOI from "10.x/y", "doi:10.x/y", "https://doi.org/10.x/y", "http://dx.doi.org/10.x/y",
 * "10.x/y [doi]" or a URL-encoded DOI inside a link. Returns null when the text holds none.
 */
export function cleanDoi(value: string | null | undefined): string | null {
  if (!value) return null;
  let v = value.trim();
  if (/%2f/i.test(v)) {
    try {
      v = decodeURIComponent(v);
    } catch {
      // a malformed escape: keep the text as it is
    }
  }
  const m = DOI_IN_TEXT.exec(v);
  if (!m) return null;
  return m[1].replace(/\s*\[doi\]$/i, "").replace(/[.,;)\]]+$/, "");
}

/** Four-digit year from "2020//", "1948/07//", "1 Jan.-Feb. 2019", "2018 Dec 27", "JUL 15 2010". */
export function extractYear(value: string | null | undefined): number | null {
  if (!value) return null;
  const m = /(?:^|[^\d])(1[5-9]\d\d|20\d\d)(?!\d)/.exec(value);
  return m ? Number(m[1]) : null;
}

/** "SP-EP", unless SP already holds a range or EP is absent. */
export function joinPages(start: string | null, end: string | null): string | null {
  const s = notPlaceholder(clean(start));
  const e = notPlaceholder(clean(end));
  if (!s) return e;
  if (!e || /[-–—]/.test(s) || s === e) return s;
  return `${s}-${e}`;
}

// Ovid writes "No-Specified", WoS/EBSCO "N.PAG" where a page is unknown
function notPlaceholder(v: string | null): string | null {
  return v && /^(no-?specified|not specified|n\.?\s?pag\.?|unknown)$/i.test(v) ? null : v;
}

/** Splits a list value on ";" (CNKI, Scopus CSV), keeping non-empty trimmed parts. */
export function splitList(value: string, separator: RegExp | string = ";"): string[] {
  return value
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Splits one author cell into names. Handles "A and B" (BibTeX), "A; B" (Scopus new, WoS, CNKI),
 * "Surname I., Surname I." / "Lim SM, Shiau CWC" (Scopus old, Embase, PubMed CSV) and
 * "Adeli K.Lewis G. F." (EndNote exports that lost their separators).
 */
export function splitAuthors(value: string | null | undefined): string[] {
  const v = clean(value);
  if (!v) return [];
  if (/\s+and\s+/.test(v) && !v.includes(";")) return splitList(v, /\s+and\s+/);
  if (v.includes(";")) return splitList(v, ";");
  const commaParts = splitList(v, ",");
  if (commaParts.length > 1 && commaParts.every((p) => /\S\s+\S/.test(p) && p.split(/\s+/).length <= 4)) {
    return commaParts;
  }
  if (/[a-z]\.?[A-Z]\.[A-Z][a-z]|\b[A-Z]\.[A-Z][a-z]/.test(v)) {
    return splitList(v.replace(/([A-Z]\.)(?=[A-Z][a-z])/g, "$1\u0000"), "\u0000");
  }
  return [v];
}

const TYPE_PATTERNS: [RegExp, RecordType][] = [
  [/^(jour|jfull|mgzn|news|article|journal|j|ar|ejour|inpress|abst)$|journal article|^article/i, "article"],
  [/review/i, "review"],
  [/^(conf|cpaper|cp|c|inproceedings|proceedings)$|conference|proceeding|meeting|congress/i, "conference"],
  [/^(chap|inbook|incollection)$|chapter|book section/i, "chapter"],
  [/^(book|ebook|edbook|b)$|^book/i, "book"],
  [/^(thes|phdthesis|mastersthesis|dissertation)$|thesis|dissertation/i, "thesis"],
  [/^(rprt|techreport|report|govdoc)$|report/i, "report"],
  [/preprint|^unpb$|^unpublished$/i, "preprint"],
  [/^(data|dataset)$|dataset/i, "dataset"],
];

/** Maps a source's type (RIS TY, BibTeX entry type, MEDLINE PT, EndNote ref-type name …) to {@link RecordType}. */
export function normaliseType(value: string | null | undefined): RecordType {
  const v = clean(value);
  if (!v) return "other";
  for (const [pattern, type] of TYPE_PATTERNS) if (pattern.test(v)) return type;
  return "other";
}

/** Adds a value to a raw field list. */
export function pushRaw(raw: Record<string, string[]>, field: string, value: string): void {
  const list = raw[field];
  if (list) list.push(value);
  else raw[field] = [value];
}

/** Adds each distinct non-empty value to the list (case-sensitive). */
export function addUnique(list: string[], values: Iterable<string>): void {
  for (const v of values) {
    const c = clean(v);
    if (c && !list.includes(c)) list.push(c);
  }
}
