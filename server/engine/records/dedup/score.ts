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

/**
 * Record-level score against gold groups: the measure the curators of the Rathbone sets (bib-dedupe's
 * DedupeBenchmarker) and ASySD publish — how many of the records a reviewer must remove were removed.
 * Keeping one record per predicted group, a group holding records of m different works (a gold group,
 * or a record in none) removes m − 1 records wrongly and every other removal is correct; the gold
 * duplicates are Σ (size − 1) over the gold groups. Pairwise scores weigh a group of n as n(n−1)/2
 * pairs, so one record of a five-record group left out costs four pairs; here it costs one record.
 */
export function scoreGroupRemovals(predicted: string[][], gold: string[][]): { removed: number; correct: number; goldDuplicates: number; precision: number; recall: number } {
  const workOf = new Map<string, number>();
  gold.forEach((g, i) => g.forEach((id) => workOf.set(id, i)));
  const goldDuplicates = gold.reduce((n, g) => n + new Set(g).size - 1, 0);
  let removed = 0;
  let wrong = 0;
  for (const g of predicted) {
    const ids = [...new Set(g)];
    removed += ids.length - 1;
    const works = new Set(ids.map((id) => workOf.get(id) ?? id));
    wrong += works.size - 1;
  }
  const correct = removed - wrong;
  return { removed, correct, goldDuplicates, precision: removed ? correct / removed : 1, recall: goldDuplicates ? correct / goldDuplicates : 1 };
}
