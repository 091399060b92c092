/**
 * The ALE cluster table: clusters above the cluster-forming threshold with size, mass, weighted
 * centre, peaks (ALE, z), atlas label and per-experiment contributions.
 */
import { type LabelAtlas, labelAtMm } from "../atlas";
import { summarizeClusters } from "../clusters";
import { flatIndex, type Grid } from "../grid";
import type { Experiment } from "../types";
import type { ExperimentMa } from "./modeled-activation";
import type { AleCluster, ClusterContribution } from "./types";

/** Minimum contribution share for an experiment without foci in the cluster to be listed. */
export const MIN_LISTED_CONTRIBUTION = 0.01;

/**
 * Contributions of each experiment to each cluster, NiMARE-Jackknife style: the share of the
 * cluster's summed ALE lost when the experiment is left out. Computed exactly from the sparse MA
 * maps in one pass: ALE without e = 1 − exp(S − log1p(−MA_e)).
 * @param labels - cluster number per voxel (1…nClusters, 0 = none).
 */
export function clusterContributions(
  grid: Grid,
  labels: Int32Array,
  nClusters: number,
  logSum: Float64Array,
  mas: ExperimentMa[],
  experiments: Experiment[],
  fociIjk: [number, number, number][][],
): ClusterContribution[][] {
  const total = new Float64Array(nClusters + 1);
  for (let v = 0; v < labels.length; v++) if (labels[v] > 0) total[labels[v]] += 1 - Math.exp(logSum[v]);
  const rows: ClusterContribution[][] = Array.from({ length: nClusters }, () => []);
  const lost = new Float64Array(nClusters + 1);
  const foci = new Int32Array(nClusters + 1);
  mas.forEach((m, e) => {
    lost.fill(0);
    foci.fill(0);
    for (let t = 0; t < m.voxels.length; t++) {
      const v = m.voxels[t];
      const c = labels[v];
      if (c === 0) continue;
      lost[c] += Math.exp(logSum[v] - m.logComplement[t]) - Math.exp(logSum[v]);
    }
    for (const [i, j, k] of fociIjk[e]) {
      if (i < 0 || j < 0 || k < 0 || i >= grid.dims[0] || j >= grid.dims[1] || k >= grid.dims[2]) continue;
      foci[labels[flatIndex(grid, i, j, k)]]++;
    }
    for (let c = 1; c <= nClusters; c++) {
      const contribution = total[c] > 0 ? lost[c] / total[c] : 0;
      if (foci[c] > 0 || contribution >= MIN_LISTED_CONTRIBUTION) {
        rows[c - 1].push({ experimentId: experiments[e].id, studyLabel: experiments[e].studyLabel, fociInCluster: foci[c], contribution });
      }
    }
  });
  for (const r of rows) r.sort((a, b) => b.contribution - a.contribution);
  return rows;
}

/** Builds the cluster rows from labelled clusters of the ALE map. */
export function buildClusterTable(args: {
  grid: Grid;
  clusters: Int32Array[];
  labels: Int32Array;
  ale: Float32Array;
  z: Float32Array;
  threshold: number;
  logSum: Float64Array;
  mas: ExperimentMa[];
  experiments: Experiment[];
  fociIjk: [number, number, number][][];
  atlas: LabelAtlas | null;
}): AleCluster[] {
  const { grid, clusters, ale, z, threshold, atlas } = args;
  const summaries = summarizeClusters(grid, ale, clusters);
  const contributions = clusterContributions(grid, args.labels, clusters.length, args.logSum, args.mas, args.experiments, args.fociIjk);
  return summaries.map((s, idx) => {
    const voxels = clusters[idx];
    let mass = 0;
    for (const v of voxels) mass += ale[v] - threshold;
    const peaks = s.peaks.map((p) => {
      const v = flatIndex(grid, p.ijk[0], p.ijk[1], p.ijk[2]);
      return { mm: p.mm, ijk: p.ijk, ale: p.value, z: z[v], label: atlas ? (labelAtMm(atlas, p.mm)?.name ?? null) : null };
    });
    return {
      id: s.id,
      sizeVoxels: s.sizeVoxels,
      volumeMm3: s.volumeMm3,
      mass,
      centerOfMassMm: s.centerOfMassMm,
      peaks,
      label: peaks[0]?.label ?? null,
      pFweSize: null,
      pFweMass: null,
      significant: null,
      contributions: contributions[idx],
      jackknifeSurvival: null,
    };
  });
}
