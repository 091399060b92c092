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
 * Terms are interned to numbers and each record's term numbers appended to one growing list (with
 * where each record's part starts), then grouped by a counting sort: a 50,000-record source has
 * ~6 million (term, record) pairs, and a Map of growing arrays spent twice as long in allocation and
 * garbage collection. The list grows in fixed blocks, never copied, so it takes ~4 bytes a pair.
 */
export class SourceIndexBuilder {
  private readonly ids: string[] = [];
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Last record (ordinal) seen with each term: a term counts once per record. */
  private lastRecord = new Int32Array(1024);
  private readonly termList = new BlockList();
  /** Where each record's terms start in termList (one more entry than records once finished). */
  private readonly recordStart = new BlockList();

  add(id: string, fields: Parameters<typeof recordWords>[0]): void {
    const ordinal = this.ids.length;
    this.ids.push(id);
    this.recordStart.push(this.termList.length);
    for (const term of searchTerms(recordWords(fields))) {
      let t = this.termIds.get(term);
      if (t === undefined) t = this.newTerm(term);
      else if (this.lastRecord[t] === ordinal) continue;
      this.lastRecord[t] = ordinal;
      this.termList.push(t);
    }
  }

  private newTerm(term: string): number {
    const t = this.terms.length;
    this.terms.push(term);
    this.termIds.set(term, t);
    if (t === this.lastRecord.length) {
      const grown = new Int32Array(t * 2);
      grown.set(this.lastRecord);
      this.lastRecord = grown;
    }
    return t;
  }

  finish(): SourceIndex {
    const n = this.terms.length;
    const pairs = this.termList.length;
    // terms in sorted order (for prefix ranges), then postings grouped by a counting sort straight
    // into that order; records are visited in order, so they stay ascending within a term
    const order = Array.from({ length: n }, (_, t) => t).sort((a, b) => (this.terms[a] < this.terms[b] ? -1 : 1));
    const rank = new Int32Array(n);
    order.forEach((t, r) => (rank[t] = r));
    const offsets = new Int32Array(n + 1);
    this.termList.forEach((t) => offsets[rank[t] + 1]++);
    for (let r = 0; r < n; r++) offsets[r + 1] += offsets[r];
    const next = offsets.slice(0, n);
    const postings = new Int32Array(pairs);
    this.recordStart.push(pairs);
    let record = 0;
    let end = this.recordStart.at(1);
    this.termList.forEach((t, i) => {
      while (i === end) end = this.recordStart.at(++record + 1);
      postings[next[rank[t]]++] = record;
    });
    return { ids: this.ids, terms: order.map((t) => this.terms[t]), offsets, postings };
  }
}

/** An append-only list of int32 in blocks of 256 Ki entries (1 MB): growing never copies. */
class BlockList {
  private readonly blocks: Int32Array[] = [];
  length = 0;

  push(value: number): void {
    const at = this.length & BLOCK_MASK;
    if (at === 0) this.blocks.push(new Int32Array(BLOCK));
    this.blocks[this.blocks.length - 1][at] = value;
    this.length++;
  }

  at(i: number): number {
    return this.blocks[i >>> BLOCK_BITS][i & BLOCK_MASK];
  }

  forEach(visit: (value: number, index: number) => void): void {
    for (let b = 0, i = 0; b < this.blocks.length; b++) {
      const block = this.blocks[b];
      const end = Math.min(BLOCK, this.length - i);
      for (let j = 0; j < end; j++, i++) visit(block[j], i);
    }
  }
}
const BLOCK_BITS = 18;
const BLOCK = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK - 1;
