import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { parseNifti, readNifti } from "@/server/engine/cbma/nifti";
import { atlasDir, toMni2mm } from "@/server/engine/cbma/mask";
import { MNI152_2MM } from "@/server/engine/cbma/grid";

const [NI, NJ, NK] = MNI152_2MM.dims;
let template: Float64Array | null = null;

function loadTemplate(): Float64Array {
  template ??= toMni2mm(readNifti(path.join(atlasDir(), "ch2bet_2mm.nii.gz")), "ch2bet_2mm.nii.gz");
  return template;
}

/** Warm colours for increases (red → yellow), cool for decreases (blue → cyan), as in FSLeyes/MRIcroGL. */
function overlayColour(z: number, zMax: number): [number, number, number] {
  const t = Math.min(1, Math.abs(z) / zMax);
  return z > 0 ? [255, Math.round(40 + 215 * t), Math.round(20 * (1 - t))] : [Math.round(20 * (1 - t)), Math.round(90 + 165 * t), 255];
}

export interface MosaicOptions {
  /** Axial slices, MNI z in mm. */
  slicesMm?: number[];
  columns?: number;
  /** Pixels per voxel. */
  scale?: number;
}

/**
 * Axial mosaic of a thresholded statistical map over the Colin27 (ch2bet) template, in
 * neurological convention (left on the left), each slice labelled with its MNI z. For the report
 * and figure exports; the interactive viewer is NiiVue in the browser.
 */
export function renderBrainMosaic(mapBytes: Uint8Array, opts: MosaicOptions = {}): Buffer {
  const slices = opts.slicesMm ?? [-40, -32, -24, -16, -8, 0, 8, 16, 24, 32, 40, 48, 56, 64];
  const columns = opts.columns ?? 7;
  const scale = opts.scale ?? 3;
  const map = toMni2mm(parseNifti(mapBytes, "map"), "map");
  const base = loadTemplate();
  let baseMax = 0;
  for (const v of base) if (v > baseMax) baseMax = v;
  let zMax = 0;
  for (const v of map) if (Math.abs(v) > zMax) zMax = Math.abs(v);
  zMax = Math.max(zMax, 3);

  const rows = Math.ceil(slices.length / columns);
  const cellW = NI * scale;
  const cellH = NJ * scale;
  const legendH = 46;
  const canvas = createCanvas(columns * cellW, rows * cellH + legendH);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const img = ctx.createImageData(NI, NJ);
  const tile = createCanvas(NI, NJ);
  const tctx = tile.getContext("2d");
  slices.forEach((zMm, s) => {
    const k = Math.round((zMm + 72) / 2);
    if (k < 0 || k >= NK) return;
    for (let j = 0; j < NJ; j++) {
      for (let i = 0; i < NI; i++) {
        const v = i + NI * (j + NJ * k);
        const o = 4 * (i + NI * (NJ - 1 - j)); // anterior at the top
        const z = map[v];
        const [r, g, b] = z !== 0 && Number.isFinite(z) ? overlayColour(z, zMax) : Array(3).fill(Math.round((255 * base[v]) / baseMax));
        img.data[o] = r;
        img.data[o + 1] = g;
        img.data[o + 2] = b;
        img.data[o + 3] = 255;
      }
    }
    tctx.putImageData(img, 0, 0);
    const x = (s % columns) * cellW;
    const y = Math.floor(s / columns) * cellH;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(tile, x, y, cellW, cellH);
    ctx.fillStyle = "#fff";
    ctx.font = `${4 * scale}px sans-serif`;
    ctx.fillText(`z = ${zMm}`, x + 2 * scale, y + 6 * scale);
  });
  drawLegend(ctx, 10, rows * cellH + 10, zMax);
  return canvas.toBuffer("image/png");
}

function drawLegend(ctx: ReturnType<ReturnType<typeof createCanvas>["getContext"]>, x: number, y: number, zMax: number) {
  const w = 160;
  for (let p = 0; p < w; p++) {
    const [r, g, b] = overlayColour(zMax * (p / w), zMax);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(x + 70 + p, y, 1, 12);
    const [r2, g2, b2] = overlayColour(-zMax * (p / w), zMax);
    ctx.fillStyle = `rgb(${r2},${g2},${b2})`;
    ctx.fillRect(x + 420 + p, y, 1, 12);
  }
  ctx.fillStyle = "#fff";
  ctx.font = "12px sans-serif";
  ctx.fillText("increase", x, y + 11);
  ctx.fillText(`z 0–${zMax.toFixed(1)}`, x + 70 + w + 6, y + 11);
  ctx.fillText("decrease", x + 350, y + 11);
  ctx.fillText(`z −${zMax.toFixed(1)}–0`, x + 420 + w + 6, y + 11);
  ctx.fillText("L", x, y + 30);
  ctx.fillText("neurological convention (left on left), MNI152 2 mm", x + 16, y + 30);
}
