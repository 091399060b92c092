/**
 * Anatomical labels for MNI coordinates, from the AAL atlas shipped in `data/atlas/`
 * (resampled to the 2 mm MNI grid by `scripts/build-atlas.ts`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { MNI152_2MM, type Grid, inGrid, flatIndex, mmToVoxelContinuous } from "./grid";
import { atlasDir, toMni2mm } from "./mask";
import { readNifti } from "./nifti";

/** A label image plus the names of its labels. */
export interface LabelAtlas {
  /** Short name, e.g. `AAL`. */
  name: string;
  grid: Grid;
  /** Label index per voxel (0 = unlabelled), NIfTI order. */
  labels: Int32Array;
  /** Label index → name. */
  names: ReadonlyMap<number, string>;
}

/** Result of a label lookup. */
export interface AtlasLabel {
  index: number;
  name: string;
  /** Distance in mm from the query point to the labelled voxel centre (0 when inside). */
  distanceMm: number;
}

/** Files of the shipped AAL atlas inside `atlasDir()`. */
export const AAL_FILES = Object.freeze({ image: "aal_2mm.nii.gz", names: "aal_labels.tsv" });

/** Parses a `index<TAB>name` table (lines starting with # are comments). */
export function parseLabelTable(text: string, file: string): Map<number, string> {
  const names = new Map<number, string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith("#")) return;
    const [idx, name] = line.split("\t");
    const index = Number(idx);
    if (!Number.isInteger(index) || !name) throw new Error(`${file}:${i + 1}: expected "<index>\\t<name>", got "${line}"`);
    names.set(index, name.trim());
  });
  return names;
}

/** Loads a label atlas (image on the 2 mm MNI grid + name table). */
export function loadLabelAtlas(imageFile: string, namesFile: string, name: string): LabelAtlas {
  const values = toMni2mm(readNifti(imageFile), imageFile);
  const labels = Int32Array.from(values, (x) => Math.round(x));
  return { name, grid: MNI152_2MM, labels, names: parseLabelTable(readFileSync(namesFile, "utf8"), namesFile) };
}

let aal: LabelAtlas | null = null;

/** The shipped AAL atlas (cached). */
export function loadDefaultAtlas(): LabelAtlas {
  if (!aal) {
    const dir = atlasDir();
    aal = loadLabelAtlas(path.join(dir, AAL_FILES.image), path.join(dir, AAL_FILES.names), "AAL");
  }
  return aal;
}

/** Options of `labelAtMm`. */
export interface LabelLookupOptions {
  /** When the point's voxel is unlabelled, search labelled voxels within this radius (mm). 0 disables. */
  searchRadiusMm: number;
}

/** Default: look up to 4 mm away (two voxels) for a label, as cluster tables commonly do. */
export const DEFAULT_LABEL_LOOKUP_OPTIONS: LabelLookupOptions = Object.freeze({ searchRadiusMm: 4 });

/**
 * Anatomical label of an MNI mm coordinate: the label of the voxel containing it (nearest voxel
 * centre), else of the nearest labelled voxel within `searchRadiusMm`, else null.
 */
export function labelAtMm(
  atlas: LabelAtlas,
  mm: readonly [number, number, number],
  options: Partial<LabelLookupOptions> = {},
): AtlasLabel | null {
  const { searchRadiusMm } = { ...DEFAULT_LABEL_LOOKUP_OPTIONS, ...options };
  const c = mmToVoxelContinuous(atlas.grid, mm);
  const centre = c.map(Math.round) as [number, number, number];
  const found = labelAtVoxel(atlas, centre);
  if (found) return found;
  const a = atlas.grid.affine;
  const step = Math.max(Math.abs(a[0][0]), Math.abs(a[1][1]), Math.abs(a[2][2]));
  const r = Math.ceil(searchRadiusMm / step);
  let best: AtlasLabel | null = null;
  for (let dk = -r; dk <= r; dk++)
    for (let dj = -r; dj <= r; dj++)
      for (let di = -r; di <= r; di++) {
        const ijk: [number, number, number] = [centre[0] + di, centre[1] + dj, centre[2] + dk];
        const hit = labelAtVoxel(atlas, ijk);
        if (!hit) continue;
        const d = step * Math.hypot(ijk[0] - c[0], ijk[1] - c[1], ijk[2] - c[2]);
        if (d <= searchRadiusMm && (!best || d < best.distanceMm)) best = { ...hit, distanceMm: d };
      }
  return best;
}

/** Label of voxel (i, j, k), or null when outside the grid or unlabelled. */
export function labelAtVoxel(atlas: LabelAtlas, ijk: readonly [number, number, number]): AtlasLabel | null {
  const [i, j, k] = ijk;
  if (!inGrid(atlas.grid, i, j, k)) return null;
  const index = atlas.labels[flatIndex(atlas.grid, i, j, k)];
  if (index === 0) return null;
  return { index, name: atlas.names.get(index) ?? `label ${index}`, distanceMm: 0 };
}
