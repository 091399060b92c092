// BibTeX is hand-parsed. @retorquere/bibtex-parser 9.0.29 (the most complete npm parser) was run on
// ../shared/data/imports/bibtex: it silently omits Scopus entries whose keys contain spaces
// ("Carmone Jr.1997538") or whose field names do ("funding_text 1"), and it needs ~1 s per 170 KB,
// far too slow for large imports. This tolerant reader accepts what the databases actually write.
import { ImportError } from "./errors";
import { addUnique, cleanDoi, emptyRecord, extractYear, firstOf, normaliseType, pushRaw, splitList } from "./fields";
import { decodeLatex } from "./latex";
import type { RawRecord } from "./ris";
import type { CitationRecord, ImportWarning } from "./types";

const MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split(" ");

/** Reads BibTeX entries; @string macros are expanded, @comment/@preamble skipped. */
export function* readBibtex(text: string, file: string, warnings: ImportWarning[]): Generator<RawRecord> {
  const strings: Record<string, string> = Object.fromEntries(MONTHS.map((m, i) => [m, String(i + 1)]));
  const reader = new BibReader(text, file);
  let count = 0;
  for (;;) {
    const at = text.indexOf("@", reader.pos);
    if (at < 0) return;
    reader.pos = at + 1;
    const startLine = reader.lineAt(at);
    const type = reader.readWhile(/[A-Za-z_-]/).toLowerCase();
    reader.skipSpace();
    const open = text[reader.pos];
    if (!type || (open !== "{" && open !== "(")) continue; // an @ inside free text (e.g. an e-mail) between entries
    reader.pos++;
    const close = open === "{" ? "}" : ")";
    if (type === "comment" || type === "preamble") {
      reader.skipBalanced(close, startLine);
      continue;
    }
    if (type === "string") {
      const name = reader.readFieldName(startLine).toLowerCase();
      strings[name] = reader.readValue(strings, startLine, close);
      reader.expectEnd(close, startLine);
      continue;
    }
    const key = reader.readKey();
    const raw: Record<string, string[]> = { ENTRYTYPE: [type] };
    if (key) raw.ID = [key];
    const number = ++count;
    for (;;) {
      reader.skipSpace();
      if (reader.atEnd()) throw reader.truncated(number, startLine);
      if (text[reader.pos] === close) {
        reader.pos++;
        break;
      }
      if (text[reader.pos] === ",") {
        reader.pos++;
        continue;
      }
      const name = reader.readFieldName(startLine, number).toLowerCase();
      const value = reader.readValue(strings, startLine, close, number).replace(/\s+/g, " ").trim();
      if (value) pushRaw(raw, name, value);
    }
    if (Object.keys(raw).length <= 2) warnings.push({ message: "entry has no fields", record: number, line: startLine });
    yield { raw, number, line: startLine };
  }
}

