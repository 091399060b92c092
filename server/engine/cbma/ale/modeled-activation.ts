/**
 * Modeled activation (MA) maps and the ALE map of the observed data (cbma.md A1, A3, A4).
 */
import { type Grid, mmToVoxel, voxelCount } from "../grid";
import type { Mask } from "../mask";
import type { AleKernel } from "./kernel";

/** An experiment ready for ALE: its kernel and its foci as voxel indices. */
export interface KernelledExperiment {
  kernel: AleKernel;
  /** Voxel (i, j, k) per focus, from `mm2vox` truncation; may lie outside the grid. */
  fociIjk: [number, number, number][];
}

/** Sparse MA map of one experiment: in-mask voxels reached by at least one kernel. */
export interface ExperimentMa {
  /** Flat voxel indices (each once, in no particular order). */
  voxels: Int32Array;
  /** MA value (float32) = max over the experiment's foci of the kernel value. */
  ma: Float32Array;
  /** float32 log1p(−MA). */
  logComplement: Float32Array;
}

/** Voxel indices of MNI foci, exactly as NiMARE's `mm2vox` (truncation). */
export function fociToVoxels(grid: Grid, fociMm: readonly (readonly [number, number, number])[]): [number, number, number][] {
  return fociMm.map((mm) => mmToVoxel(grid, mm));
}

/** Pass 1 of the observed fit: running max of kernel values and min of their log-complements. */
function maxPass(grid: Grid, kernel: AleKernel, f: [number, number, number], maxMa: Float32Array, minLog: Float32Array): void {
  const [nx, ny, nz] = grid.dims;
  const r = kernel.radius;
  const s = kernel.size;
  const [fi, fj, fk] = f;
  const i0 = Math.max(0, fi - r);
  const i1 = Math.min(nx - 1, fi + r);
  for (let k = Math.max(0, fk - r); k <= Math.min(nz - 1, fk + r); k++) {
    for (let j = Math.max(0, fj - r); j <= Math.min(ny - 1, fj + r); j++) {
      const row = nx * (j + ny * k);
      const o = (k - fk + r) * s * s + (j - fj + r) * s - fi + r;
      for (let i = i0; i <= i1; i++) {
        const val = kernel.values[o + i];
        if (val > maxMa[row + i]) {
          maxMa[row + i] = val;
          minLog[row + i] = kernel.logComplement[o + i];
        }
      }
    }
  }
}

/** Pass 2: collects each covered voxel once (in-mask ones kept) and clears the scratch arrays. */
function collectPass(
  grid: Grid,
  radius: number,
  f: [number, number, number],
  mask: Uint8Array,
  maxMa: Float32Array,
  minLog: Float32Array,
  out: { voxels: Int32Array; ma: Float32Array; log: Float32Array; n: number },
): void {
  const [nx, ny, nz] = grid.dims;
  const r = radius;
  const [fi, fj, fk] = f;
  const i0 = Math.max(0, fi - r);
  const i1 = Math.min(nx - 1, fi + r);
  for (let k = Math.max(0, fk - r); k <= Math.min(nz - 1, fk + r); k++) {
    for (let j = Math.max(0, fj - r); j <= Math.min(ny - 1, fj + r); j++) {
      const row = nx * (j + ny * k);
      for (let v = row + i0; v <= row + i1; v++) {
        const ma = maxMa[v];
        if (ma === 0) continue;
        if (mask[v] === 1) {
          out.voxels[out.n] = v;
          out.ma[out.n] = ma;
          out.log[out.n] = minLog[v];
          out.n++;
        }
        maxMa[v] = 0;
        minLog[v] = 0;
      }
    }
  }
}

/**
 * Computes each experiment's sparse MA map (only in-mask voxels, nothing renormalised).
 * Scratch buffers of the grid's size are reused across experiments. Voxel order inside an
 * experiment is irrelevant to every use (each voxel appears once per experiment).
 */
export function computeModeledActivation(grid: Grid, mask: Mask, experiments: KernelledExperiment[]): ExperimentMa[] {
  const n = voxelCount(grid);
  const minLog = new Float32Array(n);
  const maxMa = new Float32Array(n);
  const out = { voxels: new Int32Array(mask.count), ma: new Float32Array(mask.count), log: new Float32Array(mask.count), n: 0 };
  return experiments.map(({ kernel, fociIjk }) => {
    for (const f of fociIjk) maxPass(grid, kernel, f, maxMa, minLog);
    out.n = 0;
    for (const f of fociIjk) collectPass(grid, kernel.radius, f, mask.data, maxMa, minLog, out);
    return { voxels: out.voxels.slice(0, out.n), ma: out.ma.slice(0, out.n), logComplement: out.log.slice(0, out.n) };
  });
}

/**
 * Sum over experiments (in order) of float32 log1p(−MA), in float64 — the ALE exponent.
 * Pass `skip` to leave one experiment out (jackknife, contributions).
 */
export function logComplementSum(grid: Grid, mas: ExperimentMa[], skip = -1): Float64Array {
  const sum = new Float64Array(voxelCount(grid));
  mas.forEach((e, idx) => {
    if (idx === skip) return;
    const { voxels, logComplement } = e;
    for (let t = 0; t < voxels.length; t++) sum[voxels[t]] += logComplement[t];
  });
  return sum;
}

/** ALE map (float32, full grid, 0 outside the mask) from the log-complement sum. */
export function aleFromLogSum(mask: Mask, sum: Float64Array): Float32Array {
  const ale = new Float32Array(sum.length);
  for (const v of mask.indices) ale[v] = sum[v] === 0 ? 0 : 1 - Math.exp(sum[v]);
  return ale;
}
