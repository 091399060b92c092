/**
 * Voxel grids: dimensions, affine, mm ↔ voxel conversion and flat indices.
 *
 * Flat index convention (used by every volume in the engine): NIfTI storage order, i fastest:
 * `index = i + nx * (j + ny * k)`. So a volume read from a .nii file is used as is.
 */

/** A 4×4 affine as rows, voxel (i, j, k, 1) → world mm (x, y, z, 1). */
export type Affine = readonly [readonly number[], readonly number[], readonly number[], readonly number[]];

/** A regular 3-D voxel grid. */
export interface Grid {
  readonly dims: readonly [number, number, number];
  readonly affine: Affine;
}

/**
 * NiMARE's `mni152_2mm` grid: 91×109×91, 2 mm, affine diag(+2, 2, 2), origin (−90, −126, −72).
 * Voxel index i grows with +x (RAS storage), as in `tpl-MNI152NLin6Asym_res-02_desc-brain_mask`.
 */
export const MNI152_2MM: Grid = Object.freeze({
  dims: [91, 109, 91] as const,
  affine: [
    [2, 0, 0, -90],
    [0, 2, 0, -126],
    [0, 0, 2, -72],
    [0, 0, 0, 1],
  ] as const,
});

/** Number of voxels of the grid. */
export function voxelCount(grid: Grid): number {
  return grid.dims[0] * grid.dims[1] * grid.dims[2];
}

/** Flat index of voxel (i, j, k) (no bounds check). */
export function flatIndex(grid: Grid, i: number, j: number, k: number): number {
  return i + grid.dims[0] * (j + grid.dims[1] * k);
}

/** (i, j, k) of a flat index. */
export function unflatIndex(grid: Grid, index: number): [number, number, number] {
  const nx = grid.dims[0];
  const ny = grid.dims[1];
  const i = index % nx;
  const rest = (index - i) / nx;
  const j = rest % ny;
  return [i, j, (rest - j) / ny];
}

/** True when (i, j, k) lies inside the grid. */
export function inGrid(grid: Grid, i: number, j: number, k: number): boolean {
  return i >= 0 && j >= 0 && k >= 0 && i < grid.dims[0] && j < grid.dims[1] && k < grid.dims[2];
}

/** Inverse of a 4×4 affine (general, by cofactors of the 3×3 part). */
export function invertAffine(a: Affine): Affine {
  const [r0, r1, r2] = a;
  const m00 = r0[0], m01 = r0[1], m02 = r0[2];
  const m10 = r1[0], m11 = r1[1], m12 = r1[2];
  const m20 = r2[0], m21 = r2[1], m22 = r2[2];
  const c00 = m11 * m22 - m12 * m21;
  const c01 = m02 * m21 - m01 * m22;
  const c02 = m01 * m12 - m02 * m11;
  const det = m00 * c00 + m10 * c01 + m20 * c02;
  if (det === 0 || !Number.isFinite(det)) throw new Error("affine is singular");
  const inv = [
    [c00 / det, c01 / det, c02 / det],
    [(m12 * m20 - m10 * m22) / det, (m00 * m22 - m02 * m20) / det, (m02 * m10 - m00 * m12) / det],
    [(m10 * m21 - m11 * m20) / det, (m01 * m20 - m00 * m21) / det, (m00 * m11 - m01 * m10) / det],
  ];
  const t = [r0[3], r1[3], r2[3]];
  const rows = inv.map((row) => [...row, -(row[0] * t[0] + row[1] * t[1] + row[2] * t[2])]);
  return [rows[0], rows[1], rows[2], [0, 0, 0, 1]];
}

const inverseCache = new WeakMap<Affine, Affine>();
function cachedInverse(a: Affine): Affine {
  let inv = inverseCache.get(a);
  if (!inv) {
    inv = invertAffine(a);
    inverseCache.set(a, inv);
  }
  return inv;
}

/** Continuous voxel coordinates of a world point (inv(affine) applied, no rounding). */
export function mmToVoxelContinuous(grid: Grid, mm: readonly [number, number, number]): [number, number, number] {
  const inv = cachedInverse(grid.affine);
  const [x, y, z] = mm;
  return [0, 1, 2].map((r) => inv[r][0] * x + inv[r][1] * y + inv[r][2] * z + inv[r][3]) as [number, number, number];
}

/**
 * Voxel index of a world point exactly as NiMARE's `mm2vox`: `apply_affine(inv(affine), xyz).astype(int)`,
 * i.e. **truncation toward zero**, not rounding (cbma.md A1). May fall outside the grid.
 */
export function mmToVoxel(grid: Grid, mm: readonly [number, number, number]): [number, number, number] {
  const c = mmToVoxelContinuous(grid, mm);
  // `+ 0` turns −0 (trunc of −0.5) into 0.
  return [Math.trunc(c[0]) + 0, Math.trunc(c[1]) + 0, Math.trunc(c[2]) + 0];
}

/** World mm of a voxel centre. */
export function voxelToMm(grid: Grid, ijk: readonly [number, number, number]): [number, number, number] {
  const a = grid.affine;
  const [i, j, k] = ijk;
  return [0, 1, 2].map((r) => a[r][0] * i + a[r][1] * j + a[r][2] * k + a[r][3]) as [number, number, number];
}

/** Voxel volume in mm³ (|det| of the 3×3 part). */
export function voxelVolumeMm3(grid: Grid): number {
  const [r0, r1, r2] = grid.affine;
  const det =
    r0[0] * (r1[1] * r2[2] - r1[2] * r2[1]) - r0[1] * (r1[0] * r2[2] - r1[2] * r2[0]) + r0[2] * (r1[0] * r2[1] - r1[1] * r2[0]);
  return Math.abs(det);
}

/** Voxel edge lengths (norms of the affine's columns), as NIfTI `pixdim`. */
export function voxelSizesMm(grid: Grid): [number, number, number] {
  const a = grid.affine;
  return [0, 1, 2].map((c) => Math.hypot(a[0][c], a[1][c], a[2][c])) as [number, number, number];
}

/** True when two grids have the same dimensions and affines equal within `toleranceMm`. */
export function sameGrid(a: Grid, b: Grid, toleranceMm = 1e-4): boolean {
  if (a.dims[0] !== b.dims[0] || a.dims[1] !== b.dims[1] || a.dims[2] !== b.dims[2]) return false;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) if (Math.abs(a.affine[r][c] - b.affine[r][c]) > toleranceMm) return false;
  }
  return true;
}

/** Human-readable description of a grid for error messages. */
export function describeGrid(grid: Grid): string {
  const a = grid.affine;
  const diag = `diag(${a[0][0]}, ${a[1][1]}, ${a[2][2]})`;
  return `${grid.dims.join("×")}, affine ${diag}, origin (${a[0][3]}, ${a[1][3]}, ${a[2][3]})`;
}
