/**
 * Fixed geometry of the slab-wise Monte Carlo: the mask's bounding box, the mask as runs of
 * consecutive voxels per z-slab, and where each buffer lives in the wasm memory.
 */
import type { MonteCarloPlan } from "./monte-carlo-core";

/** Geometry and byte addresses (all 16-byte aligned) of the slab buffers. */
export interface SlabLayout {
  nx: number;
  ny: number;
  nxy: number;
  /** Bounding box of the mask: voxels outside it are never read, so nothing is accumulated there. */
  box: { i0: number; i1: number; j0: number; j1: number; k0: number; k1: number };
  /** In-mask runs as pairs of byte addresses [start, end) into the slab sums (slab at byte 0). */
  runs: Int32Array;
  /** Runs of slab k: pairs `runStart[k] … runStart[k + 1])`. */
  runStart: Int32Array;
  /** float32 buffer of one experiment's per-voxel minimum (0 = untouched), nx·ny. */
  expAddr: number;
  /** float32 log-complements of kernel q. */
  kernelAddr: Int32Array;
  runsAddr: number;
  /** int32 output of a slab scan, nx·ny. */
  foundAddr: number;
  /** float64 minimum of a slab scan. */
  minOutAddr: number;
  bytes: number;
}

const align = (b: number) => Math.ceil(b / 16) * 16;

/** Lays out the slab buffers for `plan`; checks that the mask indices are ascending. */
export function slabLayout(plan: MonteCarloPlan): SlabLayout {
  const [nx, ny, nz] = plan.dims;
  const nxy = nx * ny;
  const mi = plan.maskIndices;
  if (mi.length === 0) throw new Error("Monte Carlo plan: empty mask");
  const box = { i0: nx, i1: -1, j0: ny, j1: -1, k0: nz, k1: -1 };
  const runs: number[] = [];
  const runStart = new Int32Array(nz + 1);
  for (let m = 0; m < mi.length; m++) {
    const v = mi[m];
    // Candidates must come out in ascending voxel order: cluster masses are summed in labelling order.
    if (m > 0 && v <= mi[m - 1]) throw new Error(`Monte Carlo plan: maskIndices must be ascending (index ${m})`);
    const i = v % nx;
    const j = ((v - i) / nx) % ny;
    const k = (v - i - nx * j) / nxy;
    box.i0 = Math.min(box.i0, i);
    box.i1 = Math.max(box.i1, i);
    box.j0 = Math.min(box.j0, j);
    box.j1 = Math.max(box.j1, j);
    box.k0 = Math.min(box.k0, k);
    box.k1 = Math.max(box.k1, k);
    const p = v - k * nxy;
    if (m > 0 && v === mi[m - 1] + 1 && p > 0) runs[runs.length - 1] = 8 * (p + 1);
    else {
      runs.push(8 * p, 8 * (p + 1));
      runStart[k + 1] = runs.length / 2;
    }
  }
  for (let k = 1; k <= nz; k++) runStart[k] = Math.max(runStart[k], runStart[k - 1]);
  const expAddr = align(8 * nxy);
  let bytes = align(expAddr + 4 * nxy);
  const kernelAddr = new Int32Array(plan.kernels.length);
  plan.kernels.forEach((kernel, q) => {
    kernelAddr[q] = bytes;
    bytes = align(bytes + 4 * kernel.logComplement.length);
  });
  const runsAddr = bytes;
  const foundAddr = align(runsAddr + 4 * runs.length);
  const minOutAddr = align(foundAddr + 4 * nxy);
  return { nx, ny, nxy, box, runs: Int32Array.from(runs), runStart, expAddr, kernelAddr, runsAddr, foundAddr, minOutAddr, bytes: minOutAddr + 16 };
}
