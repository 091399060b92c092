import { normaliseText } from "@/server/engine/records";

// Han, Hiragana, Katakana and Hangul syllables: CJK text has no spaces between words, so each
// character becomes its own word, and adjacent pairs are indexed too (see `searchTerms`).
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

/** The words of a record that free-text search finds: title, other titles, authors and abstract. */
export function recordWords(r: { title: string | null; otherTitles: string[]; abstract: string | null; authors: string[] }): string[] {
  return searchWordsOfFields([r.title ?? "", ...r.otherTitles, ...r.authors, r.abstract ?? ""]);
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

/**
 * The index terms of a list of words: every word, plus each pair of adjacent CJK characters, so a
 * CJK query of several characters matches as a phrase (the usual bigram indexing of text without
 * spaces). Words longer than 200 characters are not indexed (no one types them).
 */
export function searchTerms(words: string[]): string[] {
  const terms: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.length > MAX_WORD_CHARS) continue;
    terms.push(w);
    if (i > 0 && isCjkChar(w) && isCjkChar(words[i - 1])) terms.push(words[i - 1] + w);
  }
  return terms;
}
const MAX_WORD_CHARS = 200;

/** One condition of a search: a word prefix, or an exact term (a CJK character or pair). */
export type SearchCondition = { prefix: string } | { term: string };

/**
 * What a person typed as conditions that must all hold: every word as a word prefix ("connect"
 * finds "connectivity"); a run of CJK characters as its characters' pairs (or the single character).
 * Returns null when the text has no searchable word.
 */
export function searchConditions(text: string): SearchCondition[] | null {
  const conditions: SearchCondition[] = [];
  const words = searchWords(text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i].slice(0, MAX_WORD_CHARS);
    if (!isCjkChar(w)) conditions.push({ prefix: w });
    else if (i + 1 < words.length && isCjkChar(words[i + 1])) conditions.push({ term: w + words[i + 1] });
    else if (i === 0 || !isCjkChar(words[i - 1])) conditions.push({ term: w });
  }
  return conditions.length ? conditions : null;
}
