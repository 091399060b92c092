import { normaliseText } from "@/server/engine/records";

// Han, Hiragana, Katakana and Hangul syllables: CJK text has no spaces between words, so each
// character becomes its own token and a query of several characters is a phrase (`a <-> b`).
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const CJK_ONE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

/** Normalised words with CJK characters spaced apart; the same function serves records and queries. */
export function searchWords(value: string): string[] {
  return normaliseText(value).replace(CJK, " $& ").split(/\s+/).filter(Boolean);
}

/**
 * The `search_text` column of a record: title, other titles, abstract and authors as normalised
 * words (indexed with `to_tsvector('simple', …)`).
 */
export function searchTextOf(r: { title: string | null; otherTitles: string[]; abstract: string | null; authors: string[] }): string {
  return searchWords([r.title ?? "", ...r.otherTitles, r.abstract ?? "", ...r.authors].join(" \n ")).join(" ");
}

/**
 * A `to_tsquery('simple', …)` expression for what a person typed: every word must occur (as a
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
      if (CJK_ONE.test(p) && last && CJK_ONE.test(last[last.length - 1])) last.push(p);
      else groups.push([p]);
    }
    for (const g of groups) terms.push(g.length > 1 ? `(${g.join(" <-> ")})` : CJK_ONE.test(g[0]) ? g[0] : `${g[0]}:*`);
  }
  return terms.length ? terms.join(" & ") : null;
}
