/**
 * Thresholding of a signed z map into positive and negative clusters (cbma.md B6): voxels with
 * p ≤ voxelP, labelled separately by sign with 6-connectivity; a cluster is kept when it has at
 * least `minClusterVoxels` voxels and its peak reaches |z| ≥ peakZ.
 */
import { ClusterLabeler, summarizeClusters } from "../clusters";
import { type Grid, unflatIndex, voxelCount, voxelToMm, voxelVolumeMm3 } from "../grid";
import type { SdmThresholdOptions } from "./options";
import type { SdmSpace } from "./space";

/** A supra-threshold cluster of one sign. */
export interface FoundCluster {
  sign: 1 | -1;
  /** Volume flat indices of the voxels (ascending). */
  voxels: Int32Array;
  sizeVoxels: number;
  volumeMm3: number;
  /** Voxel of largest |z| (ties: lowest index). */
  peakVoxel: number;
  peakMasked: number;
  peakMm: [number, number, number];
  peakZ: number;
  centerOfMassMm: [number, number, number];
  /** Up to 3 local maxima ≥ 8 mm apart (highest first), signed z. */
  subPeaks: { mm: [number, number, number]; z: number }[];
  /** Voxel of largest pooled effect (in the cluster's direction), when an effect map was given. */
  effectPeakMm: [number, number, number] | null;
  effectPeak: number | null;
}

function clustersOfSign(space: SdmSpace, z: Float32Array, p: Float32Array, t: SdmThresholdOptions, sign: 1 | -1, labeler: ClusterLabeler, effect?: Float32Array): FoundCluster[] {
  const grid: Grid = space.grid;
  const n = voxelCount(grid);
  const above = new Uint8Array(n);
  const signed = new Float32Array(n);
  const seeds: number[] = [];
  const idx = space.mask.indices;
  for (let m = 0; m < space.nMask; m++) {
    const s = sign * z[m];
    if (s > 0 && p[m] <= t.voxelP) {
      above[idx[m]] = 1;
      signed[idx[m]] = s;
      seeds.push(idx[m]);
    }
  }
  const count = labeler.label(above, Int32Array.from(seeds));
  const found: Int32Array[] = [];
  for (let c = 1; c <= count; c++) {
    if (labeler.size(c) >= t.minClusterVoxels) found.push(labeler.voxels(c).slice().sort());
  }
  found.sort((a, b) => b.length - a.length || a[0] - b[0]);
  const summaries = summarizeClusters(grid, signed, found);
  const out: FoundCluster[] = [];
  found.forEach((voxels, c) => {
    let peak = voxels[0];
    for (const v of voxels) if (signed[v] > signed[peak]) peak = v;
    if (signed[peak] < t.peakZ) return;
    let effectPeak = -1;
    if (effect) {
      for (const v of voxels) {
        const m = space.maskedIndex[v];
        if (effectPeak < 0 || sign * effect[m] > sign * effect[effectPeak]) effectPeak = m;
      }
    }
    out.push({
      sign,
      voxels,
      sizeVoxels: voxels.length,
      volumeMm3: voxels.length * voxelVolumeMm3(grid),
      peakVoxel: peak,
      peakMasked: space.maskedIndex[peak],
      peakMm: voxelToMm(grid, unflatIndex(grid, peak)),
      peakZ: sign * signed[peak],
      centerOfMassMm: summaries[c].centerOfMassMm,
      subPeaks: summaries[c].peaks.map((pk) => ({ mm: pk.mm, z: sign * pk.value })),
      effectPeakMm: effectPeak >= 0 ? voxelToMm(grid, unflatIndex(grid, space.mask.indices[effectPeak])) : null,
      effectPeak: effectPeak >= 0 ? effect![effectPeak] : null,
    });
  });
  return out;
}

/**
 * Positive clusters (largest first), then negative clusters (largest first).
 * @param effect - optional pooled-effect map, to locate each cluster's largest effect too.
 */
export function findClusters(space: SdmSpace, z: Float32Array, p: Float32Array, threshold: SdmThresholdOptions, effect?: Float32Array): FoundCluster[] {
  const labeler = new ClusterLabeler(space.grid);
  return [...clustersOfSign(space, z, p, threshold, 1, labeler, effect), ...clustersOfSign(space, z, p, threshold, -1, labeler, effect)];
}
