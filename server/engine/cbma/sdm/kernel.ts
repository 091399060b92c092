/**
 * The unnormalised Gaussian kernel that recreates a study's effect-size map around its peaks
 * (cbma.md B3): value(x) = g_peak · exp(−r²/2σ²), σ = FWHM/(2√(2 ln 2)), so the peak voxel keeps
 * the peak's effect. The kernel is cut at `truncateSigmas`·σ (3σ: the dropped tail is < 1.2 % of
 * the peak), beyond which voxels are imputed as null.
 *
 * Within one study the value of a voxel reached by several peaks is the one of largest magnitude
 * (cbma.md B3 for same-sign peaks; Concord applies the same rule to opposite-sign overlaps, so the
 * stronger/nearer peak wins rather than the two cancelling).
 */
import { type Grid, mmToVoxelContinuous } from "../grid";
import type { SdmSpace } from "./space";

/** Kernel settings. */
export interface KernelOptions {
  /** Full width at half maximum, mm (SDM default 20). */
  fwhmMm: number;
  /** Truncation radius in units of σ. */
  truncateSigmas: number;
}

/** Defaults: FWHM 20 mm (the seed papers), truncated at 3σ. */
export const DEFAULT_KERNEL_OPTIONS: KernelOptions = Object.freeze({ fwhmMm: 20, truncateSigmas: 3 });

const FWHM_TO_SIGMA = 1 / (2 * Math.sqrt(2 * Math.LN2));

/** σ in mm of a FWHM in mm. */
export function fwhmToSigmaMm(fwhmMm: number): number {
  return fwhmMm * FWHM_TO_SIGMA;
}

/** Integer-offset kernel for peaks that sit on voxel centres (relocated peaks). */
export interface VoxelKernel {
  sigmaMm: number;
  radiusMm: number;
  /** Largest |offset| along each axis, voxels. */
  reach: [number, number, number];
  di: Int16Array;
  dj: Int16Array;
  dk: Int16Array;
  /** Flat-index offset of each entry (valid when the whole box is inside the grid). */
  flat: Int32Array;
  weight: Float32Array;
  count: number;
}

function axisReach(grid: Grid, radiusMm: number): [number, number, number] {
  const a = grid.affine;
  // Column norms are the voxel sizes along i, j, k.
  return [0, 1, 2].map((c) => Math.ceil(radiusMm / Math.hypot(a[0][c], a[1][c], a[2][c]))) as [number, number, number];
}

function offsetMm(grid: Grid, di: number, dj: number, dk: number): [number, number, number] {
  const a = grid.affine;
  return [0, 1, 2].map((r) => a[r][0] * di + a[r][1] * dj + a[r][2] * dk) as [number, number, number];
}

/** Builds the integer-offset kernel of a grid. */
export function buildVoxelKernel(grid: Grid, options: KernelOptions = DEFAULT_KERNEL_OPTIONS): VoxelKernel {
  if (!(options.fwhmMm > 0)) throw new Error(`kernel: fwhmMm must be > 0, got ${options.fwhmMm}`);
  const sigmaMm = fwhmToSigmaMm(options.fwhmMm);
  const radiusMm = options.truncateSigmas * sigmaMm;
  const reach = axisReach(grid, radiusMm);
  const [nx, ny] = grid.dims;
  const entries: number[][] = [];
  for (let dk = -reach[2]; dk <= reach[2]; dk++)
    for (let dj = -reach[1]; dj <= reach[1]; dj++)
      for (let di = -reach[0]; di <= reach[0]; di++) {
        const [x, y, z] = offsetMm(grid, di, dj, dk);
        const r2 = x * x + y * y + z * z;
        if (r2 <= radiusMm * radiusMm) entries.push([di, dj, dk, Math.exp(-r2 / (2 * sigmaMm * sigmaMm))]);
      }
  const count = entries.length;
  const kernel: VoxelKernel = {
    sigmaMm,
    radiusMm,
    reach,
    di: new Int16Array(count),
    dj: new Int16Array(count),
    dk: new Int16Array(count),
    flat: new Int32Array(count),
    weight: new Float32Array(count),
    count,
  };
  entries.forEach(([di, dj, dk, w], e) => {
    kernel.di[e] = di;
    kernel.dj[e] = dj;
    kernel.dk[e] = dk;
    kernel.flat[e] = di + nx * (dj + ny * dk);
    kernel.weight[e] = w;
  });
  return kernel;
}

/**
 * Per-study map under construction: a sparse set of masked voxels with the recreated effect.
 * Reused across studies and permutations (no allocation in the hot loop).
 */
export class StudyMapBuilder {
  /** Recreated value per masked voxel (0 = not reached). */
  readonly value: Float32Array;
  /** Masked indices reached so far, `count` of them. */
  readonly touched: Int32Array;
  count = 0;

