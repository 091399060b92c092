/**
 * Small hand-made inputs for the ALE tests (written for these tests; no external data).
 */
import { MNI152_2MM, flatIndex, voxelCount } from "../grid";
import { type Mask, maskFromArray } from "../mask";
import type { CoordinateDataset } from "../types";

/** A 60 mm-radius ball around the MNI origin as a mask (≈ 113 000 voxels). */
export function ballMask(radiusMm = 60): Mask {
  const values = new Uint8Array(voxelCount(MNI152_2MM));
  const [nx, ny, nz] = MNI152_2MM.dims;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const x = 2 * i - 90, y = 2 * j - 126, z = 2 * k - 72;
        if (x * x + y * y + z * z <= radiusMm * radiusMm) values[flatIndex(MNI152_2MM, i, j, k)] = 1;
      }
  return maskFromArray(MNI152_2MM, values, "ball");
}

/** Six experiments with odd/fractional coordinates, shared peaks and a focus outside the ball. */
export function smallDataset(): CoordinateDataset {
  const exp = (id: string, n: number, foci: [number, number, number][]) => ({
    id, studyLabel: id, contrastLabel: "c", sampleSize: n, space: "MNI" as const, transform: "none" as const,
    foci: foci.map((f) => ({ mniMm: f, originalMm: f })),
  });
  return {
    name: "small",
    experiments: [
      exp("e1", 12, [[30, 10, 4], [31, 11, 5], [-20, -40, 10]]),
      exp("e2", 20, [[29, 9, 3], [-1, -1, 1]]),
      exp("e3", 9, [[30.6, 12, 2], [0, 50, 20], [70, -80, -40]]),
      exp("e4", 25, [[-21, -41, 11]]),
      exp("e5", 16, [[28, 8, 6], [-19.5, -38.2, 9.9], [10, 10, 10]]),
      exp("e6", 32, [[31, 10, 3]]),
    ],
  };
}
