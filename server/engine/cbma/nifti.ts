/**
 * NIfTI-1/2 reading (via nifti-reader-js) and NIfTI-1 writing (.nii or .nii.gz).
 *
 * Orientation: the reader takes the affine as nibabel does (sform when sform_code > 0, else qform,
 * else pixdim scaling). The writer stores the same affine in both sform and qform (codes 4 = MNI152)
 * with the matching quaternion, so nibabel, FSL, MRIcroGL and NiiVue agree on orientation.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import * as nifti from "nifti-reader-js";
import { type Affine, type Grid, voxelCount, voxelSizesMm } from "./grid";

/** A volume in memory: grid plus one value per voxel in NIfTI order (i fastest). */
export interface NiftiVolume {
  grid: Grid;
  data: Float64Array;
  /** NIfTI datatype code of the file (2 uint8, 4 int16, 8 int32, 16 float32, 64 float64 …). */
  datatypeCode: number;
  description: string;
}

/** Data types the writer supports. */
export type NiftiWriteType = "uint8" | "int16" | "int32" | "float32";

const WRITE_TYPES: Record<NiftiWriteType, { code: number; bitpix: number }> = {
  uint8: { code: 2, bitpix: 8 },
  int16: { code: 4, bitpix: 16 },
  int32: { code: 8, bitpix: 32 },
  float32: { code: 16, bitpix: 32 },
};

/** Volume to write. */
export interface NiftiWriteInput {
  grid: Grid;
  data: ArrayLike<number>;
  /** Stored type; default float32 (as NiMARE's maps). */
  datatype?: NiftiWriteType;
  /** Up to 79 ASCII characters written to `descrip`. */
  description?: string;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function typedView(code: number, buf: ArrayBuffer, littleEndian: boolean, n: number, file: string): ArrayLike<number> {
  const needsSwap = !littleEndian;
  const dv = new DataView(buf);
  const read = (size: number, get: (o: number) => number): Float64Array => {
    const out = new Float64Array(n);
    for (let v = 0; v < n; v++) out[v] = get(v * size);
    return out;
  };
  switch (code) {
    case 2:
      return new Uint8Array(buf, 0, n);
    case 256:
      return new Int8Array(buf, 0, n);
    case 4:
      return needsSwap ? read(2, (o) => dv.getInt16(o, false)) : new Int16Array(buf, 0, n);
    case 512:
      return needsSwap ? read(2, (o) => dv.getUint16(o, false)) : new Uint16Array(buf, 0, n);
    case 8:
      return needsSwap ? read(4, (o) => dv.getInt32(o, false)) : new Int32Array(buf, 0, n);
    case 768:
      return needsSwap ? read(4, (o) => dv.getUint32(o, false)) : new Uint32Array(buf, 0, n);
    case 16:
      return needsSwap ? read(4, (o) => dv.getFloat32(o, false)) : new Float32Array(buf, 0, n);
    case 64:
      return needsSwap ? read(8, (o) => dv.getFloat64(o, false)) : new Float64Array(buf, 0, n);
    default:
      throw new Error(`${file}: unsupported NIfTI datatype code ${code}`);
  }
}

function headerAffine(header: nifti.NIFTI1 | nifti.NIFTI2, raw: ArrayBuffer): Affine {
  // nifti-reader-js prefers qform when qform_code > sform_code; nibabel prefers sform whenever
  // sform_code > 0. Follow nibabel, reading srow_* directly for NIfTI-1.
  if (header.sform_code > 0 && header instanceof nifti.NIFTI1) {
    const dv = new DataView(raw);
    const le = header.littleEndian;
    const row = (o: number) => [0, 1, 2, 3].map((c) => dv.getFloat32(o + 4 * c, le));
    return [row(280), row(296), row(312), [0, 0, 0, 1]];
  }
  const a = header.affine;
  return [a[0].slice(0, 4), a[1].slice(0, 4), a[2].slice(0, 4), [0, 0, 0, 1]];
}

/**
 * Parses a .nii or .nii.gz image held in memory. Values are scaled by scl_slope/scl_inter
 * when the slope is non-zero. Only single-volume (3-D) images are accepted.
 * @param name - file name used in error messages.
 */
export function parseNifti(bytes: Uint8Array, name = "<buffer>"): NiftiVolume {
  let buf = toArrayBuffer(bytes);
  if (nifti.isCompressed(buf)) buf = toArrayBuffer(gunzipSync(bytes));
  if (!nifti.isNIFTI(buf)) throw new Error(`${name}: not a NIfTI-1/2 file`);
  const header = nifti.readHeader(buf);
  const dims = header.dims;
  const nd = dims[0];
  if (nd < 3) throw new Error(`${name}: expected a 3-D image, got ${nd} dimension(s)`);
  for (let d = 4; d <= nd; d++) {
    if (dims[d] > 1) throw new Error(`${name}: expected a single 3-D volume, got dims ${dims.slice(1, nd + 1).join("×")}`);
  }
  const grid: Grid = { dims: [dims[1], dims[2], dims[3]], affine: headerAffine(header, buf) };
  const n = voxelCount(grid);
  const image = nifti.readImage(header, buf);
  const bytesPer = header.numBitsPerVoxel / 8;
  if (image.byteLength < n * bytesPer) throw new Error(`${name}: image data truncated (${image.byteLength} of ${n * bytesPer} bytes)`);
  const raw = typedView(header.datatypeCode, image.slice(0, n * bytesPer), header.littleEndian, n, name);
  const slope = header.scl_slope;
  const inter = Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  const scale = Number.isFinite(slope) && slope !== 0 && !(slope === 1 && inter === 0);
  const data = new Float64Array(n);
  for (let v = 0; v < n; v++) data[v] = scale ? raw[v] * slope + inter : raw[v];
  return { grid, data, datatypeCode: header.datatypeCode, description: header.description ?? "" };
}

/** Reads a .nii or .nii.gz file. */
export function readNifti(path: string): NiftiVolume {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`${path}: cannot read NIfTI file (${(err as Error).message})`, { cause: err });
  }
  return parseNifti(bytes, path);
}

