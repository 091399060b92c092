import { describe, expect, it } from "vitest";
import { ClusterLabeler, labelClusters, summarizeClusters } from "./clusters";
import { type Grid, flatIndex } from "./grid";

const grid: Grid = { dims: [6, 5, 4], affine: [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 1]] };
const n = 6 * 5 * 4;
function volume(points: [number, number, number, number][]): Float32Array {
  const v = new Float32Array(n);
  for (const [i, j, k, val] of points) v[flatIndex(grid, i, j, k)] = val;
  return v;
}

describe("6-connectivity cluster labelling (as NiMARE)", () => {
  it("joins face neighbours and separates edge/corner neighbours", () => {
    const v = volume([
      [0, 0, 0, 1], [1, 0, 0, 1], [1, 1, 0, 1], // L-shape through faces: one cluster of 3
      [3, 3, 0, 1], [4, 4, 0, 1], // edge neighbours only: two clusters
      [5, 0, 3, 1], [4, 1, 2, 1], // corner neighbours: two clusters
    ]);
    const { clusters, labels } = labelClusters(grid, v, 0.5);
    expect(clusters.map((c) => c.length)).toEqual([3, 1, 1, 1, 1]);
    expect(labels[flatIndex(grid, 1, 1, 0)]).toBe(1);
    expect(labels[flatIndex(grid, 3, 3, 0)]).not.toBe(labels[flatIndex(grid, 4, 4, 0)]);
  });

  it("uses a strict threshold and respects the mask", () => {
    const v = volume([[2, 2, 2, 0.5], [3, 2, 2, 0.6], [4, 2, 2, 0.7]]);
    expect(labelClusters(grid, v, 0.5).clusters.map((c) => c.length)).toEqual([2]);
    const mask = new Uint8Array(n).fill(1);
    mask[flatIndex(grid, 3, 2, 2)] = 0;
    expect(labelClusters(grid, v, 0.4, mask).clusters.map((c) => c.length)).toEqual([1, 1]);
  });

  it("does not wrap around the volume edges", () => {
    const v = volume([[5, 0, 0, 1], [0, 1, 0, 1]]); // consecutive flat indices 5 and 6
    expect(flatIndex(grid, 0, 1, 0) - flatIndex(grid, 5, 0, 0)).toBe(1);
    expect(labelClusters(grid, v, 0).clusters.length).toBe(2);
  });

  it("a reused labeller gives the same answer as a fresh one (buffers are cleared)", () => {
    const reused = new ClusterLabeler(grid);
    const runs = [
      [[0, 0, 0], [1, 0, 0], [2, 0, 0]],
      [[1, 0, 0], [1, 1, 0]],
      [[0, 0, 0], [2, 0, 0], [4, 0, 0]],
    ] as [number, number, number][][];
    for (const pts of runs) {
      const above = new Uint8Array(n);
      const seeds = Int32Array.from(pts, (p) => flatIndex(grid, ...p));
      for (const s of seeds) above[s] = 1;
      // overwrite the seeds buffer after labelling, as the Monte Carlo loop does
      const count = reused.label(above, seeds);
      const sizes = Array.from({ length: count }, (_, c) => reused.size(c + 1)).sort();
      const fresh = new ClusterLabeler(grid);
      const c2 = fresh.label(above, seeds.slice());
      expect(sizes).toEqual(Array.from({ length: c2 }, (_, c) => fresh.size(c + 1)).sort());
      seeds.fill(0);
    }
  });

  it("summarises size, volume, weighted centre and peaks", () => {
    const v = volume([[1, 1, 1, 1], [2, 1, 1, 3], [3, 1, 1, 1], [4, 1, 1, 2]]);
    const { clusters } = labelClusters(grid, v, 0);
    const [s] = summarizeClusters(grid, v, clusters, { maxPeaks: 3, minPeakDistanceMm: 0 });
    expect(s.sizeVoxels).toBe(4);
    expect(s.volumeMm3).toBe(32);
    expect(s.centerOfMassMm[0]).toBeCloseTo((2 * 1 + 4 * 3 + 6 * 1 + 8 * 2) / 7, 12);
    expect(s.peaks.map((p) => p.value)).toEqual([3, 2]); // local maxima only
    expect(s.peaks[0].mm).toEqual([4, 2, 2]);
  });
});
