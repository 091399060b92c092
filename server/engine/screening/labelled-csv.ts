import { readFileSync } from "node:fs";
import Papa from "papaparse";
import type { ScreeningRecord } from "./tfidf";

/** Column names to read; unset ones are detected from the header. */
export interface LabelledCsvColumns {
  id?: string;
  title?: string;
  abstract?: string;
  keywords?: string;
  label?: string;
}

export interface LabelledDataset {
  file: string;
  records: ScreeningRecord[];
  /** 1 included (final inclusion), 0 excluded; one per record. */
  labels: Uint8Array;
  columns: Required<Omit<LabelledCsvColumns, "keywords" | "id">> & { keywords?: string; id?: string };
}

// Earlier names win: a final-inclusion label beats a title/abstract-stage one.
const candidates = {
  id: ["record_id", "id"],
  title: ["title", "primary_title", "ti"],
  abstract: ["abstract", "abstract_note", "ab"],
  keywords: ["keywords", "mesh", "kw"],
  label: ["label_included", "included", "label_final", "final_included", "inclusion", "label", "label_abstract_screening", "included_abstract"],
} as const;

/** Reads a labelled screening CSV (title, abstract, inclusion label); missing text becomes "". */
export function readLabelledCsv(file: string, override: LabelledCsvColumns = {}): LabelledDataset {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new Error(`${file}: CSV error on row ${e.row ?? "?"}: ${e.message}`);
  }
  const header = parsed.meta.fields ?? [];
  const pick = (key: keyof typeof candidates, required: boolean): string | undefined => {
    const wanted = override[key];
    if (wanted !== undefined && !header.includes(wanted)) throw new Error(`${file}: no column "${wanted}" (header: ${header.join(", ")})`);
    const byName = new Map(header.map((h) => [h.trim().toLowerCase(), h]));
    const found = wanted ?? candidates[key].map((c) => byName.get(c)).find((h) => h !== undefined);
    if (found === undefined && required) throw new Error(`${file}: no ${key} column found among ${header.join(", ")}; pass --${key}-column`);
    return found;
  };
  const columns = { id: pick("id", false), title: pick("title", true)!, abstract: pick("abstract", true)!, keywords: pick("keywords", false), label: pick("label", true)! };
  const labels = new Uint8Array(parsed.data.length);
  const records = parsed.data.map((row, i): ScreeningRecord => {
    labels[i] = parseLabel(row[columns.label], `${file}: data row ${i + 1}, column ${columns.label}`);
    return {
      id: columns.id ? `${row[columns.id]}#${i}` : String(i),
      title: clean(row[columns.title]),
      abstract: clean(row[columns.abstract]),
      keywords: columns.keywords ? clean(row[columns.keywords]) : undefined,
    };
  });
  return { file, records, labels, columns };
}

function clean(value: string | undefined): string {
  const v = (value ?? "").trim();
  return v === "NaN" || v === "NA" || v === "null" ? "" : v;
}

function parseLabel(value: string | undefined, where: string): 0 | 1 {
  const v = (value ?? "").trim().toLowerCase();
  if (["1", "1.0", "true", "yes", "include", "included", "y"].includes(v)) return 1;
  if (["0", "0.0", "false", "no", "exclude", "excluded", "n", ""].includes(v)) return 0;
  throw new Error(`${where}: cannot read "${value}" as an inclusion label (expected 1/0, yes/no, include/exclude)`);
}
