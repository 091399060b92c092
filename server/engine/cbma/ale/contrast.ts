/**
 * ALE contrast (subtraction) and conjunction between two groups of experiments, as GingerALE
 * (Eickhoff et al. 2011; GingerALE manual):
 *
 * - Conjunction: voxel-wise minimum of the two thresholded main-effect ALE maps.
 * - Contrast: observed difference ALE_A − ALE_B; null by pooling the experiments and splitting them
 *   at random into groups of the original sizes (permutation of group labels). A > B is assessed in
 *   voxels significant in A's main effect, B > A in B's; p = share of permutations whose difference
 *   is at least as extreme (NiMARE convention: no +1, clipped to [1/n, 1 − 1/n]); z = Φ⁻¹(1 − p);
 *   thresholded at p < `pThreshold` with a minimum cluster volume.
 *
 * Main-effect significance: voxels of cluster-level FWE-significant clusters when the results were
 * corrected with `correctFwe`, otherwise voxels above the cluster-forming threshold (a warning says so).
 */
import { type LabelAtlas, labelAtMm } from "../atlas";
import { labelClusters, summarizeClusters } from "../clusters";
import { voxelVolumeMm3 } from "../grid";
import { createRng } from "../rng";
import { pToZOneTailed } from "../stats";
import type { AleResult, Progress } from "./types";

/** Options of `contrastAle`. */
export interface AleContrastOptions {
  permutations: number;
  seed: number;
  /** Uncorrected voxel p for the contrast maps. */
  pThreshold: number;
  /** Minimum cluster volume (mm³) kept in thresholded contrast and conjunction maps. */
  minClusterMm3: number;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

/** GingerALE-style defaults: 10 000 permutations, p < 0.01, clusters ≥ 200 mm³, seed 1. */
export const DEFAULT_ALE_CONTRAST_OPTIONS: AleContrastOptions = Object.freeze({ permutations: 10_000, seed: 1, pThreshold: 0.01, minClusterMm3: 200 });

/** A cluster of a contrast or conjunction map. */
export interface ContrastCluster {
  id: number;
  sizeVoxels: number;
  volumeMm3: number;
  peakMm: [number, number, number];
  peakValue: number;
  label: string | null;
}

/** Result of `contrastAle`. */
export interface AleContrastResult {
  maps: Record<string, Float32Array>;
  tables: { aGreaterB: ContrastCluster[]; bGreaterA: ContrastCluster[]; conjunction: ContrastCluster[] };
  params: Record<string, unknown>;
  provenance: Record<string, unknown>;
  warnings: string[];
}

function significantMask(r: AleResult, name: string, warnings: string[]): Uint8Array {
  const out = new Uint8Array(r.maps.stat.length);
  const labels = r.maps.cluster_labels;
  if (!labels) warnings.push(`group ${name} was not FWE-corrected: its main effect is taken as all voxels above the cluster-forming threshold`);
  for (const v of r.model.mask.indices) out[v] = labels ? (labels[v] > 0 ? 1 : 0) : r.model.clusterLabels[v] > 0 ? 1 : 0;
  return out;
}

function clustersOf(r: AleResult, values: Float32Array, minMm3: number, atlas: LabelAtlas | null): { map: Float32Array; table: ContrastCluster[] } {
  const grid = r.model.grid;
  const { clusters } = labelClusters(grid, values, 0, r.model.mask.data);
  const kept = clusters.filter((c) => c.length * voxelVolumeMm3(grid) >= minMm3);
  const map = new Float32Array(values.length);
  for (const c of kept) for (const v of c) map[v] = values[v];
  const table = summarizeClusters(grid, values, kept, { maxPeaks: 1 }).map((s) => ({
    id: s.id,
    sizeVoxels: s.sizeVoxels,
    volumeMm3: s.volumeMm3,
    peakMm: s.peaks[0].mm,
    peakValue: s.peaks[0].value,
    label: atlas ? (labelAtMm(atlas, s.peaks[0].mm)?.name ?? null) : null,
  }));
  return { map, table };
}

/**
 * Contrast and conjunction of two fitted (ideally FWE-corrected) ALE results on the same mask.
 * Runs in the calling thread, yielding to the event loop every 50 permutations.
 */
export async function contrastAle(a: AleResult, b: AleResult, options: Partial<AleContrastOptions> = {}): Promise<AleContrastResult> {
  const opts: AleContrastOptions = { ...DEFAULT_ALE_CONTRAST_OPTIONS, ...options };
  const mask = a.model.mask;
  if (b.model.mask.count !== mask.count || b.model.mask.source !== mask.source) throw new Error("contrastAle: both results must use the same mask");
  const warnings: string[] = [];
  const sigA = significantMask(a, "A", warnings);
  const sigB = significantMask(b, "B", warnings);
  const n = a.maps.stat.length;

  // Voxels tested: significant in either main effect. Map them to compact indices.
  const tested: number[] = [];
  const compact = new Int32Array(n).fill(-1);
  for (const v of mask.indices) if (sigA[v] || sigB[v]) (compact[v] = tested.length), tested.push(v);
  const m = tested.length;
  const mas = [...a.model.mas, ...b.model.mas].map((e) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (let t = 0; t < e.voxels.length; t++) {
      const c = compact[e.voxels[t]];
      if (c >= 0) (idx.push(c), val.push(e.logComplement[t]));
    }
    return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
  });
  const nA = a.model.mas.length;
  const nTotal = mas.length;
  const diffOf = (inA: Uint8Array, sA: Float64Array, sB: Float64Array, out: Float64Array) => {
    sA.fill(0);
    sB.fill(0);
    for (let e = 0; e < nTotal; e++) {
      const target = inA[e] ? sA : sB;
      const { idx, val } = mas[e];
      for (let t = 0; t < idx.length; t++) target[idx[t]] += val[t];
    }
    for (let c = 0; c < m; c++) out[c] = Math.exp(sB[c]) - Math.exp(sA[c]); // (1 − e^SA) − (1 − e^SB)
  };
  const sA = new Float64Array(m);
  const sB = new Float64Array(m);
  const observed = new Float64Array(m);
  const labels = new Uint8Array(nTotal).fill(0, nA);
  labels.fill(1, 0, nA);
  diffOf(labels, sA, sB, observed);

