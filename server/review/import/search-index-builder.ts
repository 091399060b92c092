/**
 * Builds the inverted index of one search source (see search-index.ts). No database imports: it
 * also runs in the import's worker thread (search-index-worker.mjs).
 */
import { recordWords, searchTerms } from "./search-text";

/** What the index reads of a record. */
export type IndexedFields = { id: string } & Parameters<typeof recordWords>[0];

/** The inverted index of one search source's records. */
export interface SourceIndex {
  /** Record ids in source order; postings hold positions in this list. */
  ids: string[];
  /** Distinct index terms, sorted (code-unit order) for prefix ranges. */
  terms: string[];
  /** Postings of terms[t] are postings[offsets[t] … offsets[t + 1]), ascending. */
  offsets: Int32Array;
  postings: Int32Array;
}

/**
 * Collects the terms of one source's records in order, then packs them into a SourceIndex.
 * Terms are interned to numbers and (term, record) pairs kept in typed arrays, then grouped by a
 * counting sort: a 50,000-record source has ~6 million such pairs, and a Map of growing arrays
 * spent twice as long in allocation and garbage collection.
 */
export class SourceIndexBuilder {
  private readonly ids: string[] = [];
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Last record (ordinal) seen with each term: a term counts once per record. */
  private lastRecord = new Int32Array(1024);
  private pairTerm = new Int32Array(1 << 16);
  private pairRecord = new Int32Array(1 << 16);
  private pairs = 0;

  add(id: string, fields: Parameters<typeof recordWords>[0]): void {
    const ordinal = this.ids.length;
    this.ids.push(id);
    for (const term of searchTerms(recordWords(fields))) {
      let t = this.termIds.get(term);
      if (t === undefined) t = this.newTerm(term);
      else if (this.lastRecord[t] === ordinal) continue;
      this.lastRecord[t] = ordinal;
      if (this.pairs === this.pairTerm.length) this.growPairs();
      this.pairTerm[this.pairs] = t;
      this.pairRecord[this.pairs++] = ordinal;
    }
  }

  private newTerm(term: string): number {
    const t = this.terms.length;
    this.terms.push(term);
    this.termIds.set(term, t);
    if (t === this.lastRecord.length) this.lastRecord = grow(this.lastRecord);
    return t;
  }

  private growPairs(): void {
    this.pairTerm = grow(this.pairTerm);
    this.pairRecord = grow(this.pairRecord);
  }

  finish(): SourceIndex {
    const n = this.terms.length;
    // terms in sorted order (for prefix ranges), then postings grouped by a counting sort straight
    // into that order; it is stable, so records stay ascending within a term
    const order = Array.from({ length: n }, (_, t) => t).sort((a, b) => (this.terms[a] < this.terms[b] ? -1 : 1));
    const rank = new Int32Array(n);
    order.forEach((t, r) => (rank[t] = r));
    const offsets = new Int32Array(n + 1);
    for (let i = 0; i < this.pairs; i++) offsets[rank[this.pairTerm[i]] + 1]++;
    for (let r = 0; r < n; r++) offsets[r + 1] += offsets[r];
    const next = offsets.slice(0, n);
    const postings = new Int32Array(this.pairs);
    for (let i = 0; i < this.pairs; i++) postings[next[rank[this.pairTerm[i]]]++] = this.pairRecord[i];
    return { ids: this.ids, terms: order.map((t) => this.terms[t]), offsets, postings };
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

