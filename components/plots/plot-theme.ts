// Shared look of the effect-size plots: fonts, greyscale-safe colours, number formats.
// Colours are chosen by luminance so the plots read the same when printed in black and white:
// near-black for estimates and summary diamonds, a dark blue for study squares, light greys for
// shading; nothing relies on hue alone.

/** Font stack: DejaVu Sans when registered (server), then common system sans-serifs. */
export const PLOT_FONT_FAMILY = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif";

/** Colours of the forest and funnel plots. */
export const PLOT_COLOURS = {
  text: "#111111",
  mutedText: "#444444",
  study: "#1f3a68",
  ci: "#111111",
  diamond: "#111111",
  predictionInterval: "#555555",
  nullLine: "#777777",
  grid: "#d9d9d9",
  contour90: "#ffffff",
  contour95: "#e8e8e8",
  contour99: "#cccccc",
  contourBeyond: "#ababab",
  filledStudy: "#ffffff",
  background: "#ffffff",
} as const;

/** Effect and CI with a fixed number of decimals, RevMan style: "-1.06 [-1.68, -0.43]". */
export function formatEffect(estimate: number, lb: number, ub: number, decimals = 2): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(decimals) : "NA");
  return `${f(estimate)} [${f(lb)}, ${f(ub)}]`;
}

/** P-value as RevMan prints it: "P = 0.03", "P = 0.0008" (one significant digit below 0.01), "P < 0.00001". */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "P = NA";
  if (p < 0.00001) return "P < 0.00001";
  if (p >= 0.01) return `P = ${p.toFixed(2)}`;
  const digits = Math.min(5, Math.ceil(-Math.log10(p)));
  return `P = ${p.toFixed(digits)}`;
}

/** A number to `d` decimals without trailing "-0.00". */
export function fixed(x: number, d: number): string {
  const s = x.toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}
