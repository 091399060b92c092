import { describe, expect, it } from "vitest";
import { MNI152_2MM, flatIndex, invertAffine, mmToVoxel, sameGrid, unflatIndex, voxelToMm, voxelVolumeMm3, voxelSizesMm } from "./grid";

describe("MNI152 2 mm grid", () => {
  it("maps voxel (45, 63, 36) to the MNI origin and back", () => {
    expect(voxelToMm(MNI152_2MM, [45, 63, 36])).toEqual([0, 0, 0]);
    expect(mmToVoxel(MNI152_2MM, [0, 0, 0])).toEqual([45, 63, 36]);
  });

  it("truncates like NiMARE's mm2vox instead of rounding (cbma.md A1)", () => {
    // x = −1 → (−1 + 90)/2 = 44.5 → 44; x = +1 → 45.5 → 45; 1.9 mm → 45.95 → 45 (rounding would give 46)
    expect(mmToVoxel(MNI152_2MM, [-1, 0, 0])[0]).toBe(44);
    expect(mmToVoxel(MNI152_2MM, [1, 0, 0])[0]).toBe(45);
    expect(mmToVoxel(MNI152_2MM, [1.9, 1.9, 1.9])).toEqual([45, 63, 36]);
    // truncation toward zero outside the volume: x = −91 → −0.5 → 0 (floor would give −1)
    expect(mmToVoxel(MNI152_2MM, [-91, 0, 0])[0]).toBe(0);
    expect(mmToVoxel(MNI152_2MM, [-93, 0, 0])[0]).toBe(-1);
  });

  it("round-trips flat indices in NIfTI order (i fastest)", () => {
    expect(flatIndex(MNI152_2MM, 1, 0, 0)).toBe(1);
    expect(flatIndex(MNI152_2MM, 0, 1, 0)).toBe(91);
    expect(flatIndex(MNI152_2MM, 0, 0, 1)).toBe(91 * 109);
    for (const ijk of [[0, 0, 0], [90, 108, 90], [12, 34, 56]] as [number, number, number][]) {
      expect(unflatIndex(MNI152_2MM, flatIndex(MNI152_2MM, ...ijk))).toEqual(ijk);
    }
  });

  it("inverts general affines and reports voxel geometry", () => {
    const a = [[0, -2, 0, 10], [3, 0, 0, -5], [0, 0, 1.5, 7], [0, 0, 0, 1]] as const;
    const inv = invertAffine(a);
    const p = [4, -3, 2];
    const world = [0, 1, 2].map((r) => a[r][0] * p[0] + a[r][1] * p[1] + a[r][2] * p[2] + a[r][3]);
    const back = [0, 1, 2].map((r) => inv[r][0] * world[0] + inv[r][1] * world[1] + inv[r][2] * world[2] + inv[r][3]);
    back.forEach((v, i) => expect(v).toBeCloseTo(p[i], 12));
    expect(voxelVolumeMm3(MNI152_2MM)).toBe(8);
    expect(voxelSizesMm(MNI152_2MM)).toEqual([2, 2, 2]);
    expect(sameGrid(MNI152_2MM, { dims: [91, 109, 91], affine: [[-2, 0, 0, 90], [0, 2, 0, -126], [0, 0, 2, -72], [0, 0, 0, 1]] })).toBe(false);
  });
});
