/**
 * The AAL label volume for the click read-out, looked up in JavaScript rather than loaded into
 * NiiVue: one texture and shader pass fewer for the viewer, which matters with software WebGL.
 */
import { parseLabelTsv } from "./atlas-labels";

/** A label image with its voxel→mm affine inverted for lookups. */
export interface LabelVolume {
  dims: [number, number, number];
  values: Int16Array | Uint8Array | Int32Array | Float32Array;
  /** mm → voxel (3×4, row-major). */
  mmToVoxel: number[][];
  names: Map<number, string>;
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inverts a 3×4 affine [R | t]. */
export function invertAffine(a: number[][]): number[][] {
  const [[a0, a1, a2], [b0, b1, b2], [c0, c1, c2]] = a;
  const det = a0 * (b1 * c2 - b2 * c1) - a1 * (b0 * c2 - b2 * c0) + a2 * (b0 * c1 - b1 * c0);
  if (!det) throw new Error("label volume: singular affine");
  const inv = [
    [(b1 * c2 - b2 * c1) / det, (a2 * c1 - a1 * c2) / det, (a1 * b2 - a2 * b1) / det],
    [(b2 * c0 - b0 * c2) / det, (a0 * c2 - a2 * c0) / det, (a2 * b0 - a0 * b2) / det],
    [(b0 * c1 - b1 * c0) / det, (a1 * c0 - a0 * c1) / det, (a0 * b1 - a1 * b0) / det],
  ];
  const t = [a[0][3], a[1][3], a[2][3]];
  return inv.map((row) => [...row, -(row[0] * t[0] + row[1] * t[1] + row[2] * t[2])]);
}

/** Parses a NIfTI-1 label image (sform affine; int16/uint8/int32/float32 data). */
export function parseLabelNifti(raw: Uint8Array, names: Map<number, string>): LabelVolume {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const le = dv.getInt32(0, true) === 348;
  const dims: [number, number, number] = [dv.getInt16(42, le), dv.getInt16(44, le), dv.getInt16(46, le)];
  const datatype = dv.getInt16(70, le);
  const offset = Math.round(dv.getFloat32(108, le));
  const n = dims[0] * dims[1] * dims[2];
  const srow = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => dv.getFloat32(280 + 16 * r + 4 * c, le)));
  const copy = raw.slice(offset, offset + n * ({ 2: 1, 4: 2, 8: 4, 16: 4 }[datatype] ?? 0)).buffer;
  const values = datatype === 2 ? new Uint8Array(copy) : datatype === 4 ? new Int16Array(copy) : datatype === 8 ? new Int32Array(copy) : datatype === 16 ? new Float32Array(copy) : null;
  if (!values || values.length !== n) throw new Error(`label volume: unsupported NIfTI datatype ${datatype}`);
  if (!le && values.BYTES_PER_ELEMENT > 1) throw new Error("label volume: big-endian data is not supported");
  return { dims, values, mmToVoxel: invertAffine(srow), names };
}

/** The label name at an MNI position (nearest voxel), or null outside labelled regions. */
export function labelAt(vol: LabelVolume, mm: readonly number[]): string | null {
  const [i, j, k] = vol.mmToVoxel.map((r) => Math.round(r[0] * mm[0] + r[1] * mm[1] + r[2] * mm[2] + r[3]));
  const [nx, ny, nz] = vol.dims;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return null;
  const index = Math.round(vol.values[i + nx * (j + ny * k)]);
  return index > 0 ? (vol.names.get(index) ?? `label ${index}`) : null;
}

let cached: Promise<LabelVolume> | null = null;

/** Fetches the AAL image and names once per page. */
export function loadLabelVolume(): Promise<LabelVolume> {
  cached ??= Promise.all([
    fetch("/api/atlas/aal_2mm.nii.gz").then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`AAL image: HTTP ${r.status}`)))),
    fetch("/api/atlas/aal_labels.tsv").then((r) => (r.ok ? r.text() : Promise.reject(new Error(`AAL names: HTTP ${r.status}`)))),
  ])
    .then(async ([image, tsv]) => parseLabelNifti(await gunzip(new Uint8Array(image)), parseLabelTsv(tsv)))
    .catch((e) => {
      cached = null;
      throw e;
    });
  return cached;
}
