/**
 * Screening-order metrics exactly as defined in shared/docs/benchmarks.md. The input is the
 * labels of the non-prior records in the order they were screened, possibly cut short once
 * every relevant record was found (the rest is then known to be irrelevant), or once 95% of
 * them were found and half the records screened (every metric is then determined).
 */
export interface OrderMetrics {
  n: number;
  nIncluded: number;
  wss95: number;
  recallAt10pct: number;
  recallAt25pct: number;
  recallAt50pct: number;
}

/**
 * @param screened labels (1 relevant) in screening order, priors excluded
 * @param n records excluding priors
 * @param nIncluded relevant records excluding priors
 */
export function orderMetrics(screened: ArrayLike<number>, n: number, nIncluded: number): OrderMetrics {
  const cumulative = new Int32Array(n + 1);
  for (let k = 1; k <= n; k++) cumulative[k] = cumulative[k - 1] + (k <= screened.length ? screened[k - 1] : 0);
  if (!metricsDetermined(cumulative[screened.length], screened.length, n, nIncluded)) {
    throw new Error(`orderMetrics: ${screened.length} of ${n} records screened with ${cumulative[n]} of ${nIncluded} relevant found; the metrics are not determined yet`);
  }
  return {
    n,
    nIncluded,
    wss95: workSavedOverSampling(cumulative, n, nIncluded, 0.95),
    recallAt10pct: recallAt(cumulative, n, nIncluded, 0.1),
    recallAt25pct: recallAt(cumulative, n, nIncluded, 0.25),
    recallAt50pct: recallAt(cumulative, n, nIncluded, 0.5),
  };
}

/** True once every metric is fixed: all relevant found, or ≥ 95% found and half the records screened. */
export function metricsDetermined(found: number, screened: number, n: number, nIncluded: number): boolean {
  return found === nIncluded || (found >= Math.ceil(0.95 * nIncluded) && screened >= Math.round(0.5 * n));
}

/** WSS@r = (N − k)/N − (1 − r), k = records screened when ceil(r·R) relevant have been found. */
export function workSavedOverSampling(cumulative: Int32Array, n: number, nIncluded: number, recall: number): number {
  const target = Math.ceil(recall * nIncluded);
  let k = 0;
  while (cumulative[k] < target) k++;
  return (n - k) / n - (1 - recall);
}

/** Share of relevant records found after screening round(fraction·N) records. */
export function recallAt(cumulative: Int32Array, n: number, nIncluded: number, fraction: number): number {
  return nIncluded === 0 ? 1 : cumulative[Math.round(fraction * n)] / nIncluded;
}

/**
 * Expected metrics of a uniformly random order (exact): the j-th of R relevant records sits at
 * expected position j·(N + 1)/(R + 1), and expected recall after x·N records is x.
 */
export function randomOrderMetrics(n: number, nIncluded: number): OrderMetrics {
  const target = Math.ceil(0.95 * nIncluded);
  const k = (target * (n + 1)) / (nIncluded + 1);
  const at = (x: number) => Math.round(x * n) / n;
  return { n, nIncluded, wss95: (n - k) / n - 0.05, recallAt10pct: at(0.1), recallAt25pct: at(0.25), recallAt50pct: at(0.5) };
}
