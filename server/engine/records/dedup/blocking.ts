import { AUTHOR_YEAR_KEY, blockingKeys, type RecordFeatures } from "./features";

/**
 * Calls `visit(a, b)` once for every pair of records (a < b) that share a blocking key: all pairs
 * of a block up to `maxBlockSize` records; in larger blocks, sorted by title, the pairs fewer than
 * `window` places apart (sorted-neighbourhood blocking); larger first-author + year blocks are skipped.
 *
 * Blocks are found by sorting (key hash, record) memberships rather than in a Map from key to
 * records: 50,000 records have ~500,000 keys, nearly all held by one record, and the Map with an
 * array per key took ~60 MB during an import. Keys are hashed to 64 bits (two 32-bit FNV-1a
 * hashes), so unrelated keys share a block with a probability of ~10^-8 per import — and would
 * only add candidate pairs, which the comparator then judges.
 *
 * Pairs are enumerated per record from a compact index of its block memberships (typed arrays), and
 * a pair reached through several keys is recognised with a per-record stamp instead of a set of
 * seen pairs: at 50,000 records a set of ~10^6 pair numbers beyond 2^31 costs seconds and memory.
 */
export function forEachCandidatePair(features: readonly RecordFeatures[], maxBlockSize: number, window: number, visit: (a: number, b: number) => void): void {
  const n = features.length;
  const { blocks, byAuthor } = sharedKeyBlocks(features);
  // A large first-author + year block is a common surname (Wang 2019): its title-sorted neighbours
  // are pairs the title keys produce anyway (no decided pair on the labelled sets or 50,000
  // synthetic records comes only from them), and they were half of all compared pairs.
  const shared = blocks.filter((b, id) => !(byAuthor[id] && b.length > maxBlockSize));
  const titleOf = (i: number) => features[i].titles[0] ?? "";
  for (const block of shared) {
    if (block.length > maxBlockSize) block.sort((x, y) => (titleOf(x) < titleOf(y) ? -1 : titleOf(x) > titleOf(y) ? 1 : 0));
  }
  // CSR index: for record i, memberships start[i]..start[i+1] as (block, position) pairs
  const start = new Int32Array(n + 1);
  for (const block of shared) for (const i of block) start[i + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const memberBlock = new Int32Array(start[n]);
  const memberPos = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  shared.forEach((block, b) => {
    block.forEach((i, pos) => {
      memberBlock[fill[i]] = b;
      memberPos[fill[i]++] = pos;
    });
  });
  const stamp = new Int32Array(n).fill(-1);
  for (let a = 0; a < n; a++) {
    stamp[a] = a;
    for (let m = start[a]; m < start[a + 1]; m++) {
      const block = shared[memberBlock[m]];
      const pos = memberPos[m];
      const from = block.length > maxBlockSize ? Math.max(0, pos - window + 1) : 0;
      const to = block.length > maxBlockSize ? Math.min(block.length, pos + window) : block.length;
      for (let q = from; q < to; q++) {
        const b = block[q];
        if (b <= a || stamp[b] === a) continue;
        stamp[b] = a;
        visit(a, b);
      }
    }
  }
}

/**
 * The records of every blocking key held by two or more records (each block in record order), and
 * whether the key is a first-author + year key.
 */
function sharedKeyBlocks(features: readonly RecordFeatures[]): { blocks: number[][]; byAuthor: boolean[] } {
  let hashA = new Int32Array(1 << 16);
  let hashB = new Int32Array(1 << 16);
  let record = new Int32Array(1 << 16);
  let author = new Uint8Array(1 << 16);
  let count = 0;
  for (let i = 0; i < features.length; i++) {
    for (const key of blockingKeys(features[i])) {
      if (count === record.length) [hashA, hashB, record, author] = [grow(hashA), grow(hashB), grow(record), grow(author)];
      hashA[count] = fnv1a(key, 0x811c9dc5);
      hashB[count] = fnv1a(key, 0x050c5d1f);
      record[count] = i;
      author[count++] = key.startsWith(AUTHOR_YEAR_KEY) ? 1 : 0;
    }
  }
  const order = new Int32Array(count);
  for (let m = 0; m < count; m++) order[m] = m;
  order.sort((x, y) => hashA[x] - hashA[y] || hashB[x] - hashB[y] || record[x] - record[y]);
  const blocks: number[][] = [];
  const byAuthor: boolean[] = [];
  for (let from = 0; from < count; ) {
    const first = order[from];
    let to = from + 1;
    while (to < count && hashA[order[to]] === hashA[first] && hashB[order[to]] === hashB[first]) to++;
    if (to - from > 1) {
      const block: number[] = [];
      for (let m = from; m < to; m++) block.push(record[order[m]]);
      blocks.push(block);
      byAuthor.push(author[first] === 1);
    }
    from = to;
  }
  return { blocks, byAuthor };
}

/** 32-bit FNV-1a of a string's UTF-16 code units, from `seed`. */
function fnv1a(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

function grow<T extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T): T {
  const b = new (a.constructor as { new (n: number): T })(a.length * 2);
  b.set(a);
  return b;
}