/** Quaternion parameters and qfac of an affine (nifti1_io `nifti_mat44_to_quatern`). */
export function affineToQuaternion(affine: Affine): { b: number; c: number; d: number; qfac: number; pixdim: number[] } {
  const pixdim = voxelSizesMm({ dims: [1, 1, 1], affine });
  const r = [0, 1, 2].map((row) => [0, 1, 2].map((col) => affine[row][col] / pixdim[col]));
  const det =
    r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) -
    r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0]) +
    r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
  const qfac = det < 0 ? -1 : 1;
  if (qfac < 0) for (let row = 0; row < 3; row++) r[row][2] = -r[row][2];
  let a = r[0][0] + r[1][1] + r[2][2] + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r[2][1] - r[1][2])) / a;
    c = (0.25 * (r[0][2] - r[2][0])) / a;
    d = (0.25 * (r[1][0] - r[0][1])) / a;
  } else {
    const xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
    const yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
    const zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r[0][1] + r[1][0])) / b;
      d = (0.25 * (r[0][2] + r[2][0])) / b;
      a = (0.25 * (r[2][1] - r[1][2])) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r[0][1] + r[1][0])) / c;
      d = (0.25 * (r[1][2] + r[2][1])) / c;
      a = (0.25 * (r[0][2] - r[2][0])) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r[0][2] + r[2][0])) / d;
      c = (0.25 * (r[1][2] + r[2][1])) / d;
      a = (0.25 * (r[1][0] - r[0][1])) / d;
    }
    if (a < 0) [b, c, d] = [-b, -c, -d];
  }
  return { b, c, d, qfac, pixdim };
}

/** Encodes a volume as an uncompressed single-file NIfTI-1 (.nii) byte array. */
export function encodeNifti(input: NiftiWriteInput): Uint8Array {
  const { grid, data } = input;
  const type = WRITE_TYPES[input.datatype ?? "float32"];
  const n = voxelCount(grid);
  if (data.length !== n) throw new Error(`encodeNifti: data has ${data.length} values, grid needs ${n}`);
  const voxOffset = 352;
  const out = new Uint8Array(voxOffset + n * (type.bitpix / 8));
  const dv = new DataView(out.buffer);
  const le = true;
  dv.setInt32(0, 348, le);
  const dims = [3, grid.dims[0], grid.dims[1], grid.dims[2], 1, 1, 1, 1];
  dims.forEach((v, i) => dv.setInt16(40 + 2 * i, v, le));
  dv.setInt16(70, type.code, le);
  dv.setInt16(72, type.bitpix, le);
  const q = affineToQuaternion(grid.affine);
  [q.qfac, q.pixdim[0], q.pixdim[1], q.pixdim[2], 0, 0, 0, 0].forEach((v, i) => dv.setFloat32(76 + 4 * i, v, le));
  dv.setFloat32(108, voxOffset, le);
  dv.setFloat32(112, 1, le); // scl_slope 1, scl_inter 0: values are stored unscaled
  dv.setUint8(123, 2); // xyzt_units: mm
  let lo = Infinity;
  let hi = -Infinity;
  for (let v = 0; v < n; v++) {
    const x = data[v];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  dv.setFloat32(124, Number.isFinite(hi) ? hi : 0, le); // cal_max
  dv.setFloat32(128, Number.isFinite(lo) ? lo : 0, le); // cal_min
  const descr = (input.description ?? "Concord").replace(/[^\x20-\x7e]/g, "?").slice(0, 79);
  for (let i = 0; i < descr.length; i++) out[148 + i] = descr.charCodeAt(i);
  dv.setInt16(252, 4, le); // qform_code MNI_152
  dv.setInt16(254, 4, le); // sform_code MNI_152
  [q.b, q.c, q.d, grid.affine[0][3], grid.affine[1][3], grid.affine[2][3]].forEach((v, i) => dv.setFloat32(256 + 4 * i, v, le));
  for (let row = 0; row < 3; row++) for (let c = 0; c < 4; c++) dv.setFloat32(280 + 16 * row + 4 * c, grid.affine[row][c], le);
  "n+1\0".split("").forEach((ch, i) => (out[344 + i] = ch.charCodeAt(0)));
  writeValues(dv, voxOffset, input.datatype ?? "float32", data, n);
  return out;
}

function writeValues(dv: DataView, offset: number, type: NiftiWriteType, data: ArrayLike<number>, n: number): void {
  if (type === "float32") {
    const view = new Float32Array(dv.buffer, offset, n);
    for (let v = 0; v < n; v++) view[v] = data[v];
  } else if (type === "int32") {
    for (let v = 0; v < n; v++) dv.setInt32(offset + 4 * v, data[v], true);
  } else if (type === "int16") {
    for (let v = 0; v < n; v++) dv.setInt16(offset + 2 * v, data[v], true);
  } else {
    const view = new Uint8Array(dv.buffer, offset, n);
    for (let v = 0; v < n; v++) view[v] = data[v];
  }
}

/** Writes a NIfTI-1 file; gzip-compressed when the path ends in `.gz`. */
export function writeNifti(path: string, input: NiftiWriteInput): void {
  const raw = encodeNifti(input);
  writeFileSync(path, path.endsWith(".gz") ? gzipSync(raw, { level: 6 }) : raw);
}
