/**
 * Small hand-made grids, masks and studies for the SDM tests (kept out of the *.test.ts files so
 * several test files share them). Not used by the engine itself.
 */
import type { Grid } from "../grid";
import { type Mask, maskFromArray } from "../mask";
import type { SdmExperiment } from "./types";

/** A grid of `dims` voxels of `voxelMm`, centred on (0, 0, 0) mm (odd dims put a voxel centre at 0). */
export function centredGrid(dims: [number, number, number], voxelMm = 2): Grid {
  return {
    dims,
    affine: [
      [voxelMm, 0, 0, (-(dims[0] - 1) / 2) * voxelMm],
      [0, voxelMm, 0, (-(dims[1] - 1) / 2) * voxelMm],
      [0, 0, voxelMm, (-(dims[2] - 1) / 2) * voxelMm],
      [0, 0, 0, 1],
    ],
  };
}

/** Mask of the whole grid, or of the voxels within `radiusMm` of the origin. */
export function centredMask(dims: [number, number, number], voxelMm = 2, radiusMm = Number.POSITIVE_INFINITY): Mask {
  const grid = centredGrid(dims, voxelMm);
  const values = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const x = grid.affine[0][3] + voxelMm * i;
        const y = grid.affine[1][3] + voxelMm * j;
        const z = grid.affine[2][3] + voxelMm * k;
        if (Math.hypot(x, y, z) <= radiusMm) values[i + dims[0] * (j + dims[1] * k)] = 1;
      }
  return maskFromArray(grid, values, `test mask ${dims.join("x")}`);
}

/** A two-group study whose peaks are [x, y, z, signed t] (MNI mm). */
export function study(
  id: string,
  nPatients: number,
  nControls: number | null,
  peaks: [number, number, number, number][],
  extra: Partial<SdmExperiment> = {},
): SdmExperiment {
  return {
    id,
    studyLabel: id,
    contrastLabel: "patients vs controls",
    sampleSize: nPatients + (nControls ?? 0),
    space: "MNI",
    transform: "none",
    foci: peaks.map(([x, y, z, t]) => ({ mniMm: [x, y, z], originalMm: [x, y, z], sign: t > 0 ? 1 : -1, statistic: "t", value: Math.abs(t) })),
    nPatients,
    nControls,
    threshold: { statistic: "t", value: 3, corrected: false },
    nullStudy: peaks.length === 0,
    ...extra,
  };
}
