// EndNote XML is read with fast-xml-parser (maintained, handles the 3 MB single-line Zotero and
// Mendeley exports) after XMLValidator has checked the whole file, so truncated or broken XML is
// refused with its line and column instead of yielding a partial import.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { ImportError } from "./errors";
import { addUnique, cleanDoi, emptyRecord, extractYear, firstOf, joinPages, normaliseType, pushRaw } from "./fields";
import type { RawRecord } from "./ris";
import type { CitationRecord } from "./types";

type XmlNode = string | number | boolean | { [key: string]: XmlNode } | XmlNode[];

/** Reads EndNote XML `<record>` elements into flat raw fields keyed by element path ("titles/title"). */
export function* readEndnoteXml(text: string, file: string): Generator<RawRecord> {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    const unclosed = !/<\/records>\s*(<\/xml>)?\s*$/.test(text);
    throw new ImportError(`invalid XML: ${valid.err.msg}`, {
      code: unclosed ? "truncated" : "malformed",
      file,
      format: "endnote-xml",
      line: valid.err.line,
      expected: "well-formed EndNote XML (<xml><records><record>…)",
    });
  }
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, trimValues: false });
  const doc = parser.parse(text) as Record<string, XmlNode>;
  const root = (doc.xml ?? doc) as Record<string, XmlNode>;
  const records = (root.records as Record<string, XmlNode> | undefined)?.record;
  if (records === undefined) {
    throw new ImportError("no <record> elements", { code: "wrong-format", file, format: "endnote-xml", expected: "<xml><records><record>…</record></records></xml>" });
  }
  const list = Array.isArray(records) ? records : [records];
  let number = 0;
  for (const rec of list) {
    const raw: Record<string, string[]> = {};
    flatten(rec, "", raw);
    yield { raw, number: ++number, line: 1 };
  }
}

function textOf(node: XmlNode): string {
  if (node === null || node === undefined) return "";
  if (typeof node !== "object") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  return Object.entries(node)
    .filter(([k]) => !k.startsWith("@"))
    .map(([, v]) => textOf(v))
    .join("");
}

/** Leaf values and `<style>`-wrapped runs become one string per element; attributes are kept as "path@attr". */
function flatten(node: XmlNode, path: string, raw: Record<string, string[]>): void {
  if (Array.isArray(node)) {
    for (const item of node) flatten(item, path, raw);
    return;
  }
  if (typeof node !== "object") {
    const v = String(node).trim();
    if (v && path) pushRaw(raw, path, v);
    return;
  }
  const keys = Object.keys(node);
  const childKeys = keys.filter((k) => !k.startsWith("@"));
  for (const k of keys.filter((k) => k.startsWith("@"))) pushRaw(raw, `${path}${k}`, String(node[k]));
  if (childKeys.every((k) => k === "#text" || k === "style")) {
    const v = textOf(Object.fromEntries(childKeys.map((k) => [k, node[k]]))).trim();
    if (v && path) pushRaw(raw, path, v);
    return;
  }
  for (const k of childKeys) flatten(node[k], k === "#text" ? path : path ? `${path}/${k}` : k, raw);
}

/** Maps flattened EndNote XML paths to a record. */
export function mapEndnoteRecord(raw: Record<string, string[]>): CitationRecord {
  const r = emptyRecord();
  const one = (...paths: string[]) => firstOf(...paths.flatMap((p) => raw[p] ?? []));
  r.raw = raw;
  r.sourceRecordId = one("rec-number", "accession-num", "foreign-keys/key");
  r.type = normaliseType(one("ref-type@name"));
  r.title = one("titles/title");
  addUnique(r.otherTitles, [...(raw["titles/translated-title"] ?? []), ...(raw["titles/alt-title"] ?? [])].filter((t) => t !== r.title));
  r.abstract = one("abstract");
  addUnique(r.authors, raw["contributors/authors/author"] ?? []);
  r.year = extractYear(one("dates/year", "dates/pub-dates/date"));
  r.journal = one("periodical/full-title", "titles/secondary-title", "periodical/abbr-1", "titles/full-title");
  r.volume = one("volume");
  r.issue = one("number", "issue");
  r.pages = joinPages(one("pages"), null);
  r.doi = cleanDoi(one("electronic-resource-num")) ?? (raw["urls/related-urls/url"] ?? []).map(cleanDoi).find((d) => d) ?? null;
  const accession = one("accession-num");
  const db = `${one("remote-database-name") ?? ""} ${one("remote-database-provider") ?? ""}`;
  r.pmid = accession && /^\d{1,9}$/.test(accession) && (/pubmed|medline|nlm/i.test(db) || !db.trim()) ? accession : null;
  addUnique(r.keywords, raw["keywords/keyword"] ?? []);
  r.language = one("language");
  r.url = one("urls/related-urls/url", "urls/web-urls/url", "urls/pdf-urls/url");
  return r;
}
