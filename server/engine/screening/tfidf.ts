import { csrFromRows, type CsrMatrix } from "./sparse";
import { defaultTokenizeOptions, tokenize, type TokenizeOptions } from "./tokenize";

/** One record to screen, as the app stores it. */
export interface ScreeningRecord {
  id: string;
  title: string;
  abstract: string;
  keywords?: string;
}

/** Options of {@link buildCorpus}. */
export interface CorpusOptions {
  tokenize: TokenizeOptions;
  /** Largest word n-gram (1 = words only, 2 = words and adjacent word pairs). */
  ngramMax: 1 | 2;
  /** A term must occur in at least this many records (bigrams only; every word is kept). */
  minDfBigram: number;
  /** Include the keywords field (MeSH terms, author keywords) in the text. */
  useKeywords: boolean;
  /** tf → 1 + ln(tf), which damps repeated words in long abstracts. */
  sublinearTf: boolean;
}

/**
 * Defaults chosen with bench:screening (README): words only (bigrams added cost and moved WSS@95
 * by −3 to +3 points), raw tf (sublinear tf lost 15 points on ADHD with naive Bayes), keywords on.
 */
export const defaultCorpusOptions: CorpusOptions = {
  tokenize: defaultTokenizeOptions,
  ngramMax: 1,
  minDfBigram: 2,
  useKeywords: true,
  sublinearTf: false,
};

/**
 * The vectorised corpus: one l2-normalised TF-IDF row per record. Built once per project (or
 * after an import); the models retrain on it as decisions arrive without touching the text.
 */
export interface Corpus {
  ids: string[];
  indexOf: Map<string, number>;
  matrix: CsrMatrix;
  vocabulary: string[];
  /** Smoothed idf per term: ln((1 + N) / (1 + df)) + 1, as scikit-learn. */
  idf: Float64Array;
  options: CorpusOptions;
}

/** Tokenizes, builds the vocabulary and the TF-IDF matrix of the records. */
export function buildCorpus(records: readonly ScreeningRecord[], options: Partial<CorpusOptions> = {}): Corpus {
  const opts: CorpusOptions = { ...defaultCorpusOptions, ...options };
  const indexOf = new Map<string, number>();
  records.forEach((r, i) => {
    if (indexOf.has(r.id)) throw new Error(`buildCorpus: duplicate record id "${r.id}" at positions ${indexOf.get(r.id)} and ${i}`);
    indexOf.set(r.id, i);
  });
  const docs = records.map((r) => recordTerms(r, opts));
  const { termId, vocabulary, df } = buildVocabulary(docs, opts);
  const n = records.length;
  const idf = new Float64Array(vocabulary.length);
  for (let t = 0; t < idf.length; t++) idf[t] = Math.log((1 + n) / (1 + df[t])) + 1;
  const rows = docs.map((terms) => weighRow(terms, termId, idf, opts.sublinearTf));
  return { ids: records.map((r) => r.id), indexOf, matrix: csrFromRows(rows, vocabulary.length), vocabulary, idf, options: opts };
}

function recordTerms(r: ScreeningRecord, opts: CorpusOptions): string[] {
  const text = [r.title, r.abstract, opts.useKeywords ? (r.keywords ?? "") : ""].join(" \n ");
  const words = tokenize(text, opts.tokenize);
  if (opts.ngramMax < 2) return words;
  const terms = words.slice();
  // Bigrams within a field would be purer, but title/abstract boundaries are rare pairs anyway.
  for (let i = 0; i + 1 < words.length; i++) terms.push(`${words[i]} ${words[i + 1]}`);
  return terms;
}

function buildVocabulary(docs: string[][], opts: CorpusOptions) {
  const dfAll = new Map<string, number>();
  for (const terms of docs) for (const t of new Set(terms)) dfAll.set(t, (dfAll.get(t) ?? 0) + 1);
  // Sorted so the column order, and with it every floating-point sum, is independent of input order quirks.
  const vocabulary = [...dfAll.keys()]
    .filter((t) => !t.includes(" ") || dfAll.get(t)! >= opts.minDfBigram)
    .sort();
  const termId = new Map<string, number>();
  vocabulary.forEach((t, i) => termId.set(t, i));
  const df = Float64Array.from(vocabulary, (t) => dfAll.get(t)!);
  return { termId, vocabulary, df };
}

function weighRow(terms: string[], termId: Map<string, number>, idf: Float64Array, sublinear: boolean): Map<number, number> {
  const counts = new Map<number, number>();
  for (const t of terms) {
    const id = termId.get(t);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  let normSq = 0;
  for (const [id, tf] of counts) {
    const w = (sublinear ? 1 + Math.log(tf) : tf) * idf[id];
    counts.set(id, w);
    normSq += w * w;
  }
  const norm = Math.sqrt(normSq);
  if (norm > 0) for (const [id, w] of counts) counts.set(id, w / norm);
  return counts;
}
