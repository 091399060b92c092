import type { CsrMatrix } from "./sparse";
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
  // One hashing pass: provisional term ids in order of first appearance, per-record counts.
  const provisional = new Map<string, number>();
  const dfAll: number[] = [];
  const counts = records.map((r) => {
    const c = new Map<number, number>();
    for (const term of recordTerms(r, opts)) {
      let id = provisional.get(term);
      if (id === undefined) {
        id = dfAll.length;
        provisional.set(term, id);
        dfAll.push(0);
      }
      const tf = c.get(id);
      if (tf === undefined) dfAll[id]++;
      c.set(id, (tf ?? 0) + 1);
    }
    return c;
  });
  // Sorted so the column order, and with it every floating-point sum, does not depend on record order.
  const vocabulary = [...provisional.keys()].filter((t) => !t.includes(" ") || dfAll[provisional.get(t)!] >= opts.minDfBigram).sort();
  const column = new Int32Array(dfAll.length).fill(-1);
  vocabulary.forEach((t, j) => (column[provisional.get(t)!] = j));
  const n = records.length;
  const idf = Float64Array.from(vocabulary, (t) => Math.log((1 + n) / (1 + dfAll[provisional.get(t)!])) + 1);
  const matrix = weighRows(counts, column, idf, opts.sublinearTf);
  return { ids: records.map((r) => r.id), indexOf, matrix, vocabulary, idf, options: opts };
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

/** tf·idf per kept term, l2-normalised per row, straight into CSR arrays. */
function weighRows(counts: Map<number, number>[], column: Int32Array, idf: Float64Array, sublinear: boolean): CsrMatrix {
  const indptr = new Int32Array(counts.length + 1);
  for (let r = 0; r < counts.length; r++) {
    let kept = 0;
    for (const id of counts[r].keys()) if (column[id] >= 0) kept++;
    indptr[r + 1] = indptr[r] + kept;
  }
  const indices = new Int32Array(indptr[counts.length]);
  const data = new Float32Array(indptr[counts.length]);
  const weights = new Float64Array(idf.length);
  for (let r = 0; r < counts.length; r++) {
    const start = indptr[r];
    let k = start;
    for (const id of counts[r].keys()) if (column[id] >= 0) indices[k++] = column[id];
    indices.subarray(start, k).sort();
    let normSq = 0;
    for (const [id, tf] of counts[r]) {
      const j = column[id];
      if (j < 0) continue;
      weights[j] = (sublinear ? 1 + Math.log(tf) : tf) * idf[j];
      normSq += weights[j] * weights[j];
    }
    const norm = Math.sqrt(normSq) || 1;
    for (let q = start; q < k; q++) data[q] = weights[indices[q]] / norm;
  }
  return { nRows: counts.length, nCols: idf.length, indptr, indices, data };
}