  const geq = new Int32Array(m);
  const leq = new Int32Array(m);
  const perm = new Float64Array(m);
  const order = Int32Array.from({ length: nTotal }, (_, i) => i);
  const t0 = performance.now();
  for (let t = 0; t < opts.permutations; t++) {
    const rng = createRng(opts.seed, t);
    for (let i = nTotal - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    labels.fill(0);
    for (let i = 0; i < nA; i++) labels[order[i]] = 1;
    diffOf(labels, sA, sB, perm);
    for (let c = 0; c < m; c++) {
      if (perm[c] >= observed[c]) geq[c]++;
      if (perm[c] <= observed[c]) leq[c]++;
    }
    if ((t + 1) % 50 === 0 || t + 1 === opts.permutations) {
      if (opts.signal?.aborted) {
        const err = new Error("ALE contrast cancelled");
        err.name = "AbortError";
        throw err;
      }
      const elapsedS = (performance.now() - t0) / 1000;
      opts.onProgress?.({ fraction: (t + 1) / opts.permutations, done: t + 1, total: opts.permutations, elapsedS, etaS: (elapsedS / (t + 1)) * (opts.permutations - t - 1), stage: "contrast" });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  const np = opts.permutations;
  const clip = (p: number) => Math.min(Math.max(p, 1 / np), 1 - 1 / np);
  const maps = {
    diff: new Float32Array(n),
    pAB: new Float32Array(n).fill(1),
    pBA: new Float32Array(n).fill(1),
    zAB: new Float32Array(n),
    zBA: new Float32Array(n),
    conj: new Float32Array(n),
  };
  for (const v of mask.indices) {
    maps.diff[v] = a.maps.stat[v] - b.maps.stat[v];
    if (sigA[v] && sigB[v]) maps.conj[v] = Math.min(a.maps.stat[v], b.maps.stat[v]);
  }
  tested.forEach((v, c) => {
    const pAB = clip(geq[c] / np);
    const pBA = clip(leq[c] / np);
    if (sigA[v]) maps.pAB[v] = pAB;
    if (sigB[v]) maps.pBA[v] = pBA;
    if (sigA[v] && observed[c] > 0 && pAB < opts.pThreshold) maps.zAB[v] = pToZOneTailed(pAB);
    if (sigB[v] && observed[c] < 0 && pBA < opts.pThreshold) maps.zBA[v] = pToZOneTailed(pBA);
  });
  const atlas = a.model.atlas;
  const ab = clustersOf(a, maps.zAB, opts.minClusterMm3, atlas);
  const ba = clustersOf(a, maps.zBA, opts.minClusterMm3, atlas);
  const conj = clustersOf(a, maps.conj, opts.minClusterMm3, atlas);
  return {
    maps: {
      "stat_desc-AminusB": maps.diff,
      "p_desc-AgtB": maps.pAB,
      "p_desc-BgtA": maps.pBA,
      "z_desc-AgtB_thresholded": ab.map,
      "z_desc-BgtA_thresholded": ba.map,
      "stat_desc-conjunction": conj.map,
    },
    tables: { aGreaterB: ab.table, bGreaterA: ba.table, conjunction: conj.table },
    params: { method: "ALE contrast (GingerALE-style label permutation) and conjunction (minimum statistic)", ...opts, onProgress: undefined, signal: undefined, testedVoxels: m, nA, nB: nTotal - nA },
    provenance: { groupA: a.provenance, groupB: b.provenance, timingsS: { permutations: (performance.now() - t0) / 1000 } },
    warnings,
  };
}
