/**
 * Connected-component labelling of thresholded volumes and cluster summaries.
 *
 * Connectivity is 6 (faces only), as NiMARE's `ndimage.generate_binary_structure(3, 1)`
 * (cbma.md A7). Clusters are numbered 1…n by decreasing size (ties: first voxel in C order, as scipy).
 */
import { type Grid, voxelCount, voxelToMm, voxelVolumeMm3, unflatIndex } from "./grid";

/**
 * Reusable 6-connectivity labeller. Buffers are allocated once per grid, so the Monte Carlo loop
 * can label thousands of maps without garbage. Not thread-safe: one instance per worker.
 */
export class ClusterLabeler {
  readonly grid: Grid;
  /** Component id per voxel (0 = none), valid for the voxels of the last `label` call. */
  readonly component: Int32Array;
  /** Voxels of all components, grouped: component c occupies `order[start[c] .. start[c]+size[c])`. */
  readonly order: Int32Array;
  private starts: number[] = [];
  private sizes: number[] = [];
  /** Number of voxels labelled by the previous call (they occupy `order[0 .. labelled)`). */
  private labelled = 0;

  constructor(grid: Grid) {
    this.grid = grid;
    const n = voxelCount(grid);
    this.component = new Int32Array(n);
    this.order = new Int32Array(n);
  }

  /**
   * Labels the components formed by voxels with `above[v] === 1`.
   * @param above - 1 for supra-threshold voxels (must be 0 outside the mask).
   * @param seeds - the flat indices where `above` is 1 (any order), `seedCount` of them.
   * @returns number of components; sizes via `size(c)`, voxels via `voxels(c)` (c = 1…n, in discovery order).
   */
  label(above: Uint8Array, seeds: Int32Array, seedCount = seeds.length): number {
    this.reset();
    const [nx, ny, nz] = this.grid.dims;
    const nxy = nx * ny;
    const comp = this.component;
    const order = this.order;
    let tail = 0;
    this.starts = [0];
    this.sizes = [0];
    for (let s = 0; s < seedCount; s++) {
      const seed = seeds[s];
      if (comp[seed] !== 0 || above[seed] !== 1) continue;
      const id = this.starts.length;
      const start = tail;
      comp[seed] = id;
      order[tail++] = seed;
      for (let head = start; head < tail; head++) {
        const v = order[head];
        const i = v % nx;
        const j = ((v - i) / nx) % ny;
        const k = (v - i - nx * j) / nxy;
        if (i > 0 && above[v - 1] === 1 && comp[v - 1] === 0) (comp[v - 1] = id), (order[tail++] = v - 1);
        if (i < nx - 1 && above[v + 1] === 1 && comp[v + 1] === 0) (comp[v + 1] = id), (order[tail++] = v + 1);
        if (j > 0 && above[v - nx] === 1 && comp[v - nx] === 0) (comp[v - nx] = id), (order[tail++] = v - nx);
        if (j < ny - 1 && above[v + nx] === 1 && comp[v + nx] === 0) (comp[v + nx] = id), (order[tail++] = v + nx);
        if (k > 0 && above[v - nxy] === 1 && comp[v - nxy] === 0) (comp[v - nxy] = id), (order[tail++] = v - nxy);
        if (k < nz - 1 && above[v + nxy] === 1 && comp[v + nxy] === 0) (comp[v + nxy] = id), (order[tail++] = v + nxy);
      }
      this.starts.push(start);
      this.sizes.push(tail - start);
    }
    this.labelled = tail;
    return this.starts.length - 1;
  }

  /** Size in voxels of component c (1-based). */
  size(c: number): number {
    return this.sizes[c];
  }

  /** Flat indices of component c (a view into the shared buffer; copy before the next `label`). */
  voxels(c: number): Int32Array {
    return this.order.subarray(this.starts[c], this.starts[c] + this.sizes[c]);
  }

  /** Clears the component ids set by the previous call (cost ∝ labelled voxels). */
  private reset(): void {
    for (let t = 0; t < this.labelled; t++) this.component[this.order[t]] = 0;
    this.labelled = 0;
  }
}

/** Labelled clusters of one volume. */
export interface ClusterLabels {
  /** Cluster number per voxel: 0 = none, 1 = largest … n = smallest. */
  labels: Int32Array;
  /** Voxel flat indices of each cluster (index 0 ↔ cluster 1). */
  clusters: Int32Array[];
}

/**
 * Labels the voxels with `values[v] > threshold` (strict, as NiMARE) inside `mask`
 * (a 0/1 array; all voxels when omitted) with 6-connectivity.
 */
