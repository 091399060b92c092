import { mapBibtexRecord, readBibtex } from "./bibtex";
import { mapCsvRecord, readCsv } from "./csv";
import { openText, type TextSource } from "./decode";
import { detectFormat } from "./detect";
import { mapEndnoteRecord, readEndnoteXml } from "./endnote-xml";
import { ImportError } from "./errors";
import { mapMedlineRecord, readMedline } from "./medline";
import { mapReferRecord, readRefer } from "./refer";
import { mapRisRecord, readRis, type RawRecord } from "./ris";
import type { CitationFormat, CitationRecord, CsvMapping, ImportWarning, ParseOptions, ParseResult } from "./types";
import { mapWosRecord, readWos, readWosTsv } from "./wos";

/** An opened import: records are produced lazily, so callers can insert them in batches. */
export interface CitationStream {
  format: CitationFormat;
  encoding: string;
  /** Filled while `records` is consumed. */
  warnings: ImportWarning[];
  csvMapping?: CsvMapping;
  /** Throws {@link ImportError} part-way for a malformed or truncated file: run the import in one transaction. */
  records: Generator<CitationRecord>;
}

const FORMAT_HINT: Record<CitationFormat, string> = {
  ris: "RIS records ('TY  - JOUR' … 'ER  - ')",
  medline: "PubMed MEDLINE records ('PMID- 12345678', 'TI  - …')",
  bibtex: "BibTeX entries ('@article{key, title = {…}}')",
  "endnote-xml": "EndNote XML (<xml><records><record>)",
  wos: "Web of Science plain text ('FN …', 'PT J', 'ER')",
  "wos-tsv": "a Web of Science tab-delimited export with a PT/AU/TI header",
  csv: "a CSV file with a header row",
  refer: "EndNote refer / CNKI records ('%0 Journal Article', '%T title', '%A author')",
};

/**
 * Decodes and parses a search export lazily. Use {@link parseCitations} for a preview; use this to
 * stream records into the database in batches.
 */
export function openCitations(bytes: Uint8Array, options: ParseOptions): CitationStream {
  const file = options.fileName;
  const source = openText(bytes, file, options);
  const encoding = source.encoding;
  const detected = detectFormat(source.head, file);
  const format = options.format && options.format !== "auto" ? options.format : detected;
  if (!format) {
    throw new ImportError("the content is not a recognised citation format", {
      code: "unknown-format",
      file,
      expected: `one of: ${Object.values(FORMAT_HINT).join("; ")}`,
    });
  }
  const warnings: ImportWarning[] = [];
  if (detected && detected !== format) warnings.push({ message: `format ${format} was requested but the content looks like ${detected}` });
  if (format === "csv") {
    const csv = readCsv(source.text(), file, warnings, options.csvMapping);
    const mapping = csv.mapping;
    return { format, encoding, warnings, csvMapping: mapping, records: mapAll(csv.rows, (raw) => mapCsvRecord(raw, mapping), format, file, detected, warnings) };
  }
  const [rows, map] = readerFor(format, source, file, warnings);
  return { format, encoding, warnings, records: mapAll(rows, map, format, file, detected, warnings) };
}

/** The reader of a format: line-based formats read the file line by line, the others whole. */
function readerFor(format: Exclude<CitationFormat, "csv">, source: TextSource, file: string, warnings: ImportWarning[]): [Generator<RawRecord>, (raw: Record<string, string[]>) => CitationRecord] {
  switch (format) {
    case "ris":
      return [readRis(source.lines(), file, warnings), mapRisRecord];
    case "medline":
      return [readMedline(source.lines(), file, warnings), mapMedlineRecord];
    case "bibtex":
      return [readBibtex(source.text(), file, warnings), mapBibtexRecord];
    case "endnote-xml":
      return [readEndnoteXml(source.text(), file), mapEndnoteRecord];
    case "wos":
      return [readWos(source.lines(), file, warnings), mapWosRecord];
    case "wos-tsv":
      return [readWosTsv(source.lines(), file, warnings), mapWosRecord];
    case "refer":
      return [readRefer(source.lines(), file, warnings), mapReferRecord];
  }
}

function* mapAll(
  rows: Generator<RawRecord>,
  map: (raw: Record<string, string[]>) => CitationRecord,
  format: CitationFormat,
  file: string,
  detected: CitationFormat | null,
  warnings: ImportWarning[],
): Generator<CitationRecord> {
  let count = 0;
  for (const row of rows) {
    count++;
    const record = map(row.raw);
    if (!record.title && !record.doi && !record.pmid) {
      warnings.push({ message: "record has no title, DOI or PMID", record: row.number, line: format === "csv" || format === "endnote-xml" ? undefined : row.line, field: "title" });
    }
    yield record;
  }
  if (count === 0) {
    throw new ImportError(`no ${format} records found${detected && detected !== format ? `; the content looks like ${detected}` : ""}`, {
      code: "wrong-format",
      file,
      format,
      expected: FORMAT_HINT[format],
    });
  }
}

/**
 * Parses a whole search export: detects the encoding and format, returns normalised records,
 * warnings and the source fields found. Throws {@link ImportError} (file, line/record, field,
 * what was expected) for files over the size limit, binary data, unknown or wrong formats,
 * truncated and malformed files.
 */
export function parseCitations(bytes: Uint8Array, options: ParseOptions): ParseResult {
  const stream = openCitations(bytes, options);
  const records: CitationRecord[] = [];
  const fieldsFound: Record<string, number> = {};
  for (const record of stream.records) {
    records.push(record);
    for (const field in record.raw) fieldsFound[field] = (fieldsFound[field] ?? 0) + 1;
  }
  return { format: stream.format, encoding: stream.encoding, records, warnings: stream.warnings, fieldsFound, csvMapping: stream.csvMapping };
}
