// RIS is hand-parsed. We evaluated @citation-js/plugin-ris 0.7/0.8 on the real exports in
// ../shared/data/imports/ris: its CSL conversion aborts a whole file on one URL-form DOI
// ("Failed to convert DO to DOI", Ovid PsycINFO), joins Rayyan/Dimensions one-keyword-per-line
// continuations into one keyword, keeps no unknown tags, and converts ~3,000 records/s, too slow
// for 50,000 records in the import budget. This reader is a single pass over lines.
import { ImportError } from "./errors";
import type { Line } from "./lines";
import { addUnique, cleanDoi, emptyRecord, extractYear, firstOf, joinPages, normaliseType, pushRaw, splitList } from "./fields";
import type { CitationRecord, ImportWarning } from "./types";

/** A tagged record as read from the file, before mapping. */
export interface RawRecord {
  raw: Record<string, string[]>;
  /** 1-based record number and the line it starts on. */
  number: number;
  line: number;
}

const TAG = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*)|\s*)$/;
/** Tags whose continuation lines are further values (one keyword / URL per line), not wrapped text. */
const LIST_TAGS = new Set(["KW", "UR", "L1", "L2", "L3", "L4", "AU", "A1", "A2", "A3", "A4"]);

/**
 * Reads RIS records one at a time. Tags between an ER and the next TY (Ovid writes "NL  - …" there)
 * belong to the record before; they only start a record of their own when an ER follows them.
 * Throws {@link ImportError} for a record cut off by the end of the file.
 */
export function* readRis(lines: Iterable<Line>, file: string, warnings: ImportWarning[]): Generator<RawRecord> {
  let current: RawRecord | null = null; // open: after TY, before ER
  let pending: RawRecord | null = null; // closed by ER, may still receive trailing tags
  let trailing: RawRecord | null = null; // tags seen after an ER
  let lastTag: string | null = null;
  let count = 0;
  for (const { text: rawLine, number } of lines) {
    const line = rawLine.charCodeAt(0) === 0xfeff ? rawLine.slice(1) : rawLine;
    const m = TAG.exec(line);
    if (!m) {
      const target = current ?? trailing;
      const trimmed = line.trim();
      if (target && lastTag && trimmed !== "") appendContinuation(target.raw, lastTag, trimmed);
      else if (!target && trimmed !== "" && !/^\d+\.?$/.test(trimmed)) {
        warnings.push({ message: `text outside any record ignored: "${trimmed.slice(0, 60)}"`, line: number });
      }
      continue;
    }
    const tag = m[1];
    const value = (m[2] ?? "").trim();
    lastTag = tag;
    if (tag === "TY") {
      if (current) {
        warnings.push({ message: `record ${current.number} has no 'ER  -' end tag before the next TY; closed there`, line: number, record: current.number });
        if (pending) yield pending;
        pending = current;
      }
      if (trailing) mergeInto(pending, trailing, warnings);
      trailing = null;
      if (pending) yield pending;
      pending = null;
      current = { raw: { TY: [value] }, number: ++count, line: number };
    } else if (tag === "ER") {
      if (!current && trailing) {
        warnings.push({ message: `record starts with ${Object.keys(trailing.raw)[0]} instead of TY`, line: trailing.line, record: count + 1 });
        current = { ...trailing, number: ++count };
        trailing = null;
      }
      if (!current) {
        warnings.push({ message: "end-of-record tag without a record; ignored", line: number, field: "ER" });
        continue;
      }
      if (pending) yield pending;
      pending = current;
      current = null;
      lastTag = null;
    } else {
      const target = current ?? (trailing ??= { raw: {}, number: 0, line: number });
      if (value !== "") pushRaw(target.raw, tag, value);
    }
  }
  if (current) {
    throw new ImportError(`record ${current.number} (starting at line ${current.line}) has no 'ER  -' end tag: the file looks truncated`, {
      code: "truncated",
      file,
      format: "ris",
      record: current.number,
      line: current.line,
      expected: "every record to end with 'ER  -'",
    });
  }
  if (trailing && !pending) {
    throw new ImportError(`tags from line ${trailing.line} on are not closed by 'ER  -': the file looks truncated`, {
      code: "truncated",
      file,
      format: "ris",
      line: trailing.line,
      expected: "records of the form 'TY  - …' … 'ER  - '",
    });
  }
  if (trailing) mergeInto(pending, trailing, warnings);
  if (pending) yield pending;
}

