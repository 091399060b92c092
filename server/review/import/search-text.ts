import { normaliseText } from "@/server/engine/records";

// Han, Hiragana, Katakana and Hangul syllables: CJK text has no spaces between words, so each
// character becomes its own token and a query of several characters is a phrase (`a <-> b`).
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const CJK_ONE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const HAS_CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const isCjkChar = (w: string) => w.length === 1 && CJK_ONE.test(w);

/** Normalised words with CJK characters spaced apart; the same function serves records and queries. */
export function searchWords(value: string): string[] {
  const text = normaliseText(value);
  // most records have no CJK text: skip the character-by-character replace for them
  return (HAS_CJK.test(text) ? text.replace(CJK, " $& ") : text).split(" ").filter(Boolean);
}

/**
 * The `search_vector` column of a record: title, other titles, authors and abstract as normalised
 * words. `search_text` stays empty: a second copy of every abstract made each inserted row wider
 * (and TOAST-compressed twice) for no query that needs it.
 */
export function searchTextOf(r: { title: string | null; otherTitles: string[]; abstract: string | null; authors: string[] }): { searchText: string; searchVector: string } {
  return { searchText: "", searchVector: searchVectorOf(searchWordsOfFields([r.title ?? "", ...r.otherTitles, ...r.authors, r.abstract ?? ""])) };
}

/**
 * `searchWords(fields.join(" \n "))`, field by field: the joined text never takes normaliseText's
 * plain-ASCII fast path (the newline is outside it), so every record paid for NFKD and Unicode
 * regexes over its whole abstract (~0.25 ms). Normalisation is character-local except markup
 * stripping (`<…>` may span fields), so only text with a "<" keeps the joined form.
 */
export function searchWordsOfFields(fields: string[]): string[] {
  if (fields.some((f) => f.includes("<"))) return searchWords(fields.join(" \n "));
  const words: string[] = [];
  for (const field of fields) {
    if (field === "") continue;
    if (PLAIN_WORDS.test(field)) {
      // what normaliseText's fast path and the split below produce, in one pass
      const found = field.toLowerCase().match(/[a-z0-9]+/g);
      if (found) for (const w of found) words.push(w);
    } else for (const w of searchWords(field)) words.push(w);
  }
  return words;
}
// normaliseText's plain-ASCII set (printable ASCII without "&", "<", ">"): no entities, accents or CJK.
const PLAIN_WORDS = /^[\x20-\x25\x27-\x3b\x3d\x3f-\x7e]*$/;

// tsvector limits: positions 1..16383, at most 256 positions per word, words up to 2 KB.
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_WORD = 256;
const MAX_WORD_CHARS = 200;

/**
 * The `search_vector` column as a tsvector literal (`'word' '脑':3 '成':4`), built here instead of
 * with to_tsvector() so the database never runs its text parser on the import path. Only CJK
 * characters carry positions (a CJK query is a phrase `a <-> b`); other words are matched by
 * (prefix) lexeme, which needs none, and the vector stays small. Words are already normalised to
 * letters and digits, so they need no escaping.
 */
export function searchVectorOf(words: string[]): string {
  const plain = new Set<string>();
  const cjk = new Map<string, number[]>();
  const n = Math.min(words.length, MAX_POSITION);
  for (let i = 0; i < n; i++) {
    const w = words[i];
    if (w.length > MAX_WORD_CHARS) continue;
    if (!isCjkChar(w)) {
      plain.add(w);
      continue;
    }
    const list = cjk.get(w);
    if (!list) cjk.set(w, [i + 1]);
    else if (list.length < MAX_POSITIONS_PER_WORD) list.push(i + 1);
  }
  const parts: string[] = [];
  for (const w of plain) parts.push(`'${w}'`);
  for (const [w, list] of cjk) parts.push(`'${w}':${list.join(",")}`);
  return parts.join(" ");
}

/**
 * A tsquery literal (cast with `::tsquery`, no text parser involved) for what a person typed: every word must occur (as a
 * word prefix, so "connect" finds "connectivity"); runs of CJK characters must occur in order.
 * Returns null when the text has no searchable word.
 */
export function searchQueryOf(text: string): string | null {
  const tokens = normaliseText(text).split(/\s+/).filter(Boolean);
  const terms: string[] = [];
  for (const token of tokens) {
    const parts = token.replace(CJK, " $& ").split(/\s+/).filter(Boolean);
    const groups: string[][] = [];
    for (const p of parts) {
      const last = groups[groups.length - 1];
      if (isCjkChar(p) && last && isCjkChar(last[last.length - 1])) last.push(p);
      else groups.push([p]);
    }
    for (const g of groups) {
      if (g.length > 1) terms.push(`(${g.map((c) => `'${c}'`).join(" <-> ")})`);
      else terms.push(isCjkChar(g[0]) ? `'${g[0]}'` : `'${g[0].slice(0, MAX_WORD_CHARS)}':*`);
    }
  }
  return terms.length ? terms.join(" & ") : null;
}
