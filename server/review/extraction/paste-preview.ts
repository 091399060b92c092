import { z } from "zod";
import { mmToVoxel } from "@/server/engine/cbma/grid";
import { loadDefaultMask } from "@/server/engine/cbma/mask";
import { parsePastedCoordinates, type PasteResult } from "./paste-coordinates";

export const pasteOptionsSchema = z.object({
  space: z.enum(["MNI", "TAL"]).default("MNI"),
  variant: z.enum(["spm", "fsl", "other"]).default("spm"),
  statistic: z.enum(["t", "z", "p", "none"]).default("t"),
  defaultDirection: z.enum(["increase", "decrease"]).default("increase"),
  columns: z.array(z.enum(["x", "y", "z", "value", "skip"])).max(20).nullable().default(null),
});

/** True when the MNI point falls in a voxel of the shipped 2 mm brain mask. */
export function inDefaultMask(mni: [number, number, number]): boolean {
  const mask = loadDefaultMask();
  const [i, j, k] = mmToVoxel(mask.grid, mni);
  const [nx, ny, nz] = mask.grid.dims;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return false;
  return mask.data[i + nx * (j + ny * k)] === 1;
}

/** Server-side preview of pasted coordinates, checked against the default brain mask. */
export function previewPaste(text: string, options: z.input<typeof pasteOptionsSchema>): PasteResult {
  const opts = pasteOptionsSchema.parse(options);
  return parsePastedCoordinates(text, { ...opts, inMask: inDefaultMask });
}
