// EndNote "refer" / CNKI "EndNote" export: one field per line as "%X value", records separated by
// blank lines. Hand-parsed: no maintained npm parser reads it, and the format is a one-character
// tag column. CNKI, Wanfang and VIP write it in UTF-8 or GB18030 (decoded before this reader) and
// put several authors or keywords on one line separated by ";" / "；" / "，".
import { ImportError } from "./errors";
import type { Line } from "./lines";
import { addUnique, cleanDoi, emptyRecord, extractYear, firstOf, normaliseType, pushRaw, splitList } from "./fields";
import type { RawRecord } from "./ris";
import type { CitationRecord, ImportWarning } from "./types";

/** "%A Wang Wei": a percent sign, one tag character, a space (or nothing for an empty field), the value. */
export const REFER_TAG = /^%([0-9A-Z@+&~>!#$^*()|?\]\[<=])(?:[ \t](.*))?$/;

/**
 * Reads refer records. Lines without a tag continue the previous field (abstracts wrapped over
 * several lines). Refer has no end-of-record tag, so a truncated file is recognised as in MEDLINE:
 * when every earlier record ends with the same tag (CNKI: `%W CNKI`), the last one must too.
 */
export function* readRefer(lines: Iterable<Line>, file: string, warnings: ImportWarning[]): Generator<RawRecord> {
  let current: RawRecord | null = null;
  let lastTag: string | null = null;
  let count = 0;
  let closingTag: string | null | undefined;
  let closed = 0;
  const close = (record: RawRecord): RawRecord => {
    closingTag = closingTag === undefined ? lastTag : closingTag === lastTag ? lastTag : null;
    closed++;
    return record;
  };
  for (const { text: line, number } of lines) {
    const m = REFER_TAG.exec(line.replace(/^\uFEFF/, ""));
    if (m) {
      // "%0" opens a record even without a blank line before it
      if (m[1] === "0" && current) yield close(current);
      if (!current || m[1] === "0") current = { raw: {}, number: ++count, line: number };
      pushRaw(current.raw, m[1], (m[2] ?? "").trim());
      lastTag = m[1];
    } else if (line.trim() === "") {
      if (current) yield close(current);
      current = null;
      lastTag = null;
    } else if (current && lastTag) {
      const list = current.raw[lastTag];
      list[list.length - 1] = `${list[list.length - 1]} ${line.trim()}`.trim();
    } else {
      warnings.push({ message: `line is neither a refer field ('%T title') nor a continuation; ignored: "${line.trim().slice(0, 60)}"`, line: number });
    }
  }
  if (count === 0) {
    throw new ImportError("no '%' field lines: not an EndNote refer / CNKI export", { code: "wrong-format", file, format: "refer", expected: "records of lines like '%0 Journal Article', '%T title'" });
  }
  if (current && closed >= 2 && closingTag && !current.raw[closingTag]) {
    throw new ImportError(`record ${current.number} (line ${current.line}) stops at %${lastTag} without the %${closingTag} field that ends every other record: the file looks truncated`, {
      code: "truncated",
      file,
      format: "refer",
      record: current.number,
      line: current.line,
      field: `%${closingTag}`,
      expected: `each record to end with %${closingTag}`,
    });
  }
  if (current) yield current;
}

const LIST_SEPARATOR = /[;；，]/;

/** Maps refer tags (EndNote's refer export and CNKI/Wanfang/VIP flavours) to a record. */
export function mapReferRecord(raw: Record<string, string[]>): CitationRecord {
  const r = emptyRecord();
  const one = (tag: string) => firstOf(...(raw[tag] ?? []));
  const list = (tag: string) => (raw[tag] ?? []).flatMap((v) => splitList(v, LIST_SEPARATOR));
  r.raw = raw;
  r.type = normaliseType(one("0") ?? "article");
  r.sourceRecordId = one("M") ?? one("F");
  r.title = one("T");
  addUnique(r.otherTitles, (raw.Q ?? []).filter(Boolean));
  r.abstract = one("X");
  addUnique(r.authors, list("A"));
  r.year = extractYear(one("D") ?? one("8"));
  // %J journal; conference papers and book sections name their proceedings or book in %B
  r.journal = one("J") ?? one("B");
  r.volume = one("V");
  r.issue = one("N");
  r.pages = one("P");
  r.doi = cleanDoi(one("R")) ?? cleanDoi((raw.U ?? []).join(" "));
  addUnique(r.keywords, list("K"));
  r.language = one("G");
  r.url = one("U");
  return r;
}
