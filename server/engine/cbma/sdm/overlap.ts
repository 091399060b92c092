/**
 * Multimodal overlap of two SDM analyses (cbma.md B7), e.g. ReHo and ALFF: a voxel is joint when
 * both analyses are significant there, judged by the combined error p = p1 + p2 − p1·p2 (the
 * probability that at least one of the two findings is a false positive) against the voxel
 * threshold, with both peaks' |z| ≥ peakZ for the cluster. Joint clusters are formed separately
 * for each combination of signs (++, −−, +−, −+) and must reach the cluster extent.
 */
import { type LabelAtlas, labelAtMm } from "../atlas";
import { labelClusters } from "../clusters";
import { unflatIndex, voxelCount, voxelToMm } from "../grid";
import type { SdmResult } from "./fit-sdm";
import { DEFAULT_SDM_THRESHOLD, type SdmThresholdOptions } from "./options";

/** Sign combination of a joint cluster: first analysis, second analysis. */
export type OverlapSigns = "++" | "--" | "+-" | "-+";

/** A joint cluster. */
export interface OverlapCluster {
  id: number;
  signs: OverlapSigns;
  sizeVoxels: number;
  /** Voxel with the smallest combined p (ties: largest min(|z1|, |z2|)). */
  peakMm: [number, number, number];
  combinedP: number;
  z1: number;
  z2: number;
  label: string | null;
}

/** Result of `overlapSdm`. */
export interface OverlapResult {
  /** Combined p per in-mask voxel. */
  combinedP: Float32Array;
  /** Joint-cluster id per in-mask voxel (0: none). */
  clusterLabels: Int32Array;
  clusters: OverlapCluster[];
  /** Joint voxels of all kept clusters. */
  jointVoxels: number;
}

function signsOf(z1: number, z2: number): OverlapSigns {
  return `${z1 > 0 ? "+" : "-"}${z2 > 0 ? "+" : "-"}` as OverlapSigns;
}

/**
 * Overlap of two fits made on the same mask.
 * @throws when the fits have no p maps (permutations = 0) or different masks.
 */
export function overlapSdm(
  a: SdmResult,
  b: SdmResult,
  threshold: Partial<SdmThresholdOptions> = {},
  atlas: LabelAtlas | null = null,
): OverlapResult {
  const t = { ...DEFAULT_SDM_THRESHOLD, ...threshold };
  const sa = a.space;
  const sb = b.space;
  if (sa.nMask !== sb.nMask || sa.mask.indices.some((v, i) => v !== sb.mask.indices[i])) {
    throw new Error(`overlap: the two analyses use different masks (${sa.mask.source}, ${sb.mask.source})`);
  }
  if (!a.null || !b.null) throw new Error("overlap: both analyses need permutation p maps (permutations > 0)");
  const pa = t.correction === "fwe-voxel" ? a.maps.pFwe : a.maps.p;
  const pb = t.correction === "fwe-voxel" ? b.maps.pFwe : b.maps.p;
  const n = sa.nMask;
  const combinedP = new Float32Array(n);
  for (let m = 0; m < n; m++) combinedP[m] = pa[m] + pb[m] - pa[m] * pb[m];
  const clusterLabels = new Int32Array(n);
  const clusters: OverlapCluster[] = [];
  const grid = sa.grid;
  let jointVoxels = 0;
  for (const signs of ["++", "--", "+-", "-+"] as OverlapSigns[]) {
    const score = new Float32Array(voxelCount(grid));
    for (let m = 0; m < n; m++) {
      const z1 = a.maps.z[m];
      const z2 = b.maps.z[m];
      if (z1 !== 0 && z2 !== 0 && combinedP[m] <= t.voxelP && signsOf(z1, z2) === signs) score[sa.mask.indices[m]] = 1;
    }
    const { clusters: found } = labelClusters(grid, score, 0, sa.mask.data);
    for (const voxels of found) {
      if (voxels.length < t.minClusterVoxels) continue;
      let best = -1;
      for (const v of voxels) {
        const m = sa.maskedIndex[v];
        if (best < 0) best = m;
        const strength = Math.min(Math.abs(a.maps.z[m]), Math.abs(b.maps.z[m]));
        const bestStrength = Math.min(Math.abs(a.maps.z[best]), Math.abs(b.maps.z[best]));
        if (combinedP[m] < combinedP[best] || (combinedP[m] === combinedP[best] && strength > bestStrength)) best = m;
      }
      if (Math.abs(a.maps.z[best]) < t.peakZ || Math.abs(b.maps.z[best]) < t.peakZ) continue;
      const peakMm = voxelToMm(grid, unflatIndex(grid, sa.mask.indices[best]));
      const id = clusters.length + 1;
      for (const v of voxels) clusterLabels[sa.maskedIndex[v]] = id;
      jointVoxels += voxels.length;
      clusters.push({
        id,
        signs,
        sizeVoxels: voxels.length,
        peakMm,
        combinedP: combinedP[best],
        z1: a.maps.z[best],
        z2: b.maps.z[best],
        label: atlas ? (labelAtMm(atlas, peakMm)?.name ?? null) : null,
      });
    }
  }
  return { combinedP, clusterLabels, clusters, jointVoxels };
}
