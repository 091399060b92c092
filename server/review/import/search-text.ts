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
 * The `search_text` and `search_vector` columns of a record: title, other titles, authors and
 * abstract as normalised words.
 */
export function searchTextOf(r: { title: string | null; otherTitles: string[]; abstract: string | null; authors: string[] }): { searchText: string; searchVector: string } {
  const words = searchWords([r.title ?? "", ...r.otherTitles, ...r.authors, r.abstract ?? ""].join(" \n "));
  return { searchText: words.join(" "), searchVector: searchVectorOf(words) };
}

// tsvector limits: positions 1..16383, at most 256 positions per word, words up to 2 KB.
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_WORD = 256;
const MAX_WORD_CHARS = 200;

/**
 * The `search_vector` column as a tsvector literal (`'word':1,7 'other':2`), built here instead of
 * with to_tsvector() so the database never runs its text parser on the import path. Words are
 * already normalised to letters and digits, so they need no escaping.
 */
export function searchVectorOf(words: string[]): string {
  const positions = new Map<string, number[]>();
  const n = Math.min(words.length, MAX_POSITION);
  for (let i = 0; i < n; i++) {
    const w = words[i];
    if (w.length > MAX_WORD_CHARS) continue;
    const list = positions.get(w);
    if (!list) positions.set(w, [i + 1]);
    else if (list.length < MAX_POSITIONS_PER_WORD) list.push(i + 1);
  }
  let out = "";
  for (const [w, list] of positions) out += `${out ? " " : ""}'${w}':${list.join(",")}`;
  return out;
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
      if (CJK_ONE.test(p) && last && CJK_ONE.test(last[last.length - 1])) last.push(p);
      else groups.push([p]);
    }
    for (const g of groups) {
      if (g.length > 1) terms.push(`(${g.map((c) => `'${c}'`).join(" <-> ")})`);
      else terms.push(CJK_ONE.test(g[0]) ? `'${g[0]}'` : `'${g[0].slice(0, MAX_WORD_CHARS)}':*`);
    }
  }
  return terms.length ? terms.join(" & ") : null;
}
