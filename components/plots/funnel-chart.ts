// Chart.js funnel plot: effect against standard error (0 at the top), pseudo-95% confidence
// limits around the pooled estimate, optional contour-enhanced shading of the significance
// regions around the null (p < 0.10 / 0.05 / 0.01, as Peters et al. 2008 and metafor's funnel),
// and trim-and-fill imputed studies drawn hollow.
import type { ChartConfiguration, Plugin } from "chart.js";
import { PLOT_COLOURS as C, PLOT_FONT_FAMILY } from "./plot-theme";

/** What a funnel plot shows. */
export interface FunnelData {
  studies: { label: string; yi: number; sei: number }[];
  /** Trim-and-fill imputed studies (drawn hollow). */
  filled?: { yi: number; sei: number }[];
  /** Pooled estimate the pseudo-confidence funnel is centred on. */
  estimate: number;
  /** Axis title, e.g. "Mean Difference". */
  xLabel: string;
  /** Shade the regions where a study would be significant at 10%, 5% and 1% (two-sided). */
  contours?: boolean;
  /** Null value for the contours (0 on the analysis scale). */
  nullValue?: number;
}

/** Logical size and font of the funnel plot. */
export interface FunnelLayout {
  width: number;
  height: number;
  fontSize: number;
}

/** Default {@link FunnelLayout}. */
export const DEFAULT_FUNNEL_LAYOUT: FunnelLayout = { width: 520, height: 420, fontSize: 12 };

const Z = { p10: 1.6448536269514722, p05: 1.959963984540054, p01: 2.5758293035489004 };

type FunnelConfig = ChartConfiguration<"scatter", { x: number; y: number }[]>;

function niceMax(v: number): number {
  const exp = Math.pow(10, Math.floor(Math.log10(v)));
  const m = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((c) => c * exp >= v) ?? 10;
  return m * exp;
}

function niceStep(raw: number): number {
  const exp = Math.pow(10, Math.floor(Math.log10(raw)));
  return ([1, 2, 5, 10].find((m) => m * exp >= raw) ?? 10) * exp;
}

/** Chart.js config of a funnel plot. */
export function funnelChartConfig(data: FunnelData, layoutIn: Partial<FunnelLayout> = {}): FunnelConfig {
  const layout = { ...DEFAULT_FUNNEL_LAYOUT, ...layoutIn };
  const all = [...data.studies, ...(data.filled ?? [])];
  const seMax = niceMax(Math.max(...all.map((s) => s.sei)) * 1.05);
  const centre = data.estimate;
  const nul = data.nullValue ?? 0;
  const reach = Math.max(...all.map((s) => Math.abs(s.yi - centre)), Z.p05 * seMax, data.contours ? Math.abs(nul - centre) + Z.p01 * seMax : 0);
  const step = niceStep((reach * 2.16) / 6);
  const xMin = Math.floor((centre - reach * 1.08) / step) * step;
  const xMax = Math.ceil((centre + reach * 1.08) / step) * step;
  const funnelLine = (sign: 1 | -1) => [
    { x: centre, y: 0 },
    { x: centre + sign * Z.p05 * seMax, y: seMax },
  ];
  const font = { family: PLOT_FONT_FAMILY, size: layout.fontSize - 1 };
  return {
    type: "scatter",
    data: {
      datasets: [
        { label: "Pseudo 95% CI", data: funnelLine(-1), showLine: true, pointRadius: 0, pointStyle: "line", borderColor: C.text, borderWidth: 1, borderDash: [5, 4] },
        { label: "", data: funnelLine(1), showLine: true, pointRadius: 0, borderColor: C.text, borderWidth: 1, borderDash: [5, 4] },
        { label: "Pooled estimate", data: [{ x: centre, y: 0 }, { x: centre, y: seMax }], showLine: true, pointRadius: 0, pointStyle: "line", borderColor: C.text, borderWidth: 1 },
        {
          label: "Studies",
          data: data.studies.map((s) => ({ x: s.yi, y: s.sei })),
          pointRadius: 4,
          pointStyle: "circle",
          backgroundColor: C.text,
          borderColor: C.text,
        },
        {
          label: "Imputed (trim and fill)",
          data: (data.filled ?? []).map((s) => ({ x: s.yi, y: s.sei })),
          pointRadius: 4,
          pointStyle: "circle",
          backgroundColor: C.filledStudy,
          borderColor: C.text,
          borderWidth: 1.3,
        },
        ...(data.contours ? contourKey() : []),
      ],
    },
    options: {
      responsive: false,
      animation: false,
      layout: { padding: { left: 8, right: 16, top: 10, bottom: 4 } },
      scales: {
        x: {
          type: "linear",
          min: xMin,
          max: xMax,
          title: { display: true, text: data.xLabel, color: C.text, font: { ...font, size: layout.fontSize } },
          grid: { display: false },
          border: { color: C.text },
          ticks: { color: C.text, font, stepSize: step },
        },
        y: {
          type: "linear",
          min: 0,
          max: seMax,
          reverse: true,
          title: { display: true, text: "Standard error", color: C.text, font: { ...font, size: layout.fontSize } },
          grid: { color: C.grid },
          border: { color: C.text },
          ticks: { color: C.text, font, count: 5 },
        },
      },
      plugins: {
        legend: {
          display: true,
          position: "bottom",
          labels: {
            color: C.text,
            font,
            usePointStyle: true,
            boxHeight: 8,
            filter: (item) => item.text !== "" && (item.text !== "Imputed (trim and fill)" || (data.filled?.length ?? 0) > 0),
          },
        },
        tooltip: { enabled: true },
      },
    },
    plugins: [contourPlugin(data, seMax)],
  };
}

