/**
 * The "approximate" (analytic, histogram) ALE null distribution and voxel p-values,
 * exactly as NiMARE 0.20.0 (cbma.md A5, A6).
 */
import type { ExperimentMa } from "./modeled-activation";

/** Histogram bin width (NiMARE `INV_STEP_SIZE = 100000`). */
export const ALE_BIN_STEP = 1e-5;
/** NiMARE's `1 / (bins[1] − bins[0])` = 99999.99999999999, deliberately not 100000 (A5). */
export const ALE_INV_BIN_STEP = 1 / (1 / 100000 - 0);

/** The approximate null of one analysis. */
export interface AleNull {
  /** Number of bins; bin k holds ALE values [k·1e-5, (k+1)·1e-5) (truncation). */
  nBins: number;
  /** Un-normalised weights (NiMARE `histweights_corr-none_method-approximate`). */
  weights: Float64Array;
  /** Normalised upper-tail mass: reverse cumulative sum divided by its maximum. */
  upperTail: Float64Array;
  /** Smallest non-zero value of `upperTail` (floor of reported p). */
  minP: number;
}

/** Bin value k/100000 (NiMARE `np.round(np.arange(…), 5)`). */
export function binValue(k: number): number {
  return k / 100000;
}

/**
 * Number of bins from each experiment's maximum MA value (A5 "Bin grid"): round each maximum up
 * to the grid (float32), maximum possible ALE = 1 − Π(1 − max) in float32, bins up to it + 1.5 steps.
 */
export function aleBinCount(maxMaPerExperiment: ArrayLike<number>): number {
  let prod = Math.fround(1);
  for (let e = 0; e < maxMaPerExperiment.length; e++) {
    const up = Math.fround(Math.ceil(Math.fround(Math.fround(maxMaPerExperiment[e]) * 100000)) / 100000);
    prod = Math.fround(prod * Math.fround(1 - up));
  }
  const maxPossible = Math.fround(1 - prod);
  const stop = Math.fround(maxPossible + 1.5 * ALE_BIN_STEP);
  return Math.ceil(stop / ALE_BIN_STEP);
}

/** One experiment's MA histogram over all mask voxels, as probabilities (A5 per-experiment). */
export function experimentHistogram(ma: ExperimentMa, maskCount: number, nBins: number): Float64Array {
  const hist = new Float64Array(nBins);
  const values = ma.ma;
  for (let t = 0; t < values.length; t++) {
    let b = Math.trunc(values[t] * ALE_INV_BIN_STEP);
    if (b > nBins - 1) b = nBins - 1;
    hist[b] += 1;
  }
  hist[0] += maskCount - values.length;
  const scale = 1 / maskCount;
  for (let b = 0; b < nBins; b++) hist[b] *= scale;
  return hist;
}

function nonZero(hist: Float64Array): { complement: Float64Array; prob: Float64Array } {
  const idx: number[] = [];
  for (let b = 0; b < hist.length; b++) if (hist[b] > 0) idx.push(b);
  return {
    complement: Float64Array.from(idx, (b) => 1.0 - binValue(b)),
    prob: Float64Array.from(idx, (b) => hist[b]),
  };
}

/** Combines the running ALE histogram with one more experiment's histogram (A5 combination). */
export function combineHistograms(ale: Float64Array, exp: Float64Array): Float64Array {
  const nBins = ale.length;
  const out = new Float64Array(nBins);
  const e = nonZero(exp);
  const a = nonZero(ale);
  const last = nBins - 1;
  const ac = a.complement;
  const ap = a.prob;
  const na = ap.length;
  for (let x = 0; x < e.prob.length; x++) {
    const ce = e.complement[x];
    const pe = e.prob[x];
    for (let y = 0; y < na; y++) {
      // scores lie in [0, 1): `| 0` truncates like NiMARE's int() and is faster than Math.trunc.
      let b = ((1.0 - ce * ac[y]) * ALE_INV_BIN_STEP) | 0;
      if (b > last) b = last;
      out[b] += pe * ap[y];
    }
  }
  return out;
}

/** Builds the approximate null from the experiments' MA maps. */
export function approximateNull(mas: ExperimentMa[], maskCount: number): AleNull {
  const maxMa = mas.map((m) => m.ma.reduce((acc, v) => (v > acc ? v : acc), 0));
  const nBins = aleBinCount(maxMa);
  let weights: Float64Array | null = null;
  for (const m of mas) {
    const h = experimentHistogram(m, maskCount, nBins);
    weights = weights === null ? h : combineHistograms(weights, h);
  }
  if (!weights) throw new Error("approximateNull: no experiments");
  return nullFromWeights(weights);
}

/** Normalises histogram weights into the upper-tail table used for p lookups. */
export function nullFromWeights(weights: Float64Array): AleNull {
  const nBins = weights.length;
  let total = 0;
  for (let b = 0; b < nBins; b++) total += weights[b];
  const upperTail = new Float64Array(nBins);
  let acc = 0;
  for (let b = nBins - 1; b >= 0; b--) {
    acc += weights[b] / total;
    upperTail[b] = acc;
  }
  let max = 0;
  for (let b = 0; b < nBins; b++) if (upperTail[b] > max) max = upperTail[b];
  let minP = Infinity;
  for (let b = 0; b < nBins; b++) {
    upperTail[b] /= max;
    if (upperTail[b] > 0 && upperTail[b] < minP) minP = upperTail[b];
  }
  return { nBins, weights, upperTail, minP };
}

/** NiMARE `_round2`: round to nearest, exact halves away from zero (x ≥ 0 here). */
function roundHalfUp(x: number): number {
  const f = Math.floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

/**
 * p and z lookups per bin, so that a whole map needs no quantile evaluation per voxel.
 * `zOfBin[b]` = NiMARE z of `max(upperTail[b], minP)`.
 */
export function zTable(nul: AleNull, pToZ: (p: number) => number): Float32Array {
  const z = new Float32Array(nul.nBins);
  for (let b = 0; b < nul.nBins; b++) z[b] = pToZ(Math.min(1, Math.max(nul.upperTail[b], nul.minP)));
  return z;
}

/** Bin index used for the p lookup of an ALE value > 0. */
export function pLookupBin(ale: number, nul: AleNull): number {
  const b = roundHalfUp(ale * ALE_INV_BIN_STEP);
  return b > nul.nBins - 1 ? nul.nBins - 1 : b;
}

/** Uncorrected p of an ALE value (A5 p-values): rounded bin lookup, 1 for ALE = 0. */
export function aleToP(ale: number, nul: AleNull): number {
  if (!(ale > 0)) return 1;
  const p = nul.upperTail[pLookupBin(ale, nul)];
  return Math.min(1, Math.max(p, nul.minP));
}

/**
 * ALE value corresponding to an uncorrected p (A6): `bins[first k with tail ≤ p − 1]`.
 * Voxels with ALE strictly above it form clusters.
 */
export function pToAleThreshold(p: number, nul: AleNull): number {
  let first = nul.nBins; // none ≤ p: NiMARE would fail; the last bin is the conservative choice
  for (let b = 0; b < nul.nBins; b++) {
    if (nul.upperTail[b] <= p) {
      first = b;
      break;
    }
  }
  const idx = Math.max(0, first) - 1;
  return binValue(idx < 0 ? nul.nBins - 1 : Math.min(idx, nul.nBins - 1));
}
