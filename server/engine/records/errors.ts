import type { CitationFormat } from "./types";

export type ImportErrorCode =
  | "too-large"
  | "empty"
  | "binary"
  | "encoding"
  | "unknown-format"
  | "wrong-format"
  | "truncated"
  | "malformed";

export interface ImportErrorDetails {
  code: ImportErrorCode;
  file: string;
  format?: CitationFormat;
  /** 1-based line number where the problem is. */
  line?: number;
  /** 1-based record number. */
  record?: number;
  field?: string;
  /** What the parser expected to find. */
  expected?: string;
}

/**
 * A file that cannot be imported. The message names the file, the line or record, the field and
 * what was expected, so the UI can show it as is and the import service can refuse the whole file.
 */
export class ImportError extends Error {
  readonly code: ImportErrorCode;
  readonly file: string;
  readonly format?: CitationFormat;
  readonly line?: number;
  readonly record?: number;
  readonly field?: string;
  readonly expected?: string;

  constructor(problem: string, details: ImportErrorDetails) {
    super(formatMessage(problem, details));
    this.name = "ImportError";
    this.code = details.code;
    this.file = details.file;
    this.format = details.format;
    this.line = details.line;
    this.record = details.record;
    this.field = details.field;
    this.expected = details.expected;
  }
}

function formatMessage(problem: string, d: ImportErrorDetails): string {
  const where = [
    d.file,
    d.format ? `(${d.format})` : null,
    d.line !== undefined ? `line ${d.line}` : null,
    d.record !== undefined ? `record ${d.record}` : null,
    d.field ? `field ${d.field}` : null,
  ]
    .filter(Boolean)
    .join(", ");
  return `${where}: ${problem}${d.expected ? `; expected ${d.expected}` : ""}`;
}
