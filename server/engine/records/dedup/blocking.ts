import { AUTHOR_YEAR_KEY, blockingKeys, type RecordFeatures } from "./features";

/**
 * Calls `visit(a, b)` once for every pair of records (a < b) that share a blocking key: all pairs
 * of a block up to `maxBlockSize` records; in larger blocks, sorted by title, the pairs fewer than
 * `window` places apart (sorted-neighbourhood blocking); larger first-author + year blocks are skipped.
 *
 * Pairs are enumerated per record from a compact index of its block memberships (typed arrays), and
 * a pair reached through several keys is recognised with a per-record stamp instead of a set of
 * seen pairs: at 50,000 records a set of ~10^6 pair numbers beyond 2^31 costs seconds and memory.
 */
export function forEachCandidatePair(features: readonly RecordFeatures[], maxBlockSize: number, window: number, visit: (a: number, b: number) => void): void {
  const n = features.length;
  const blockOf = new Map<string, number>();
  const blocks: number[][] = [];
  const byAuthor: boolean[] = [];
  for (let i = 0; i < n; i++) {
    for (const key of blockingKeys(features[i])) {
      const id = blockOf.get(key);
      if (id === undefined) {
        blockOf.set(key, blocks.length);
        blocks.push([i]);
        byAuthor.push(key.startsWith(AUTHOR_YEAR_KEY));
      } else blocks[id].push(i);
    }
  }
  blockOf.clear();
  // A large first-author + year block is a common surname (Wang 2019): its title-sorted neighbours
  // are pairs the title keys produce anyway (no decided pair on the labelled sets or 50,000
  // synthetic records comes only from them), and they were half of all compared pairs.
  const shared = blocks.filter((b, id) => b.length > 1 && !(byAuthor[id] && b.length > maxBlockSize));
  blocks.length = 0;
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
