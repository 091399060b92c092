/**
 * The normalised bibliographic record every parser produces and every exporter and the
 * deduplicator consume. Field values are trimmed; absent values are `null` or `[]`.
 * `raw` keeps every field exactly as the source file had it (tag or column name → values),
 * so nothing a user had in a record is lost even when Concord has no column for it.
 */
export interface CitationRecord {
  /** The record's own identifier in the source (RIS ID/AN, PMID, WoS UT, BibTeX key, CSV ID column). */
  sourceRecordId: string | null;
  /** Normalised publication type (see {@link RecordType}); the source's own value stays in `raw`. */
  type: RecordType;
  title: string | null;
  /** Other titles of the same work (original-language or translated title), used by dedup. */
  otherTitles: string[];
  abstract: string | null;
  /** Author names as written by the source ("Surname, Given" or "Surname Initials"). */
  authors: string[];
  year: number | null;
  journal: string | null;
  volume: string | null;
  issue: string | null;
  /** "start-end" or a single page / article number. */
  pages: string | null;
  /** Bare DOI without resolver prefix ("10.1000/xyz"), case as in the source. */
  doi: string | null;
  pmid: string | null;
  keywords: string[];
  language: string | null;
  url: string | null;
  raw: Record<string, string[]>;
}

export type RecordType =
  | "article"
  | "review"
  | "conference"
  | "book"
  | "chapter"
  | "thesis"
  | "report"
  | "preprint"
  | "dataset"
  | "other";

/** Input formats understood by {@link parseCitations}. */
export const CITATION_FORMATS = ["ris", "medline", "bibtex", "endnote-xml", "wos", "wos-tsv", "csv", "refer"] as const;
export type CitationFormat = (typeof CITATION_FORMATS)[number];

/** Fields a CSV column can be mapped to. */
export const MAPPABLE_FIELDS = [
  "sourceRecordId",
  "type",
  "title",
  "otherTitles",
  "abstract",
  "authors",
  "year",
  "journal",
  "volume",
  "issue",
  "pages",
  "pageStart",
  "pageEnd",
  "doi",
  "pmid",
  "keywords",
  "language",
  "url",
  "source",
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/**
 * CSV column mapping: Concord field → column header(s) of the file. Several columns for one field
 * are joined (lists) or tried in order (scalars). `source` is an Embase-style "Journal (2014) 3:3 (152-160)"
 * citation column that fills journal/year/volume/issue/pages when those have no column.
 */
export type CsvMapping = Partial<Record<MappableField, string[]>>;

export interface ImportWarning {
  message: string;
  /** 1-based record number in the file, when the warning is about one record. */
  record?: number;
  /** 1-based line number, for line-based formats. */
  line?: number;
  field?: string;
}

export interface ParseOptions {
  /** Shown in error messages; also used to break detection ties by extension. */
  fileName: string;
  /** "auto" (default) detects the format from the content. */
  format?: CitationFormat | "auto";
  /** Column mapping for CSV; default: a preset matched by headers, else {@link suggestCsvMapping}. */
  csvMapping?: CsvMapping;
  /** Force a text encoding (an iconv-lite name); default: BOM, then UTF-8, then GB18030/Windows-1252 guess. */
  encoding?: string;
  /** Refuse inputs larger than this many bytes; default {@link MAX_IMPORT_BYTES}. */
  maxBytes?: number;
}

export interface ParseResult {
  format: CitationFormat;
  /** Encoding the bytes were decoded with. */
  encoding: string;
  records: CitationRecord[];
  warnings: ImportWarning[];
  /** Source field (tag / column) → number of records that have it. */
  fieldsFound: Record<string, number>;
  /** For CSV: the mapping that was applied. */
  csvMapping?: CsvMapping;
}

/** Largest file parseCitations accepts (200 MiB). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
