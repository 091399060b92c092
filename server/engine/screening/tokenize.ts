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
  if (ascii.test(text)) {
    tokenizeAscii(text.toLowerCase(), options, out);
    return out;
  }
  const normalised = text.normalize("NFKC").toLowerCase();
  for (const match of normalised.matchAll(tokenPattern)) {
    const run = match[0];
    if (cjkRun.test(run)) pushCjkBigrams(run, out);
    else pushWord(run, codePointLength(run), options, out);
  }
  return out;
}

// Most records are plain ASCII (already NFKC-normal); splitting on char codes is ~4× faster than
// the Unicode-property regex and yields the same tokens ([a-z0-9] runs after lower-casing).
const ascii = /^[\x00-\x7f]*$/;

function tokenizeAscii(lower: string, options: TokenizeOptions, out: string[]): void {
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      pushWord(lower.slice(start, i), i - start, options, out);
      start = -1;
    }
  }
}

function pushWord(run: string, length: number, options: TokenizeOptions, out: string[]): void {
  if (length < options.minTokenLength) return;
  if (options.dropNumbers && digitsOnly.test(run)) return;
  if (options.stopWords.has(run)) return;
  out.push(options.stem && latinWord.test(run) ? stemmer(run) : run);
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
