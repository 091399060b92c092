// Web of Science plain text and tab-delimited exports are hand-parsed: no maintained npm parser
// handles them. Plain text: 2-letter tags, 3-space continuation lines, ER ends a record, EF the file.
import { ImportError } from "./errors";
import type { Line } from "./lines";
import { addUnique, cleanDoi, emptyRecord, extractYear, firstOf, joinPages, normaliseType, pushRaw, splitList } from "./fields";
import type { RawRecord } from "./ris";
import type { CitationRecord, ImportWarning } from "./types";

const TAG = /^([A-Z][A-Z0-9]|\uFEFF?FN|\uFEFF?VR)(?: (.*))?$/;
/** Tags whose continuation lines are separate values (one author / reference per line). */
const LIST_TAGS = new Set(["AU", "AF", "CR", "BA", "BF", "ED", "C1", "C3", "RP", "EM", "RI", "OI"]);

/** Reads WoS plain-text records. */
export function* readWos(lines: Iterable<Line>, file: string, warnings: ImportWarning[]): Generator<RawRecord> {
  let current: RawRecord | null = null;
  let lastTag: string | null = null;
  let count = 0;
  let sawEf = false;
  for (const { text: line, number } of lines) {
    if (line.startsWith("   ") && current && lastTag) {
      const value = line.trim();
      const list = current.raw[lastTag];
      if (LIST_TAGS.has(lastTag)) list.push(value);
      else list[list.length - 1] = `${list[list.length - 1]} ${value}`;
      continue;
    }
    const m = TAG.exec(line);
    if (!m) {
      if (line.trim() !== "") warnings.push({ message: `unrecognised line ignored: "${line.trim().slice(0, 60)}"`, line: number });
      continue;
    }
    const tag = m[1].replace(/^\uFEFF/, "");
    if (tag === "FN" || tag === "VR") continue;
    if (!current && count === 0 && tag !== "PT") {
      throw new ImportError(`first field is ${tag}, not PT: not a Web of Science plain-text export`, { code: "wrong-format", file, format: "wos", line: number, expected: "'FN …' / 'VR 1.0' header lines and records starting with 'PT J'" });
    }
    if (tag === "EF") {
      sawEf = true;
      break;
    }
    if (tag === "ER") {
      if (current) yield current;
      current = null;
      lastTag = null;
      continue;
    }
    if (!current) current = { raw: {}, number: ++count, line: number };
    pushRaw(current.raw, tag, (m[2] ?? "").trim());
    lastTag = tag;
  }
  if (current) {
    throw new ImportError(`record ${current.number} (starting at line ${current.line}) has no ER end line: the file looks truncated`, {
      code: "truncated",
      file,
      format: "wos",
      record: current.number,
      line: current.line,
      expected: "every record to end with a line 'ER'",
    });
  }
  if (!sawEf) warnings.push({ message: "no EF end-of-file line; the export may be incomplete" });
}

/** Reads a WoS tab-delimited export (header row of 2-letter field tags, no quoting). */
export function* readWosTsv(lines: Iterable<Line>, file: string, warnings: ImportWarning[]): Generator<RawRecord> {
  let header: string[] | null = null;
  let count = 0;
  for (const { text: line, number } of lines) {
    if (line.trim() === "") continue;
    const cells = line.split("\t");
    if (!header) {
      header = cells.map((c) => c.replace(/^\uFEFF/, "").trim());
      continue;
    }
    if (cells.length < header.length - 1) {
      throw new ImportError(`row has ${cells.length} tab-separated cells, the header has ${header.length}`, {
        code: cells.length < 3 ? "truncated" : "malformed",
        file,
        format: "wos-tsv",
        line: number,
        record: count + 1,
        expected: `${header.length} cells per row`,
      });
    }
    const raw: Record<string, string[]> = {};
    header.forEach((h, i) => {
      const v = (cells[i] ?? "").trim();
      if (h && v) pushRaw(raw, h, v);
    });
    if (cells.length > header.length && cells.slice(header.length).some((c) => c.trim())) {
      warnings.push({ message: "row has more cells than the header; extra cells kept as EXTRA", line: number, record: count + 1 });
      raw.EXTRA = cells.slice(header.length).filter((c) => c.trim());
    }
    yield { raw, number: ++count, line: number };
  }
}

/** Maps WoS field tags (plain text or tab-delimited) to a record. */
export function mapWosRecord(raw: Record<string, string[]>): CitationRecord {
  const r = emptyRecord();
  const one = (t: string) => firstOf(...(raw[t] ?? []));
  const list = (t: string) => (raw[t] ?? []).flatMap((v) => splitList(v, ";"));
  r.raw = raw;
  r.sourceRecordId = one("UT");
  r.type = normaliseType(one("DT") ?? (one("PT") === "J" ? "article" : one("PT")));
  r.title = one("TI");
  r.abstract = one("AB");
  const names = raw.AF ? list("AF") : list("AU");
  // BIOSIS writes "Tingley, Morgan W. (morgan.tingley@uconn.edu)"
  addUnique(r.authors, names.map((n) => n.replace(/\s*\([^)]*@[^)]*\)\s*/, " ").trim()));
  r.year = extractYear(one("PY") ?? one("PD") ?? one("EA"));
  r.journal = one("SO") ?? one("J9") ?? one("JI");
  r.volume = one("VL");
  r.issue = one("IS");
  r.pages = joinPages(one("BP"), one("EP")) ?? one("PS") ?? one("AR");
  r.doi = cleanDoi(one("DI") ?? one("D2"));
  r.pmid = one("PM");
  addUnique(r.keywords, [...list("DE"), ...list("ID"), ...list("MQ")]);
  r.language = one("LA");
  return r;
}
