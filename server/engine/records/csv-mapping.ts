import type { CsvMapping, MappableField } from "./types";

/** Column layouts of database CSV exports, recognised by their headers. */
export const CSV_PRESETS: Record<string, { signature: string[]; mapping: CsvMapping }> = {
  scopus: {
    signature: ["Authors", "Source title", "EID"],
    mapping: {
      sourceRecordId: ["EID"],
      type: ["Document Type"],
      title: ["Title"],
      abstract: ["Abstract"],
      authors: ["Author full names", "Authors"],
      year: ["Year"],
      journal: ["Source title"],
      volume: ["Volume"],
      issue: ["Issue"],
      pageStart: ["Page start"],
      pageEnd: ["Page end"],
      pages: ["Art. No."],
      doi: ["DOI"],
      pmid: ["PubMed ID"],
      keywords: ["Author Keywords", "Index Keywords"],
      language: ["Language of Original Document"],
      url: ["Link"],
    },
  },
  pubmed: {
    signature: ["PMID", "Citation", "Journal/Book"],
    mapping: {
      sourceRecordId: ["PMID"],
      pmid: ["PMID"],
      title: ["Title"],
      authors: ["Authors"],
      year: ["Publication Year"],
      journal: ["Journal/Book"],
      doi: ["DOI"],
      source: ["Citation"],
    },
  },
  embase: {
    signature: ["Author Names", "Emtree Medical Index Terms"],
    mapping: {
      title: ["Title"],
      otherTitles: ["Original Title"],
      abstract: ["Abstract"],
      authors: ["Author Names"],
      source: ["Source"],
      keywords: ["keywords", "Emtree Medical Index Terms", "Emtree Drug Index Terms"],
      url: ["Open URL Link"],
    },
  },
  concord: {
    signature: ["record_id", "title", "authors", "pmid", "keywords"],
    mapping: {
      sourceRecordId: ["record_id"],
      type: ["type"],
      title: ["title"],
      otherTitles: ["other_titles"],
      abstract: ["abstract"],
      authors: ["authors"],
      year: ["year"],
      journal: ["journal"],
      volume: ["volume"],
      issue: ["issue"],
      pages: ["pages"],
      doi: ["doi"],
      pmid: ["pmid"],
      keywords: ["keywords"],
      language: ["language"],
      url: ["url"],
    },
  },
};

// Header synonyms for auto-suggestion, most specific first. Compared case-insensitively without
// punctuation, so "Document Title", "Item Title", "Article Title" and "TI" all suggest `title`.
const SYNONYMS: [MappableField, string[]][] = [
  ["sourceRecordId", ["id", "recordid", "record id", "key", "citationkey", "accession number", "an", "ut", "eid", "document identifier", "covidence", "refid"]],
  ["otherTitles", ["original title", "translated title", "othertitles", "other titles"]],
  ["title", ["title", "document title", "item title", "article title", "ti", "primary title"]],
  ["abstract", ["abstract", "ab", "summary"]],
  ["authors", ["authors", "author", "author names", "author full names", "au", "creators", "author s"]],
  ["year", ["year", "publication year", "py", "pubyear", "date", "publication date", "pub year"]],
  ["journal", ["journal", "source title", "publication title", "journal book", "journal title", "so", "secondary title", "publication", "source"]],
  ["volume", ["volume", "journal volume", "vl", "vol"]],
  ["issue", ["issue", "number", "journal issue", "is", "no"]],
  ["pages", ["pages", "page", "pg", "page range"]],
  ["pageStart", ["start page", "page start", "bp", "first page"]],
  ["pageEnd", ["end page", "page end", "ep", "last page"]],
  ["doi", ["doi", "item doi", "di"]],
  ["pmid", ["pmid", "pubmed id", "pm", "pubmed"]],
  ["keywords", ["keywords", "author keywords", "index keywords", "kw", "de", "mesh terms", "ieee terms", "keyword"]],
  ["language", ["language", "la", "language of original document"]],
  ["url", ["url", "link", "pdf link", "web link"]],
  ["type", ["type", "document type", "entrytype", "content type", "publication type", "pt", "dt"]],
];

const squash = (h: string) => h.toLowerCase().replace(/^\uFEFF/, "").replace(/[^a-z0-9]+/g, " ").trim();

/** The preset whose signature columns are all present, if any. */
export function matchCsvPreset(headers: string[]): { name: string; mapping: CsvMapping } | null {
  const set = new Set(headers.map((h) => h.replace(/^\uFEFF/, "").trim()));
  for (const [name, preset] of Object.entries(CSV_PRESETS)) {
    if (preset.signature.every((s) => set.has(s))) return { name, mapping: preset.mapping };
  }
  return null;
}

/**
 * Suggests a mapping from header names alone (for the column-mapping step and for CSVs without a
 * preset). Each column is used for at most one field; the first matching synonym wins.
 */
export function suggestCsvMapping(headers: string[]): CsvMapping {
  const mapping: CsvMapping = {};
  const used = new Set<string>();
  const squashed = headers.map((h) => [h, squash(h)] as const);
  for (const [field, names] of SYNONYMS) {
    for (const name of names) {
      const hit = squashed.find(([h, s]) => s === name && !used.has(h));
      if (hit) {
        (mapping[field] ??= []).push(hit[0]);
        used.add(hit[0]);
        if (field !== "keywords") break;
      }
    }
  }
  return mapping;
}
