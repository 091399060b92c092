/**
 * The analysis space: a mask on a grid plus the lookup tables the hot loops need.
 * Voxel-wise arrays of the SDM engine are indexed by position in `mask.indices` ("masked index").
 */
import { type Grid, flatIndex, inGrid, mmToVoxelContinuous, voxelCount } from "../grid";
import type { Mask } from "../mask";

/** Mask plus lookups, built once per analysis. */
export interface SdmSpace {
  mask: Mask;
  grid: Grid;
  /** Volume flat index → masked index, or −1 outside the mask. */
  maskedIndex: Int32Array;
  /** Number of in-mask voxels. */
  nMask: number;
}

/** Builds the analysis space of a mask. */
export function createSpace(mask: Mask): SdmSpace {
  if (mask.count === 0) throw new Error(`${mask.source}: the mask has no voxel`);
  const maskedIndex = new Int32Array(voxelCount(mask.grid)).fill(-1);
  for (let m = 0; m < mask.count; m++) maskedIndex[mask.indices[m]] = m;
  return { mask, grid: mask.grid, maskedIndex, nMask: mask.count };
}

/** Scatters a masked-index array into a full volume (0 outside the mask). */
export function toVolume(space: SdmSpace, values: ArrayLike<number>, outside = 0): Float32Array {
  if (values.length !== space.nMask) throw new Error(`toVolume: ${values.length} values for ${space.nMask} mask voxels`);
  const out = new Float32Array(voxelCount(space.grid));
  if (outside !== 0) out.fill(outside);
  const idx = space.mask.indices;
  for (let m = 0; m < space.nMask; m++) out[idx[m]] = values[m];
  return out;
}

/** Masked index of the voxel whose centre is nearest to `mm`, or −1 outside the grid or mask. */
export function maskedIndexAtMm(space: SdmSpace, mm: readonly [number, number, number]): number {
  const [i, j, k] = mmToVoxelContinuous(space.grid, mm).map(Math.round);
  if (!inGrid(space.grid, i, j, k)) return -1;
  return space.maskedIndex[flatIndex(space.grid, i, j, k)];
}
