// Server-side rendering of Chart.js configs to PNG and SVG with @napi-rs/canvas (Skia).
// SVG: Skia's own SVG canvas backend receives the very same Chart.js drawing calls as the PNG
// canvas, so the SVG is the same picture by construction (no DOM, no second renderer to keep in
// step). Text is converted to paths, so the SVG looks identical on machines without the font.
import { existsSync } from "node:fs";
import { createCanvas, GlobalFonts, SvgExportFlag } from "@napi-rs/canvas";
import { Chart, Legend, LinearScale, LogarithmicScale, PointElement, ScatterController, LineElement, Tooltip, type ChartConfiguration } from "chart.js";

Chart.register(ScatterController, PointElement, LineElement, LinearScale, LogarithmicScale, Tooltip, Legend);

/** Print resolution: 300 dpi for a figure laid out at 96 CSS px per inch. */
export const PRINT_SCALE = 300 / 96;

/** Candidate DejaVu Sans files; none is shipped, the first present is registered. */
export const FONT_CANDIDATES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/TTF/DejaVuSans.ttf",
  "/Library/Fonts/DejaVuSans.ttf",
];

let fontState: "unknown" | "dejavu" | "fallback" = "unknown";

/**
 * Register DejaVu Sans (regular and bold) if the machine has it. Without it Skia falls back to
 * a system sans-serif: the plots still render, only the glyph shapes differ.
 */
export function ensurePlotFont(): "dejavu" | "fallback" {
  if (fontState !== "unknown") return fontState;
  fontState = "fallback";
  for (const path of FONT_CANDIDATES) {
    if (!existsSync(/*turbopackIgnore: true*/ path)) continue;
    GlobalFonts.registerFromPath(path, "DejaVu Sans");
    const bold = path.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf");
    if (existsSync(/*turbopackIgnore: true*/ bold)) GlobalFonts.registerFromPath(bold, "DejaVu Sans");
    fontState = "dejavu";
    break;
  }
  return fontState;
}

/** Size and scale of a render. */
export interface RenderOptions {
  /** Logical (CSS-pixel) size of the figure. */
  width: number;
  height: number;
  /** Device-pixel ratio for PNG; default {@link PRINT_SCALE} (300 dpi). */
  scale?: number;
}

type AnyConfig = ChartConfiguration<"scatter", unknown[]>;

/** Draw the chart, hand the canvas to `encode`, then release the chart (destroy() clears the canvas). */
function draw<T>(canvas: unknown, config: AnyConfig, scale: number, encode: () => T): T {
  const cfg = { ...config, options: { ...config.options, responsive: false, animation: false as const, devicePixelRatio: scale } };
  const chart = new Chart(canvas as HTMLCanvasElement, cfg as ChartConfiguration);
  try {
    return encode();
  } finally {
    chart.destroy();
  }
}

/** Render a Chart.js config to a PNG buffer at print resolution. */
export function renderPng(config: AnyConfig, options: RenderOptions): Buffer {
  ensurePlotFont();
  const scale = options.scale ?? PRINT_SCALE;
  // Chart.js takes the logical size from the canvas and enlarges the backing store by the scale.
  const canvas = createCanvas(options.width, options.height);
  return draw(canvas, config, scale, () => canvas.toBuffer("image/png"));
}

/** Render a Chart.js config to an SVG document (vector; text as paths). */
export function renderSvg(config: AnyConfig, options: RenderOptions): Buffer {
  ensurePlotFont();
  const canvas = createCanvas(options.width, options.height, SvgExportFlag.ConvertTextToPaths);
  return draw(canvas, config, 1, () => canvas.getContent());
}
