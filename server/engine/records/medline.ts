// PubMed MEDLINE (.nbib / .txt) is hand-parsed: no maintained npm parser exists for it, and the
// format is a simple 4-character tag column with 6-space continuation lines.
import { ImportError } from "./errors";
import type { Line } from "./lines";
import { addUnique, cleanDoi, emptyRecord, extractYear, firstOf, normaliseType, pushRaw } from "./fields";
import type { RawRecord } from "./ris";
import type { CitationRecord, ImportWarning } from "./types";

const TAG = /^([A-Z][A-Z0-9 ]{3})- ?(.*)$/;

const PMID_LINE = /^PMID- ?\d/;

/**
 * Reads MEDLINE records (blank-line separated, each starting at PMID-). MEDLINE has no end-of-record
 * tag, so truncation is recognised by the last record missing the tag that closes every other
 * record (PubMed always ends a record with SO).
 */
export function* readMedline(lines: Iterable<Line>, file: string, warnings: ImportWarning[]): Generator<RawRecord> {
  let current: RawRecord | null = null;
  let lastTag: string | null = null;
  let count = 0;
  let closingTag: string | null | undefined; // the final tag shared by all records so far
  // a file without any PMID line is refused before a record is given out: records are held back
  // until the first PMID line (it normally starts the first record)
  let sawPmid = false;
  const held: RawRecord[] = [];
  const close = (record: RawRecord, tag: string | null) => {
    closingTag = closingTag === undefined ? tag : closingTag === tag ? tag : null;
    return record;
  };
  for (const { text: line, number } of lines) {
    if (!sawPmid && PMID_LINE.test(line)) sawPmid = true;
    if (sawPmid && held.length) yield* held.splice(0);
    const m = TAG.exec(line);
    if (m) {
      const tag = m[1].trim();
      if (tag === "PMID" && current) {
        held.push(close(current, lastTag));
        current = null;
      }
      if (!current) current = { raw: {}, number: ++count, line: number };
      pushRaw(current.raw, tag, m[2].trim());
      lastTag = tag;
    } else if (line.trim() === "") {
      if (current) held.push(close(current, lastTag));
      current = null;
      lastTag = null;
    } else if (current && lastTag && /^\s/.test(line)) {
      const list = current.raw[lastTag];
      list[list.length - 1] = `${list[list.length - 1]} ${line.trim()}`.trim();
    } else {
      warnings.push({ message: `line is neither a MEDLINE tag ('XXXX- value') nor a continuation; ignored: "${line.trim().slice(0, 60)}"`, line: number });
    }
  }
  if (!sawPmid) {
    throw new ImportError("no 'PMID- ' line: not a PubMed MEDLINE export", { code: "wrong-format", file, format: "medline", expected: "records starting with 'PMID- 12345678'" });
  }
  yield* held;
  // PubMed-written records (OWN/STAT present) always close with SO, even when the file has only one
  const expected = closingTag ?? (current && (current.raw.OWN || current.raw.STAT) ? "SO" : null);
  if (current && expected && !current.raw[expected]) {
    throw new ImportError(`record ${current.number} (line ${current.line}) stops at ${lastTag} without the ${expected} field that ends every record: the file looks truncated`, {
      code: "truncated",
      file,
      format: "medline",
      record: current.number,
      line: current.line,
      field: expected,
      expected: `each record to end with ${expected}`,
    });
  }
  if (current) yield current;
}

/** Maps MEDLINE tags to a record (FAU full names preferred over AU initials). */
export function mapMedlineRecord(raw: Record<string, string[]>): CitationRecord {
  const r = emptyRecord();
  const one = (t: string) => firstOf(...(raw[t] ?? []));
  r.raw = raw;
  r.sourceRecordId = one("PMID");
  r.pmid = one("PMID");
  r.type = (raw.PT ?? []).some((t) => /review|meta-analysis/i.test(t)) ? "review" : normaliseType(one("PT") ?? "article");
  r.title = one("TI") ?? one("BTI");
  addUnique(r.otherTitles, raw.TT ?? []);
  r.abstract = one("AB");
  const fau = raw.FAU ?? [];
  const au = raw.AU ?? [];
  addUnique(r.authors, fau.length >= au.length ? fau : au);
  r.year = extractYear(one("DP") ?? one("DEP"));
  r.journal = one("JT") ?? one("TA");
  r.volume = one("VI");
  r.issue = one("IP");
  r.pages = one("PG");
  const doiValue = [...(raw.LID ?? []), ...(raw.AID ?? [])].find((v) => /\[doi\]/.test(v));
  r.doi = cleanDoi(doiValue);
  addUnique(r.keywords, [...(raw.OT ?? []), ...(raw.MH ?? [])]);
  r.language = one("LA");
  r.url = r.pmid ? `https://pubmed.ncbi.nlm.nih.gov/${r.pmid}/` : null;
  return r;
}