class BibReader {
  pos = 0;
  private lineStarts: number[] | null = null;
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  lineAt(offset: number): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  readWhile(pattern: RegExp): string {
    const start = this.pos;
    while (this.pos < this.text.length && pattern.test(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Citation key: everything up to the first top-level comma (Scopus keys contain spaces, some keys braces). */
  readKey(): string {
    const start = this.pos;
    let depth = 0;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === "{") depth++;
      else if (c === "}" && depth-- === 0) break;
      else if ((c === "," || c === "\n") && depth === 0) break;
    }
    const key = decodeLatex(this.text.slice(start, this.pos).trim());
    if (this.text[this.pos] === ",") this.pos++;
    return key;
  }

  /** Field name up to "=", allowing spaces ("funding_text 1"). */
  readFieldName(startLine: number, record?: number): string {
    const start = this.pos;
    while (this.pos < this.text.length && !"=,}".includes(this.text[this.pos])) this.pos++;
    if (this.text[this.pos] !== "=") {
      if (this.atEnd()) throw this.truncated(record ?? 0, startLine);
      throw new ImportError(`field "${this.text.slice(start, this.pos).trim().slice(0, 40)}" has no '=' and value`, {
        code: "malformed",
        file: this.file,
        format: "bibtex",
        line: this.lineAt(this.pos),
        record,
        field: this.text.slice(start, this.pos).trim().slice(0, 40),
        expected: "name = {value}",
      });
    }
    const name = this.text.slice(start, this.pos).trim();
    this.pos++;
    return name;
  }

  /** A value: {braced}, "quoted" or a bare word/number/macro, concatenated with #. */
  readValue(strings: Record<string, string>, startLine: number, close: string, record?: number): string {
    const parts: string[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === "{") parts.push(decodeLatex(this.readBraced(startLine, record)));
      else if (c === '"') parts.push(decodeLatex(this.readQuoted(startLine, record)));
      else {
        const word = this.readWhile(/[^\s,#}")]/).trim();
        if (!word && this.atEnd()) throw this.truncated(record ?? 0, startLine);
        parts.push(strings[word.toLowerCase()] ?? word);
      }
      this.skipSpace();
      if (this.text[this.pos] === "#") {
        this.pos++;
        continue;
      }
      if (this.atEnd()) throw this.truncated(record ?? 0, startLine);
      return parts.join("");
    }
  }

  private readBraced(startLine: number, record?: number): string {
    let depth = 0;
    const start = this.pos + 1;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === "\\") {
        this.pos++;
        continue;
      }
      if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        this.pos++;
        return this.text.slice(start, this.pos - 1);
      }
    }
    throw this.truncated(record ?? 0, startLine);
  }

  private readQuoted(startLine: number, record?: number): string {
    let depth = 0;
    const start = ++this.pos;
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === "\\") this.pos++;
      else if (c === "{") depth++;
      else if (c === "}") depth--;
      else if (c === '"' && depth === 0) return this.text.slice(start, this.pos++);
    }
    throw this.truncated(record ?? 0, startLine);
  }

  skipBalanced(close: string, startLine: number): void {
    let depth = 1;
    const open = close === "}" ? "{" : "(";
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos];
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        this.pos++;
        return;
      }
    }
    throw this.truncated(0, startLine);
  }

  expectEnd(close: string, startLine: number): void {
    this.skipSpace();
    if (this.text[this.pos] === close) this.pos++;
    else if (this.atEnd()) throw this.truncated(0, startLine);
  }

  truncated(record: number, startLine: number): ImportError {
    return new ImportError(`entry starting at line ${startLine} is not closed before the end of the file: the file looks truncated`, {
      code: "truncated",
      file: this.file,
      format: "bibtex",
      line: startLine,
      record: record || undefined,
      expected: "balanced braces and a closing '}' for every entry",
    });
  }
}

/** Maps BibTeX fields (Scopus, WoS, Google Scholar, Zotero styles) to a record. */
export function mapBibtexRecord(raw: Record<string, string[]>): CitationRecord {
  const r = emptyRecord();
  const one = (t: string) => firstOf(...(raw[t] ?? []));
  r.raw = raw;
  r.sourceRecordId = one("ID");
  r.type = normaliseType(one("type") ?? one("document_type") ?? one("ENTRYTYPE"));
  r.title = one("title");
  r.abstract = one("abstract");
  addUnique(r.authors, (raw.author ?? []).flatMap((a) => splitList(a, /\s+and\s+/)));
  r.year = extractYear(one("year") ?? one("date"));
  r.journal = one("journal") ?? one("journaltitle") ?? one("booktitle");
  r.volume = one("volume");
  r.issue = one("number") ?? one("issue");
  r.pages = one("pages")?.replace(/\s*[–—]+\s*|\s*-+\s*/g, "-") ?? one("art_number") ?? null;
  r.doi = cleanDoi(one("doi"));
  r.pmid = one("pmid") ?? one("pubmed_id") ?? one("pubmed-id");
  const kw = [...(raw.keywords ?? []), ...(raw.author_keywords ?? []), ...(raw["keywords-plus"] ?? [])];
  addUnique(r.keywords, kw.flatMap((k) => splitList(k, /[;,]/)));
  r.language = one("language");
  r.url = one("url");
  return r;
}
