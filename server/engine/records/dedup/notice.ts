import type { CitationRecord } from "../types";

/**
 * What kind of publication a record is when it is a notice about another one. An erratum, a
 * retraction notice or a reply often carries the title, journal and volume of the article it is
 * about, so it looks like a duplicate of it; it is a separate record and must never be merged into
 * the article automatically (a human may still link them from the review queue).
 */
export type NoticeKind = "" | "erratum" | "retraction" | "reply";

// MEDLINE/Ovid annotations name *other* records ("[Erratum appears in …]" sits on the article that
// was corrected; "[Erratum for …]" on the erratum itself). Ovid cuts long titles, so the closing
// bracket may be missing.
const ANNOTATION = /\.?\s*\[\s*(erratum|errata|comment|retraction|retracted|update|updated|summary for patients|republished|corrected and republished|expression of concern|reprint)\b[^\]]*(\]|$)/gi;
const NOTICE_ANNOTATION: [RegExp, NoticeKind][] = [
  [/\[\s*(erratum|errata) for\b/i, "erratum"],
  [/\[\s*(retraction of|expression of concern for)\b/i, "retraction"],
  [/\[\s*comment on\b/i, "reply"],
];

const TITLE_NOTICE: [RegExp, NoticeKind][] = [
  // "Erratum: …", "Erratum to …", "Corrigendum to …", "Correction to: …", "Correction: …" (but not "Correction of hyponatraemia")
  [/^\s*(published\s+)?(erratum|errata|corrigendum|corrigenda|addendum)\b/i, "erratum"],
  [/^\s*(author\s+)?corrections?\s*(to\b|:|-|–|\[|\(|$)/i, "erratum"],
  // Web of Science titles of corrections: "<original title> (vol 142, pg 310, 2003)"
  [/\(\s*vol\s*\d+[^()]*,\s*pg\s*[\w-]+[^()]*\)\s*\.?\s*$/i, "erratum"],
  // Embase titles of errata: "<original title> (New England Journal of Medicine (2009) 360 (542-544))"
  [/\([^()]*\(\s*(19|20)\d\d\s*\)\s*[\w.]+\s*\(\s*[\w-]+\s*\)\s*\)\s*\.?\s*$/, "erratum"],
  // "Retraction: …", "Retraction notice to …", "Retraction of: …", but not "Retraction of the tongue …"
  [/^\s*(notice\s+of\s+)?retraction(\s+(note|notice|statement))?\s*(to\b|of\s*[:"“'‘]|:|-|–|$)/i, "retraction"],
  // Cochrane's withdrawn reviews: "WITHDRAWN: …"
  [/^\s*withdrawn\s*:/i, "retraction"],
  [/^\s*retracted\s*(article|paper|publication)?\s*[:\-–[(]/i, "retraction"],
  [/^\s*expression\s+of\s+concern\b/i, "retraction"],
  // Letters answering an article reuse its title: "… - Reply", "… AUTHORS REPLY", "Reply to …", "Comment on …"
  [/(^|[\s\-–:.;])(authors?'?s?'?\s+)?reply(\s+to\b[^]*)?\s*\.?\s*$/i, "reply"],
  [/^\s*(in\s+)?(reply|response)\s*(to\b|:|-|–)/i, "reply"],
  [/^\s*(re|comment|comments|commentary)\s*(on\b|:)/i, "reply"],
  [/\beditorial\s+comment\s*\.?\s*$/i, "reply"],
];

// Publication-type fields that say the record itself is a notice. MEDLINE's "Retracted Publication"
// marks the retracted article, not the notice, so it is not listed; nor is its "Comment", which it
// gives to editorials that other databases type as ordinary articles (their copies must still merge).
const TYPE_NOTICE: [RegExp, NoticeKind][] = [
  [/^(published\s+)?(erratum|errata|correction|corrigendum)/i, "erratum"],
  [/^(retraction(\s+of\s+publication|\s+notice)?|expression of concern)$/i, "retraction"],
];
/** Raw field names (lower case) that hold a publication type; the only raw fields dedup reads. */
export const PUBLICATION_TYPE_FIELDS = ["pt", "dt", "m3", "document type", "publication type", "type", "entrytype", "ref-type@name"] as const;
const TYPE_FIELDS: ReadonlySet<string> = new Set(PUBLICATION_TYPE_FIELDS);

/**
 * The raw fields dedup reads (publication types), so a caller can keep just these in memory. Keys
 * come out shortest first, then by code unit — the order PostgreSQL's jsonb keeps them in — so a
 * record built from a parsed file and the same record read back from jsonb compare alike.
 */
export function dedupRawFields(raw: Readonly<Record<string, string[]>> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!raw) return out;
  const keys = Object.keys(raw).filter((k) => TYPE_FIELDS.has(k.toLowerCase()));
  keys.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  for (const k of keys) out[k] = raw[k];
  return out;
}

const withoutAnnotations = (title: string) => (title.includes("[") ? title.replace(ANNOTATION, "").trim() : title);

// Citation of the corrected article appended to an erratum's title by Web of Science and Embase.
const CITED_SUFFIX = /\s*\((\s*vol\s*\d+[^()]*,\s*pg\s*[\w-]+[^()]*|[^()]*\(\s*(19|20)\d\d\s*\)\s*[\w.]+\s*\(\s*[\w-]+\s*\)\s*)\)\s*\.?\s*$/i;

/**
 * Title without MEDLINE/Ovid annotations about other records ("[Erratum appears in …]") and
 * without the citation of the corrected article that errata append ("(vol 142, pg 310, 2003)"),
 * so an erratum and its article compare as equal titles (their kinds keep them apart).
 */
export function stripTitleAnnotations(title: string): string {
  const t = withoutAnnotations(title);
  return t.endsWith(")") ? t.replace(CITED_SUFFIX, "") : t;
}

const NOTICE_LABEL = /^\s*(published\s+)?(erratum|errata|corrigendum|corrigenda|corrections?|(notice\s+of\s+)?retraction(\s+note)?|retracted(\s+article)?|expression\s+of\s+concern)\s*(\s(to|for|of|on)\b\s*:?|[:\-–])\s*/i;

/**
 * Title of the article a notice is about: without its label ("Erratum: …", "Correction to …") and
 * without a cited source cut off mid-way ("… (Proceeding of the National Academy of Science (Januar").
 */
export function noticeSubject(title: string): string {
  const t = title.replace(NOTICE_LABEL, "");
  return /\([^()]*(\([^()]*)?$/.test(t) ? t.replace(/\s*\([^()]*(\([^()]*)?$/, "") : t;
}

// Every title pattern above needs one of these; most titles have none, so a few substring tests settle them.
const NOTICE_WORDS = ["errat", "corrig", "correct", "addend", "retract", "withdrawn", "concern", "repl", "respon", "comment", "["];
function maybeNotice(title: string): boolean {
  let t = title.trimEnd();
  if (t.endsWith(".")) t = t.slice(0, -1).trimEnd();
  if (t.endsWith(")") || /^\s*re\s*(on\b|:)/i.test(t)) return true;
  const low = t.toLowerCase();
  for (let i = 0; i < NOTICE_WORDS.length; i++) if (low.includes(NOTICE_WORDS[i])) return true;
  return false;
}

/** Recognises errata, retraction notices and replies by their title or publication-type fields. */
export function noticeKind(record: Pick<CitationRecord, "title" | "raw">): NoticeKind {
  const title = record.title ?? "";
  if (maybeNotice(title)) {
    for (const [re, kind] of NOTICE_ANNOTATION) if (re.test(title)) return kind;
    const bare = withoutAnnotations(title);
    for (const [re, kind] of TITLE_NOTICE) if (re.test(bare)) return kind;
  }
  for (const field in record.raw) {
    if (!TYPE_FIELDS.has(field.toLowerCase())) continue;
    for (const v of record.raw[field]) for (const [re, kind] of TYPE_NOTICE) if (re.test(v.trim())) return kind;
  }
  return "";
}
