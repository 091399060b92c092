/**
 * Derives Concord's compact atlas files in data/atlas/ from Debian's `mricron-data` package:
 *
 *   brain_mask_2mm.nii.gz  default analysis mask: ch2bet > 10, nearest neighbour onto the 2 mm grid
 *   ch2bet_2mm.nii.gz      display template (underlay): ch2bet, nearest neighbour, uint8
 *   aal_2mm.nii.gz         AAL label image, nearest neighbour, uint8
 *   aal_labels.tsv         label index → name (from aal.nii.txt)
 *
 * Usage: `npx tsx scripts/build-atlas.ts [--source /usr/share/mricron/templates] [--out data/atlas]`
 * (install the source with `apt-get install mricron-data`). The output grid is NiMARE's MNI152 2 mm
 * grid (91×109×91, affine diag(2,2,2), origin (−90, −126, −72)); the MRIcron images are 1 mm,
 * 181×217×181, origin (−90, −125, −71), so every 2 mm voxel centre falls exactly on a 1 mm voxel
 * centre and nearest-neighbour sampling is exact (no interpolation choice involved).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { MNI152_2MM, type Grid, voxelCount, mmToVoxelContinuous, voxelToMm, unflatIndex, inGrid, flatIndex } from "@/server/engine/cbma/grid";
import { type NiftiVolume, readNifti, writeNifti } from "@/server/engine/cbma/nifti";

/** Intensity above which a ch2bet voxel counts as brain (cbma.md A11). */
const BRAIN_THRESHOLD = 10;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** Nearest-neighbour resampling of `src` onto `target` (0 outside the source). */
function resampleNearest(src: NiftiVolume, target: Grid): Float64Array {
  const out = new Float64Array(voxelCount(target));
  for (let v = 0; v < out.length; v++) {
    const mm = voxelToMm(target, unflatIndex(target, v));
    const [i, j, k] = mmToVoxelContinuous(src.grid, mm).map(Math.round);
    if (inGrid(src.grid, i, j, k)) out[v] = src.data[flatIndex(src.grid, i, j, k)];
  }
  return out;
}

function main(): void {
  const source = arg("--source", "/usr/share/mricron/templates");
  const outDir = arg("--out", path.join(process.cwd(), "data", "atlas"));
  mkdirSync(outDir, { recursive: true });

  const ch2bet = resampleNearest(readNifti(path.join(source, "ch2bet.nii.gz")), MNI152_2MM);
  const mask = ch2bet.map((x) => (x > BRAIN_THRESHOLD ? 1 : 0));
  const aal = resampleNearest(readNifti(path.join(source, "aal.nii.gz")), MNI152_2MM);

  writeNifti(path.join(outDir, "brain_mask_2mm.nii.gz"), {
    grid: MNI152_2MM,
    data: mask,
    datatype: "uint8",
    description: "Concord brain mask: MRIcron ch2bet>10, NN to MNI 2mm",
  });
  writeNifti(path.join(outDir, "ch2bet_2mm.nii.gz"), {
    grid: MNI152_2MM,
    data: ch2bet,
    datatype: "uint8",
    description: "MRIcron ch2bet, NN to MNI 2mm (display template)",
  });
  writeNifti(path.join(outDir, "aal_2mm.nii.gz"), {
    grid: MNI152_2MM,
    data: aal,
    datatype: "uint8",
    description: "MRIcron AAL labels, NN to MNI 2mm",
  });

  const lines = readFileSync(path.join(source, "aal.nii.txt"), "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l, i) => {
      const [index, name] = l.trim().split(/\s+/);
      if (!/^\d+$/.test(index) || !name) throw new Error(`aal.nii.txt:${i + 1}: unexpected line "${l}"`);
      return `${index}\t${name}`;
    });
  writeFileSync(path.join(outDir, "aal_labels.tsv"), ["# index\tname (AAL, from MRIcron aal.nii.txt)", ...lines].join("\n") + "\n");

  const count = mask.reduce((a, b) => a + b, 0);
  const labelled = aal.reduce((a, b) => a + (b > 0 ? 1 : 0), 0);
  console.log(`brain mask: ${count} voxels; AAL labelled voxels: ${labelled}; ${lines.length} label names → ${outDir}`);
}

main();
