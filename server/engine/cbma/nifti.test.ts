import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as niftiReader from "nifti-reader-js";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { type Grid, MNI152_2MM } from "./grid";
import { affineToQuaternion, encodeNifti, parseNifti, readNifti, writeNifti } from "./nifti";

const dir = mkdtempSync(path.join(tmpdir(), "concord-nifti-"));
const small: Grid = { dims: [4, 3, 2], affine: [[2, 0, 0, -3], [0, 2, 0, -5], [0, 0, 2, 7], [0, 0, 0, 1]] };

/** Rebuilds the qform affine from quaternion fields (NIfTI-1 standard, method 2). */
function qformAffine(b: number, c: number, d: number, qfac: number, pix: number[], off: number[]): number[][] {
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const R = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  return R.map((row, r) => [row[0] * pix[0], row[1] * pix[1], row[2] * pix[2] * qfac, off[r]]);
}

describe("NIfTI-1 writer and reader", () => {
  it("round-trips float32 values and the affine through .nii.gz", () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => (i - 5) / 3);
    const file = path.join(dir, "a.nii.gz");
    writeNifti(file, { grid: small, data });
    const back = readNifti(file);
    expect(back.grid.dims).toEqual([4, 3, 2]);
    expect(back.grid.affine).toEqual(small.affine);
    expect(back.datatypeCode).toBe(16);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });

  it("writes uint8 and int16 maps and uncompressed .nii", () => {
    const data = Array.from({ length: 24 }, (_, i) => i * 10);
    writeNifti(path.join(dir, "b.nii"), { grid: small, data, datatype: "int16" });
    const back = readNifti(path.join(dir, "b.nii"));
    expect(back.datatypeCode).toBe(4);
    expect(Array.from(back.data)).toEqual(data);
    const u8 = parseNifti(encodeNifti({ grid: small, data: data.map((x) => x % 256), datatype: "uint8" }));
    expect(u8.datatypeCode).toBe(2);
  });

  it("stores a qform equal to the sform, for RAS and LAS grids (MRIcroGL/FSL read the qform)", () => {
    const las: Grid = { dims: [91, 109, 91], affine: [[-2, 0, 0, 90], [0, 2, 0, -126], [0, 0, 2, -72], [0, 0, 0, 1]] };
    for (const grid of [MNI152_2MM, las]) {
      const bytes = encodeNifti({ grid, data: new Float32Array(91 * 109 * 91), datatype: "uint8" });
      const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const h = niftiReader.readHeader(buf) as niftiReader.NIFTI1;
      expect(h.qform_code).toBe(4);
      expect(h.sform_code).toBe(4);
      const q = qformAffine(h.quatern_b, h.quatern_c, h.quatern_d, h.pixDims[0], h.pixDims.slice(1, 4), [h.qoffset_x, h.qoffset_y, h.qoffset_z]);
      for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(q[r][c]).toBeCloseTo(grid.affine[r][c], 6);
    }
  });

  it("computes quaternions of rotated affines", () => {
    const rot = [[0, -2, 0, 1], [2, 0, 0, 2], [0, 0, 2, 3], [0, 0, 0, 1]] as const;
    const q = affineToQuaternion(rot);
    const back = qformAffine(q.b, q.c, q.d, q.qfac, q.pixdim, [1, 2, 3]);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(back[r][c]).toBeCloseTo(rot[r][c], 9);
  });

  it("rejects non-NIfTI input and 4-D series with a message naming the file", () => {
    expect(() => parseNifti(new Uint8Array(400), "junk.nii")).toThrow(/junk\.nii/);
    const bytes = encodeNifti({ grid: small, data: new Float32Array(24) });
    const dv = new DataView(bytes.buffer);
    dv.setInt16(40, 4, true);
    dv.setInt16(48, 2, true);
    expect(() => parseNifti(bytes, "series.nii")).toThrow(/series\.nii.*single 3-D volume/);
  });

  it("gzip output is a valid gzip stream", () => {
    writeNifti(path.join(dir, "c.nii.gz"), { grid: small, data: new Float32Array(24) });
    expect(gunzipSync(readFileSync(path.join(dir, "c.nii.gz"))).length).toBe(352 + 24 * 4);
  });
});
