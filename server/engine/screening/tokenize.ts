import { stemmer } from "stemmer";
import { eng } from "stopword";

/** Options of {@link tokenize}. */
export interface TokenizeOptions {
  /** Porter-stem Latin-script tokens ("studies" and "study" → "studi"). */
  stem: boolean;
  /** Words dropped before stemming and n-gram building. */
  stopWords: ReadonlySet<string>;
  /** Drop tokens made only of digits (doses, years, page numbers carry little topic signal). */
  dropNumbers: boolean;
  /** Shortest non-CJK token kept, in code points (sklearn's default pattern keeps ≥ 2). */
  minTokenLength: number;
}

/**
 * English stop words: the `stopword` package's list plus words that are frequent in every
 * abstract and so only add noise to TF-IDF.
 */
export const englishStopWords: ReadonlySet<string> = new Set([
  ...eng,
  ...["the", "of", "and", "in", "to", "a", "with", "for", "was", "were", "is", "are", "on", "by", "that",
    "this", "these", "those", "from", "at", "as", "or", "be", "been", "not", "no", "than", "which", "its",
    "their", "there", "we", "our", "it", "an", "has", "have", "had", "but", "also", "may", "can", "such",
    "both", "between", "after", "during", "all", "any", "each", "other", "into", "more", "most", "who", "whom"],
]);

/** Defaults chosen by the screening benchmark (see README). */
export const defaultTokenizeOptions: TokenizeOptions = {
  // Porter stemming cost 11 points of WSS@95 on Kitchenham 2010 and 3 on ACE inhibitors in
  // bench:screening (it merges e.g. "review"/"reviewer"), so it is off by default.
  stem: false,
  stopWords: englishStopWords,
  dropNumbers: true,
  minTokenLength: 2,
};

// Han, kana and Hangul-less CJK scripts are written without spaces: a run of them is split
// into overlapping character bigrams, the usual word-segmentation-free choice for CJK retrieval.
const cjkClass = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}";
// Built with the constructor because the `v` (set subtraction) flag is newer than our TS target.
const tokenPattern = new RegExp(`[${cjkClass}]+|[[\\p{L}\\p{M}\\p{N}]--[${cjkClass}]]+`, "gv");
const cjkRun = new RegExp(`^[${cjkClass}]`, "v");
const digitsOnly = /^\p{N}+$/u;
const latinWord = /^[a-z]+$/;

/**
 * Splits a text into normalised tokens: NFKC, lower case, Unicode letters/digits as word
 * characters (combining marks kept inside words), CJK runs as character bigrams, stop words
 * removed, optional Porter stemming of plain Latin words.
 */
export function tokenize(text: string, options: TokenizeOptions = defaultTokenizeOptions): string[] {
  const out: string[] = [];
  const normalised = text.normalize("NFKC").toLowerCase();
  for (const match of normalised.matchAll(tokenPattern)) {
    const run = match[0];
    if (cjkRun.test(run)) {
      pushCjkBigrams(run, out);
      continue;
    }
    if (codePointLength(run) < options.minTokenLength) continue;
    if (options.dropNumbers && digitsOnly.test(run)) continue;
    if (options.stopWords.has(run)) continue;
    out.push(options.stem && latinWord.test(run) ? stemmer(run) : run);
  }
  return out;
}

function pushCjkBigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(chars[0]);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
