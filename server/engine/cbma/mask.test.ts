import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeShared, sharedPath } from "@/tests/shared-data";
import { MNI152_2MM, flatIndex, voxelCount } from "./grid";
import { loadDefaultMask, loadMask, maskDice, maskFromArray } from "./mask";
import { writeNifti } from "./nifti";

const dir = mkdtempSync(path.join(tmpdir(), "concord-mask-"));

describe("masks", () => {
  it("builds a mask from any non-zero values", () => {
    const values = new Float32Array(voxelCount(MNI152_2MM));
    values[10] = 1;
    values[5] = 0.2;
    values[7] = NaN;
    const m = maskFromArray(MNI152_2MM, values);
    expect(m.count).toBe(2);
    expect(Array.from(m.indices)).toEqual([5, 10]);
  });

  it("flips a GingerALE-style LAS mask to RAS", () => {
    const values = new Uint8Array(voxelCount(MNI152_2MM));
    values[flatIndex(MNI152_2MM, 0, 10, 10)] = 1; // LAS i = 0 is x = +90
    const file = path.join(dir, "las.nii.gz");
    writeNifti(file, { grid: { dims: [91, 109, 91], affine: [[-2, 0, 0, 90], [0, 2, 0, -126], [0, 0, 2, -72], [0, 0, 0, 1]] }, data: values, datatype: "uint8" });
    const m = loadMask(file);
    expect(Array.from(m.indices)).toEqual([flatIndex(MNI152_2MM, 90, 10, 10)]);
  });

  it("refuses a mask on another grid, saying what it expected", () => {
    const file = path.join(dir, "one-mm.nii.gz");
    writeNifti(file, { grid: { dims: [4, 4, 4], affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] }, data: new Uint8Array(64), datatype: "uint8" });
    expect(() => loadMask(file)).toThrow(/one-mm\.nii\.gz: not on the MNI152 2 mm grid \(expected 91×109×91/);
  });

  it("ships a default brain mask of 216 952 voxels (ch2bet > 10)", () => {
    const m = loadDefaultMask();
    expect(m.count).toBe(216_952);
    expect(m.data[flatIndex(MNI152_2MM, 45, 63, 36)]).toBe(1); // MNI origin is brain
    expect(m.data[0]).toBe(0);
  });
});

describeShared("default mask vs NiMARE's mask", () => {
  it("overlaps NiMARE's 228 483-voxel mask with Dice ≈ 0.95", () => {
    const ref = loadMask(sharedPath("reference/nimare-ale/mask.nii.gz"));
    expect(ref.count).toBe(228_483);
    const dice = maskDice(ref, loadDefaultMask());
    expect(dice).toBeGreaterThan(0.94);
    expect(dice).toBeLessThan(0.97);
  });
});
