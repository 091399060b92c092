/**
 * Analysis masks on the MNI152 2 mm grid.
 *
 * The default mask ships in `data/atlas/` (derived from MRIcron's ch2bet, see its README). Any
 * mask NIfTI on the 91×109×91 2 mm MNI grid can be used instead; the GingerALE-style LAS
 * orientation (affine diag(−2, 2, 2), origin (90, −126, −72)) is flipped to RAS on load.
 */
import path from "node:path";
import { MNI152_2MM, type Grid, describeGrid, sameGrid, voxelCount } from "./grid";
import { type NiftiVolume, readNifti } from "./nifti";

/** A binary mask. */
export interface Mask {
  grid: Grid;
  /** 1 inside the mask, 0 outside; NIfTI voxel order. */
  data: Uint8Array;
  /** Flat indices of in-mask voxels, ascending. */
  indices: Int32Array;
  /** Number of in-mask voxels. */
  count: number;
  /** Where the mask came from (file path or description). */
  source: string;
}

/** Directory of the shipped atlas files (override with `CONCORD_ATLAS_DIR`). */
export function atlasDir(): string {
  return process.env.CONCORD_ATLAS_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), "data", "atlas");
}

/** File name of the default brain mask inside `atlasDir()`. */
export const DEFAULT_MASK_FILE = "brain_mask_2mm.nii.gz";

/** Builds a mask from a 0/1 (or any non-zero) array on a grid. */
export function maskFromArray(grid: Grid, values: ArrayLike<number>, source = "<array>"): Mask {
  const n = voxelCount(grid);
  if (values.length !== n) throw new Error(`${source}: mask has ${values.length} values, grid needs ${n}`);
  const data = new Uint8Array(n);
  let count = 0;
  for (let v = 0; v < n; v++) {
    const x = values[v];
    if (x !== 0 && !Number.isNaN(x)) {
      data[v] = 1;
      count++;
    }
  }
  const indices = new Int32Array(count);
  for (let v = 0, c = 0; v < n; v++) if (data[v]) indices[c++] = v;
  return { grid, data, indices, count, source };
}

const LAS_2MM: Grid = {
  dims: [91, 109, 91],
  affine: [
    [-2, 0, 0, 90],
    [0, 2, 0, -126],
    [0, 0, 2, -72],
    [0, 0, 0, 1],
  ],
};

function flipI(grid: Grid, values: Float64Array): Float64Array {
  const [nx, ny, nz] = grid.dims;
  const out = new Float64Array(values.length);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) out[row + i] = values[row + nx - 1 - i];
    }
  }
  return out;
}

/**
 * Brings a volume onto the RAS MNI152 2 mm grid: returns it unchanged when already there, flips
 * it when it is the LAS variant of the same grid, and throws a clear error otherwise.
 */
export function toMni2mm(volume: NiftiVolume, source: string): Float64Array {
  if (sameGrid(volume.grid, MNI152_2MM)) return volume.data;
  if (sameGrid(volume.grid, LAS_2MM)) return flipI(volume.grid, volume.data);
  throw new Error(
    `${source}: not on the MNI152 2 mm grid (expected ${describeGrid(MNI152_2MM)}; got ${describeGrid(volume.grid)}). ` +
      "Resample the image to the 2 mm MNI template first.",
  );
}

/** Reads a mask NIfTI (.nii/.nii.gz) that must be on the MNI152 2 mm grid. */
export function loadMask(file: string): Mask {
  const volume = readNifti(file);
  return maskFromArray(MNI152_2MM, toMni2mm(volume, file), file);
}

let defaultMask: Mask | null = null;

/** The shipped default brain mask (cached after the first call). */
export function loadDefaultMask(): Mask {
  if (!defaultMask) defaultMask = loadMask(path.join(atlasDir(), DEFAULT_MASK_FILE));
  return defaultMask;
}

/** Dice overlap of two masks on the same grid. */
export function maskDice(a: Mask, b: Mask): number {
  if (a.data.length !== b.data.length) throw new Error("maskDice: masks are on different grids");
  let both = 0;
  for (let v = 0; v < a.data.length; v++) both += a.data[v] & b.data[v];
  return (2 * both) / (a.count + b.count);
}
