// CSV is read with papaparse (maintained; quoted multi-line cells, delimiter detection), then mapped
// through a column mapping: a preset recognised by headers, the caller's mapping, or a suggestion.
import Papa from "papaparse";
import { ImportError } from "./errors";
import { matchCsvPreset, suggestCsvMapping } from "./csv-mapping";
import { addUnique, cleanDoi, emptyRecord, extractYear, firstOf, joinPages, normaliseType, pushRaw, splitAuthors, splitList } from "./fields";
import type { RawRecord } from "./ris";
import type { CitationRecord, CsvMapping, ImportWarning } from "./types";

export interface CsvRead {
  headers: string[];
  mapping: CsvMapping;
  rows: Generator<RawRecord>;
}

/** Parses CSV text; raw fields are keyed by column header. Throws on unterminated quotes (truncation). */
export function readCsv(text: string, file: string, warnings: ImportWarning[], mapping?: CsvMapping): CsvRead {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: "greedy" });
  const quoteError = parsed.errors.find((e) => e.type === "Quotes");
  if (quoteError) {
    throw new ImportError(`a quoted cell is never closed (${quoteError.message})`, {
      code: "truncated",
      file,
      format: "csv",
      record: (quoteError.row ?? 0) + 1,
      expected: "every opening quote to be closed; the file may be truncated",
    });
  }
  const [headerRow, ...rows] = parsed.data;
  if (!headerRow || headerRow.length < 2) {
    throw new ImportError("no header row with at least two columns", { code: "wrong-format", file, format: "csv", line: 1, expected: "a header row naming the columns" });
  }
  const headers = headerRow.map((h, i) => h.replace(/^\uFEFF/, "").trim() || `column ${i + 1}`);
  const preset = matchCsvPreset(headers);
  // A preset lists every column the database has ever exported; keep the ones this file has.
  const chosen = mapping ?? (preset ? onlyPresent(preset.mapping, headers) : suggestCsvMapping(headers));
  for (const [field, columns] of Object.entries(chosen)) {
    for (const c of columns ?? []) {
      if (!headers.includes(c)) throw new ImportError(`mapped column "${c}" is not in the file`, { code: "malformed", file, format: "csv", line: 1, field, expected: `one of: ${headers.join(", ")}` });
    }
  }
  function* iterate(): Generator<RawRecord> {
    let number = 0;
    for (const row of rows) {
      number++;
      // Scopus ends every row with a comma: only missing cells or non-empty extra cells are worth a warning
      if (row.length < headers.length || row.slice(headers.length).some((c) => c.trim() !== "")) {
        warnings.push({ message: `row has ${row.length} cells, the header has ${headers.length}`, record: number });
      }
      const raw: Record<string, string[]> = {};
      row.forEach((cell, i) => {
        const v = cell.trim();
        if (v && v !== "NA") pushRaw(raw, headers[i] ?? `column ${i + 1}`, v);
      });
      yield { raw, number, line: number + 1 };
    }
  }
  return { headers, mapping: chosen, rows: iterate() };
}

function onlyPresent(mapping: CsvMapping, headers: string[]): CsvMapping {
  const out: CsvMapping = {};
  for (const [field, columns] of Object.entries(mapping) as [keyof CsvMapping, string[]][]) {
    const present = columns.filter((c) => headers.includes(c));
    if (present.length) out[field] = present;
  }
  return out;
}

/** Applies a column mapping to one row. */
export function mapCsvRecord(raw: Record<string, string[]>, mapping: CsvMapping): CitationRecord {
  const r = emptyRecord();
  const one = (field: keyof CsvMapping) => firstOf(...(mapping[field] ?? []).flatMap((c) => raw[c] ?? []));
  const many = (field: keyof CsvMapping) => (mapping[field] ?? []).flatMap((c) => raw[c] ?? []);
  r.raw = raw;
  r.sourceRecordId = one("sourceRecordId");
  r.type = normaliseType(one("type") ?? "article");
  r.title = one("title");
  addUnique(r.otherTitles, many("otherTitles").filter((t) => t !== r.title));
  r.abstract = one("abstract");
  addUnique(r.authors, many("authors").flatMap((a) => splitAuthors(a)));
  r.year = extractYear(one("year"));
  r.journal = one("journal");
  r.volume = one("volume");
  r.issue = one("issue");
  r.pages = joinPages(one("pageStart"), one("pageEnd")) ?? one("pages");
  r.doi = cleanDoi(one("doi"));
  r.pmid = one("pmid");
  addUnique(r.keywords, many("keywords").flatMap((k) => splitList(k, /[;|]/)));
  r.language = one("language");
  r.url = one("url");
  const citation = one("source");
  if (citation) fillFromCitation(r, citation);
  return r;
}

/**
 * Fills empty journal/year/volume/issue/pages from a citation string:
 * Embase "Endoscopic Ultrasound (2014) 3:3 (152-160)" or PubMed "Behav Ther. 2022 Mar;53(2):334-347.".
 */
function fillFromCitation(r: CitationRecord, citation: string): void {
  const embase = /^(.+?)\s*\((\d{4})\)\s*([^\s:(]+)(?::([^\s(]+))?\s*(?:\(([^)]+)\))?/.exec(citation);
  const pubmed = /^(.+?)\.\s*(\d{4})[^;]*;\s*([^(:]+)?(?:\(([^)]+)\))?:?\s*([^.\s]+)?/.exec(citation);
  const m = embase ? [embase[1], embase[2], embase[3], embase[4], embase[5]] : pubmed ? [pubmed[1], pubmed[2], pubmed[3], pubmed[4], pubmed[5]] : null;
  if (!m) return;
  r.journal ??= m[0]?.trim() || null;
  r.year ??= extractYear(m[1]);
  r.volume ??= m[2]?.trim() || null;
  r.issue ??= m[3]?.trim() || null;
  r.pages ??= m[4]?.trim() || null;
}