/** Background and significance contours (filled triangles around the null, widest first). */
function contourPlugin(data: FunnelData, seMax: number): Plugin<"scatter"> {
  return {
    id: "concordFunnelContours",
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = C.background;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
    beforeDatasetsDraw(chart) {
      if (!data.contours) return;
      const { ctx, chartArea } = chart;
      const xs = chart.scales.x;
      const ys = chart.scales.y;
      const nul = data.nullValue ?? 0;
      ctx.save();
      ctx.beginPath();
      ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
      ctx.clip();
      // p < 0.01 region is the plot background; inner triangles paint over it.
      const bands: [number, string][] = [
        [Infinity, C.contourBeyond],
        [Z.p01, C.contour99],
        [Z.p05, C.contour95],
        [Z.p10, C.contour90],
      ];
      for (const [z, colour] of bands) {
        ctx.fillStyle = colour;
        ctx.beginPath();
        if (!Number.isFinite(z)) ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
        else {
          ctx.moveTo(xs.getPixelForValue(nul), ys.getPixelForValue(0));
          ctx.lineTo(xs.getPixelForValue(nul - z * seMax), ys.getPixelForValue(seMax));
          ctx.lineTo(xs.getPixelForValue(nul + z * seMax), ys.getPixelForValue(seMax));
          ctx.closePath();
        }
        ctx.fill();
      }
      ctx.restore();
    },
  };
}

/** Legend-only datasets naming the contour shades. */
function contourKey(): { label: string; data: { x: number; y: number }[]; pointStyle: "rect"; pointRadius: number; backgroundColor: string; borderColor: string; borderWidth: number }[] {
  const items: [string, string][] = [
    ["p > 0.10", C.contour90],
    ["0.05 < p ≤ 0.10", C.contour95],
    ["0.01 < p ≤ 0.05", C.contour99],
    ["p ≤ 0.01", C.contourBeyond],
  ];
  return items.map(([label, colour]) => ({ label, data: [], pointStyle: "rect", pointRadius: 5, backgroundColor: colour, borderColor: C.mutedText, borderWidth: 0.6 }));
}