export function labelClusters(
  grid: Grid,
  values: ArrayLike<number>,
  threshold: number,
  mask?: Uint8Array,
): ClusterLabels {
  const n = voxelCount(grid);
  if (values.length !== n) throw new Error(`labelClusters: ${values.length} values for a grid of ${n}`);
  const above = new Uint8Array(n);
  const seeds: number[] = [];
  for (let v = 0; v < n; v++) {
    if ((mask === undefined || mask[v] === 1) && values[v] > threshold) {
      above[v] = 1;
      seeds.push(v);
    }
  }
  const labeler = new ClusterLabeler(grid);
  const count = labeler.label(above, Int32Array.from(seeds));
  const found: Int32Array[] = [];
  for (let c = 1; c <= count; c++) found.push(labeler.voxels(c).slice().sort());
  // Ties in size: first voxel in C order (i slowest), which is how scipy's ndimage.label numbers
  // clusters, so equal-sized clusters come out in NiMARE's order.
  const [nx, ny, nz] = grid.dims;
  const cOrder = (v: number) => {
    const i = v % nx;
    const j = ((v - i) / nx) % ny;
    const k = (v - i - nx * j) / (nx * ny);
    return (i * ny + j) * nz + k;
  };
  const firstC = new Map(found.map((c) => [c, c.reduce((m, v) => Math.min(m, cOrder(v)), Infinity)]));
  found.sort((a, b) => b.length - a.length || firstC.get(a)! - firstC.get(b)!);
  const labels = new Int32Array(n);
  found.forEach((voxels, idx) => {
    for (const v of voxels) labels[v] = idx + 1;
  });
  return { labels, clusters: found };
}

/** A local maximum inside a cluster. */
export interface ClusterPeak {
  ijk: [number, number, number];
  mm: [number, number, number];
  value: number;
}

/** Geometric summary of one cluster. */
export interface ClusterSummary {
  /** 1-based cluster number (1 = largest). */
  id: number;
  sizeVoxels: number;
  volumeMm3: number;
  /** Centre of mass in mm, weighted by the statistic (GingerALE's "weighted centre"). */
  centerOfMassMm: [number, number, number];
  /** Highest peak first; sub-peaks at least `minPeakDistanceMm` apart. */
  peaks: ClusterPeak[];
}

/** Options of `summarizeClusters`. */
export interface ClusterSummaryOptions {
  /** Maximum number of peaks listed per cluster. */
  maxPeaks: number;
  /** Minimum distance between listed peaks, mm. */
  minPeakDistanceMm: number;
}

/** Defaults: 3 peaks per cluster, 8 mm apart (as nilearn's cluster tables used by NiMARE). */
export const DEFAULT_CLUSTER_SUMMARY_OPTIONS: ClusterSummaryOptions = Object.freeze({ maxPeaks: 3, minPeakDistanceMm: 8 });

function isLocalMax(grid: Grid, values: ArrayLike<number>, member: Set<number>, v: number): boolean {
  const [i, j, k] = unflatIndex(grid, v);
  const [nx, ny, nz] = grid.dims;
  for (let dk = -1; dk <= 1; dk++)
    for (let dj = -1; dj <= 1; dj++)
      for (let di = -1; di <= 1; di++) {
        if (di === 0 && dj === 0 && dk === 0) continue;
        if (i + di < 0 || j + dj < 0 || k + dk < 0 || i + di >= nx || j + dj >= ny || k + dk >= nz) continue;
        const w = i + di + nx * (j + dj + ny * (k + dk));
        if (member.has(w) && values[w] > values[v]) return false;
      }
  return true;
}

/** Summarises each cluster: size, volume, weighted centre of mass, peaks. */
export function summarizeClusters(
  grid: Grid,
  values: ArrayLike<number>,
  clusters: Int32Array[],
  options: Partial<ClusterSummaryOptions> = {},
): ClusterSummary[] {
  const opts = { ...DEFAULT_CLUSTER_SUMMARY_OPTIONS, ...options };
  const vol = voxelVolumeMm3(grid);
  return clusters.map((voxels, idx) => {
    let w = 0;
    const com = [0, 0, 0];
    for (const v of voxels) {
      const mm = voxelToMm(grid, unflatIndex(grid, v));
      const weight = values[v];
      w += weight;
      for (let a = 0; a < 3; a++) com[a] += weight * mm[a];
    }
    const member = new Set(voxels);
    const candidates = Array.from(voxels)
      .filter((v) => isLocalMax(grid, values, member, v))
      .sort((a, b) => values[b] - values[a] || a - b);
    const peaks: ClusterPeak[] = [];
    for (const v of candidates) {
      if (peaks.length >= opts.maxPeaks) break;
      const ijk = unflatIndex(grid, v);
      const mm = voxelToMm(grid, ijk);
      if (peaks.some((p) => Math.hypot(p.mm[0] - mm[0], p.mm[1] - mm[1], p.mm[2] - mm[2]) < opts.minPeakDistanceMm)) continue;
      peaks.push({ ijk, mm, value: values[v] });
    }
    return {
      id: idx + 1,
      sizeVoxels: voxels.length,
      volumeMm3: voxels.length * vol,
      centerOfMassMm: com.map((c) => (w > 0 ? c / w : NaN)) as [number, number, number],
      peaks,
    };
  });
}