function mergeInto(record: RawRecord | null, extra: RawRecord, warnings: ImportWarning[]): void {
  if (!record) {
    warnings.push({ message: "tags outside any record ignored", line: extra.line });
    return;
  }
  for (const [tag, values] of Object.entries(extra.raw)) for (const v of values) pushRaw(record.raw, tag, v);
}

function appendContinuation(raw: Record<string, string[]>, tag: string, text: string): void {
  const list = raw[tag];
  if (!list || LIST_TAGS.has(tag)) {
    pushRaw(raw, tag, text);
    return;
  }
  const last = list.length - 1;
  list[last] = list[last] === "" ? text : `${list[last]}\n${text}`;
}

const first = (raw: Record<string, string[]>, ...tags: string[]): string | null => {
  for (const t of tags) {
    const v = firstOf(...(raw[t] ?? []));
    if (v) return v;
  }
  return null;
};
const all = (raw: Record<string, string[]>, ...tags: string[]): string[] => tags.flatMap((t) => raw[t] ?? []);

/** Maps RIS tags of any flavour (PubMed, Ovid, Embase, Scopus, WoS, EndNote, Zotero, CNKI, Lens …) to a record. */
export function mapRisRecord(raw: Record<string, string[]>): CitationRecord {
  const r = emptyRecord();
  r.raw = raw;
  r.type = normaliseType(first(raw, "TY"));
  if (r.type === "article" && /review/i.test(first(raw, "M3") ?? "")) r.type = "review";
  r.title = first(raw, "TI", "T1", "CT", "ST", "BT");
  addUnique(r.otherTitles, all(raw, "TT").filter((t) => t !== r.title));
  r.abstract = first(raw, "AB", "N2");
  // CNKI and some Chinese databases put all authors in one AU line separated by ";" or "；"
  addUnique(r.authors, all(raw, "AU", "A1").flatMap((a) => splitList(a, /[;；]/)));
  r.year = extractYear(first(raw, "PY", "Y1", "DA", "Y2"));
  r.journal = first(raw, "JF", "T2", "JO", "J2", "JA", "J1", "BT");
  r.volume = first(raw, "VL", "VO");
  r.issue = first(raw, "IS", "CP");
  r.pages = joinPages(first(raw, "SP"), first(raw, "EP"));
  r.doi = cleanDoi(first(raw, "DO", "DI")) ?? all(raw, "UR", "L3", "M3", "N1").map(cleanDoi).find((d) => d) ?? null;
  r.pmid = risPmid(raw);
  addUnique(r.keywords, all(raw, "KW", "DE").flatMap((k) => (/[;；]/.test(k) ? splitList(k, /[;；]/) : [k])));
  r.language = first(raw, "LA");
  r.url = first(raw, "UR", "L2", "L1");
  // AN holding the PMID is the PubMed identifier, kept in pmid, not the exporting library's record ID
  const an = first(raw, "AN");
  r.sourceRecordId = first(raw, "ID") ?? (an && an !== r.pmid ? an : null) ?? first(raw, "U2");
  return r;
}

function risPmid(raw: Record<string, string[]>): string | null {
  const db = `${first(raw, "DB") ?? ""} ${first(raw, "DP") ?? ""}`;
  const an = first(raw, "AN");
  if (an && /^\d{1,9}$/.test(an) && /pubmed|medline|nlm/i.test(db)) return an;
  const c2 = first(raw, "C2");
  if (c2 && /^\d{1,9}$/.test(c2) && /scopus/i.test(db)) return c2;
  for (const url of all(raw, "UR", "L2")) {
    const m = /ncbi\.nlm\.nih\.gov\/(?:pubmed\/|entrez.*?list_uids=)(\d{1,9})|pubmed\.ncbi\.nlm\.nih\.gov\/(\d{1,9})/.exec(url);
    if (m) return m[1] ?? m[2];
  }
  return null;
}