  constructor(nMask: number) {
    this.value = new Float32Array(nMask);
    this.touched = new Int32Array(nMask);
  }

  /** Offers `v` at masked voxel m; keeps the value of largest magnitude. */
  put(m: number, v: number): void {
    const old = this.value[m];
    if (old === 0) {
      if (v === 0) return;
      this.touched[this.count++] = m;
      this.value[m] = v;
    } else if (Math.abs(v) > Math.abs(old)) {
      this.value[m] = v;
    }
  }

  /** Clears the touched voxels (cost ∝ touched). */
  clear(): void {
    for (let t = 0; t < this.count; t++) this.value[this.touched[t]] = 0;
    this.count = 0;
  }
}

/** Stamps a peak of effect g centred on voxel (i, j, k) (a relocated peak). */
export function stampAtVoxel(
  space: SdmSpace,
  kernel: VoxelKernel,
  i: number,
  j: number,
  k: number,
  g: number,
  out: StudyMapBuilder,
): void {
  if (!(Math.abs(g) > 1e-30)) return;
  const [nx, ny, nz] = space.grid.dims;
  const mi = space.maskedIndex;
  const centre = i + nx * (j + ny * k);
  const [ri, rj, rk] = kernel.reach;
  const inside = i - ri >= 0 && j - rj >= 0 && k - rk >= 0 && i + ri < nx && j + rj < ny && k + rk < nz;
  const { flat, weight, count } = kernel;
  if (inside) {
    // Inlined `out.put` (this loop runs ~10⁶ times per permutation).
    const value = out.value;
    const touched = out.touched;
    let n = out.count;
    const gAbs = g < 0 ? -g : g;
    for (let e = 0; e < count; e++) {
      const m = mi[centre + flat[e]];
      if (m < 0) continue;
      const old = value[m];
      if (old === 0) {
        touched[n++] = m;
        value[m] = g * weight[e];
      } else if (gAbs * weight[e] > (old < 0 ? -old : old)) {
        value[m] = g * weight[e];
      }
    }
    out.count = n;
    return;
  }
  for (let e = 0; e < count; e++) {
    const a = i + kernel.di[e];
    const b = j + kernel.dj[e];
    const c = k + kernel.dk[e];
    if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) continue;
    const m = mi[a + nx * (b + ny * c)];
    if (m >= 0) out.put(m, g * weight[e]);
  }
}

/** Stamps a peak of effect g at an arbitrary MNI position, with exact mm distances. */
export function stampAtMm(
  space: SdmSpace,
  kernel: Pick<VoxelKernel, "sigmaMm" | "radiusMm" | "reach">,
  mm: readonly [number, number, number],
  g: number,
  out: StudyMapBuilder,
): void {
  const grid = space.grid;
  const [nx, ny, nz] = grid.dims;
  const c = mmToVoxelContinuous(grid, mm);
  const base = c.map(Math.round);
  const r2max = kernel.radiusMm * kernel.radiusMm;
  const inv2s2 = 1 / (2 * kernel.sigmaMm * kernel.sigmaMm);
  const [ri, rj, rk] = kernel.reach;
  for (let k = base[2] - rk; k <= base[2] + rk; k++) {
    if (k < 0 || k >= nz) continue;
    for (let j = base[1] - rj; j <= base[1] + rj; j++) {
      if (j < 0 || j >= ny) continue;
      for (let i = base[0] - ri; i <= base[0] + ri; i++) {
        if (i < 0 || i >= nx) continue;
        const m = space.maskedIndex[i + nx * (j + ny * k)];
        if (m < 0) continue;
        const [x, y, z] = offsetMm(grid, i - c[0], j - c[1], k - c[2]);
        const r2 = x * x + y * y + z * z;
        if (r2 <= r2max) out.put(m, g * Math.exp(-r2 * inv2s2));
      }
    }
  }
}

/** Value of a study's recreated map at one MNI position (no maps needed). */
export function recreatedValueAt(
  kernel: Pick<VoxelKernel, "sigmaMm" | "radiusMm">,
  peaks: readonly { mm: readonly [number, number, number]; g: number }[],
  mm: readonly [number, number, number],
): number {
  let best = 0;
  const inv2s2 = 1 / (2 * kernel.sigmaMm * kernel.sigmaMm);
  for (const p of peaks) {
    const r2 = (p.mm[0] - mm[0]) ** 2 + (p.mm[1] - mm[1]) ** 2 + (p.mm[2] - mm[2]) ** 2;
    if (r2 > kernel.radiusMm * kernel.radiusMm) continue;
    const v = p.g * Math.exp(-r2 * inv2s2);
    if (Math.abs(v) > Math.abs(best)) best = v;
  }
  return best;
}
