/**
 * p values from the permutation null.
 *
 * Uncorrected (two-tailed): p(z) = (1 + #{null |z| ≥ |z_obs|}) / (1 + #null), the null being all
 * voxels of all permutations (cbma.md B5). Counted by |z| bin, so null values in the same 0.001-wide
 * bin as the observed value count as "≥": p is conservative by at most one bin's mass.
 * FWE (voxel level): p(z) = (1 + #{permutations with max |z| ≥ |z_obs|}) / (1 + N), which keeps the
 * family-wise error rate at or below the nominal level (exchangeability under the null).
 */
import type { PermutationNull } from "./permutation-pool";

/** Fast lookups built once from a permutation null. */
export class NullLookup {
  readonly iterations: number;
  private readonly tail: Float64Array;
  private readonly total: number;
  private readonly binWidth: number;
  private readonly sortedMax: Float64Array;

  constructor(nullDist: PermutationNull) {
    const h = nullDist.histogram;
    this.tail = new Float64Array(h.length + 1);
    for (let b = h.length - 1; b >= 0; b--) this.tail[b] = this.tail[b + 1] + h[b];
    this.total = this.tail[0];
    this.binWidth = nullDist.histogramSpec.binWidth;
    this.sortedMax = Float64Array.from(nullDist.maxAbsZ).sort();
    this.iterations = nullDist.iterations;
  }

  /** Two-tailed uncorrected p of an observed z. */
  uncorrectedP(z: number): number {
    if (this.total === 0) return Number.NaN;
    const b = Math.min(this.tail.length - 2, Math.floor(Math.abs(z) / this.binWidth));
    return (1 + this.tail[b]) / (1 + this.total);
  }

  /** Voxel-level FWE p of an observed z. */
  fweP(z: number): number {
    const n = this.sortedMax.length;
    if (n === 0) return Number.NaN;
    const a = Math.abs(z);
    // First index with max ≥ a.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sortedMax[mid] < a) lo = mid + 1;
      else hi = mid;
    }
    return (1 + n - lo) / (1 + n);
  }

  /** Smallest |z| whose uncorrected p is ≤ `p` (the voxel threshold in z units), or Infinity. */
  zForUncorrectedP(p: number): number {
    for (let b = 0; b < this.tail.length - 1; b++) {
      if ((1 + this.tail[b]) / (1 + this.total) <= p) return b * this.binWidth;
    }
    return Number.POSITIVE_INFINITY;
  }
}
