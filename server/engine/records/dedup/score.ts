/** Pairwise precision and recall of predicted duplicate groups against gold groups (record IDs). */
export interface PairwiseScore {
  predictedPairs: number;
  goldPairs: number;
  truePairs: number;
  precision: number;
  recall: number;
}

function pairKeys(groups: string[][]): Set<string> {
  const keys = new Set<string>();
  for (const g of groups) {
    const ids = [...new Set(g)].sort();
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) keys.add(`${ids[i]}\u0000${ids[j]}`);
  }
  return keys;
}

/** Every pair inside a predicted group is a predicted duplicate pair; likewise for gold groups. */
export function scorePairwise(predicted: string[][], gold: string[][]): PairwiseScore {
  const p = pairKeys(predicted);
  const g = pairKeys(gold);
  let truePairs = 0;
  for (const k of p) if (g.has(k)) truePairs++;
  return {
    predictedPairs: p.size,
    goldPairs: g.size,
    truePairs,
    precision: p.size ? truePairs / p.size : 1,
    recall: g.size ? truePairs / g.size : 1,
  };
}

/**
 * Record-level score for sets labelled only "unique"/"duplicate" per record (ASySD's labelled set:
 * one "unique" record per work, no group ids). Keeping one record per predicted group, a group with
 * u "unique" records wrongly removes u − 1 of them; every other removal removes a true duplicate.
 */
export function scoreRemovals(predicted: string[][], uniqueIds: Set<string>, goldDuplicates: number): { removed: number; correct: number; precision: number; recall: number } {
  let removed = 0;
  let wrong = 0;
  for (const g of predicted) {
    removed += g.length - 1;
    const u = g.filter((id) => uniqueIds.has(id)).length;
    wrong += Math.max(u - 1, 0);
  }
  const correct = removed - wrong;
  return { removed, correct, precision: removed ? correct / removed : 1, recall: goldDuplicates ? correct / goldDuplicates : 1 };
}
