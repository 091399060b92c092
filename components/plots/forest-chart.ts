// Chart.js configuration of a forest plot. Study squares are a scatter dataset (so the browser
// gets tooltips); CIs, diamonds, the prediction interval and the numbers table are drawn by a
// plugin from the same layout, which makes the browser and server renders identical.
import type { Chart, ChartConfiguration, Plugin, Scale } from "chart.js";
import type { ForestLayout, ForestRow } from "./forest-layout";
import { PLOT_COLOURS as C, PLOT_FONT_FAMILY } from "./plot-theme";

type ForestConfig = ChartConfiguration<"scatter", { x: number; y: number; label: string }[]>;

const font = (size: number, weight: "normal" | "bold" = "normal", style = "normal") => `${style} ${weight} ${size}px ${PLOT_FONT_FAMILY}`;

function squareRadius(weightPct: number, maxWeight: number, rowHeight: number): number {
  // Area proportional to weight: the side scales with √weight.
  const maxSide = rowHeight * 0.82;
  const side = Math.max(3, maxSide * Math.sqrt(weightPct / maxWeight));
  return side / 2 / Math.SQRT1_2; // Chart.js 'rect' draws a square of side 2·r·√½
}

/** Chart.js config (type "scatter") that draws the laid-out forest plot. */
export function forestChartConfig(layout: ForestLayout): ForestConfig {
  const studies = layout.rows.map((r, i) => ({ r, i })).filter((e): e is { r: Extract<ForestRow, { kind: "study" }>; i: number } => e.r.kind === "study");
  const maxWeight = Math.max(...studies.map((s) => s.r.study.weightPct));
  const points = studies.map(({ r, i }) => ({ x: r.study.yi, y: i + 0.5, label: r.study.label }));
  const n = layout.graphRows;
  // The x axis (about 1.2 rows tall) sits right under the total; the statements continue below.
  const below = Math.max(layout.rows.length - n, 3) * layout.rowHeight + layout.rowHeight * 0.6;
  return {
    type: "scatter",
    data: {
      datasets: [
        {
          label: "Studies",
          data: points,
          pointStyle: "rect",
          pointRadius: studies.map((s) => squareRadius(s.r.study.weightPct, maxWeight, layout.rowHeight)),
          pointHoverRadius: studies.map((s) => squareRadius(s.r.study.weightPct, maxWeight, layout.rowHeight) + 1),
          backgroundColor: C.study,
          borderColor: C.study,
          borderWidth: 0,
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: undefined,
      layout: { padding: { left: layout.plotLeft, right: layout.width - layout.plotRight, top: layout.headerHeight, bottom: below - layout.rowHeight * 1.1 } },
      scales: {
        x: {
          type: layout.data.logScale ? "logarithmic" : "linear",
          min: layout.xMin,
          max: layout.xMax,
          grid: { display: false, drawTicks: true, tickLength: 4, tickColor: C.text },
          border: { display: true, color: C.text, width: 1 },
          afterBuildTicks: (scale: Scale) => {
            scale.ticks = layout.ticks.map((value) => ({ value }));
          },
          ticks: {
            color: C.text,
            font: { family: PLOT_FONT_FAMILY, size: layout.fontSize - 1 },
            maxRotation: 0,
            autoSkip: false,
            callback: (v) => (layout.data.logScale ? String(Number(v)) : String(Number(Number(v).toPrecision(6)))),
          },
        },
        y: { type: "linear", min: 0, max: n, reverse: true, display: false },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const row = studies[ctx.dataIndex].r;
              return `${row.study.label}: ${row.cells.effect}, weight ${row.cells.weight}`;
            },
          },
        },
      },
    },
    plugins: [forestPlugin(layout)],
  };
}

/** The drawing plugin: lines and text under and over the datasets. */
export function forestPlugin(layout: ForestLayout): Plugin<"scatter"> {
  return {
    id: "concordForest",
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = C.background;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
    beforeDatasetsDraw(chart) {
      drawGraphics(chart, layout);
    },
    afterDraw(chart) {
      drawTable(chart, layout);
    },
  };
}

function drawGraphics(chart: Chart, layout: ForestLayout): void {
  const { ctx, chartArea } = chart;
  const xs = chart.scales.x;
  const ys = chart.scales.y;
  const px = (v: number) => xs.getPixelForValue(v);
  const py = (row: number) => ys.getPixelForValue(row + 0.5);
  const clampX = (v: number) => Math.min(chartArea.right, Math.max(chartArea.left, px(v)));
  ctx.save();
  // Line of no effect.
  const nullX = px(layout.data.logScale ? 1 : 0);
  ctx.strokeStyle = C.nullLine;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(nullX, chartArea.top);
  ctx.lineTo(nullX, chartArea.bottom);
  ctx.stroke();

  const h = layout.rowHeight;
  layout.rows.forEach((row, i) => {
    const y = py(i);
    if (row.kind === "study") {
      const { ciLb, ciUb } = row.study;
      ctx.strokeStyle = C.ci;
      ctx.lineWidth = 1.1;
      ctx.beginPath();
      ctx.moveTo(clampX(ciLb), y);
      ctx.lineTo(clampX(ciUb), y);
      ctx.stroke();
      if (px(ciLb) < chartArea.left) arrow(ctx, chartArea.left, y, -1, h);
      if (px(ciUb) > chartArea.right) arrow(ctx, chartArea.right, y, 1, h);
    } else if (row.kind === "summary") {
      const s = row.summary;
      const half = h * (row.overall ? 0.36 : 0.3);
      ctx.fillStyle = C.diamond;
      ctx.beginPath();
      ctx.moveTo(clampX(s.ciLb), y);
      ctx.lineTo(px(s.estimate), y - half);
      ctx.lineTo(clampX(s.ciUb), y);
      ctx.lineTo(px(s.estimate), y + half);
      ctx.closePath();
      ctx.fill();
    } else if (row.kind === "prediction") {
      const tick = h * 0.22;
      ctx.strokeStyle = C.predictionInterval;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(clampX(row.lb), y);
      ctx.lineTo(clampX(row.ub), y);
      for (const v of [row.lb, row.ub]) {
        ctx.moveTo(clampX(v), y - tick);
        ctx.lineTo(clampX(v), y + tick);
      }
      ctx.stroke();
    }
  });
  ctx.restore();
}

function arrow(ctx: CanvasRenderingContext2D, x: number, y: number, dir: 1 | -1, h: number): void {
  const s = h * 0.22;
  ctx.beginPath();
  ctx.moveTo(x, y);
  ctx.lineTo(x - dir * s * 1.4, y - s);
  ctx.lineTo(x - dir * s * 1.4, y + s);
  ctx.closePath();
  ctx.fillStyle = C.ci;
  ctx.fill();
}

function drawTable(chart: Chart, layout: ForestLayout): void {
  const { ctx, chartArea } = chart;
  const ys = chart.scales.y;
  const fs = layout.fontSize;
  const py = (row: number) => ys.getPixelForValue(row + 0.5);
  ctx.save();
  ctx.fillStyle = C.text;
  ctx.textBaseline = "middle";

  // Header: arm names spanning their columns, then column names, then the plot title.
  const headerY2 = chartArea.top - layout.rowHeight * 0.75;
  const headerY1 = headerY2 - layout.rowHeight;
  for (const arm of [0, 1] as const) {
    const cols = layout.columns.filter((c) => c.arm === arm);
    if (!cols.length) continue;
    const left = cols[0].x - fs * 3.6;
    const right = cols[cols.length - 1].x;
    ctx.font = font(fs, "bold");
    ctx.textAlign = "center";
    ctx.fillText(layout.data.arms[arm], (left + right) / 2, headerY1);
    ctx.strokeStyle = C.text;
    ctx.lineWidth = 0.8;
    ctx.beginPath();
    ctx.moveTo(left, headerY1 + layout.rowHeight * 0.5);
    ctx.lineTo(right, headerY1 + layout.rowHeight * 0.5);
    ctx.stroke();
  }
  for (const col of layout.columns) {
    ctx.font = font(fs, "bold");
    ctx.textAlign = col.align;
    const lines = col.header.split("\n");
    lines.forEach((line, li) => ctx.fillText(line, col.x, headerY2 - (lines.length - 1 - li) * layout.rowHeight));
  }
  ctx.textAlign = "center";
  const mid = (chartArea.left + chartArea.right) / 2;
  ctx.fillText(layout.data.measureLabel, mid, headerY1);
  ctx.fillText(layout.data.methodLabel, mid, headerY2);
  ctx.strokeStyle = C.text;
  ctx.lineWidth = 0.8;
  ctx.beginPath();
  ctx.moveTo(6, chartArea.top - layout.rowHeight * 0.15);
  ctx.lineTo(chartArea.right, chartArea.top - layout.rowHeight * 0.15);
  ctx.stroke();

  layout.rows.forEach((row, i) => {
    const y = py(i);
    if (row.kind === "group") {
      ctx.font = font(fs, "bold");
      ctx.textAlign = "left";
      ctx.fillText(row.label, layout.columns[0].x, y);
    } else if (row.kind === "note") {
      ctx.font = font(fs - 1);
      ctx.fillStyle = C.mutedText;
      ctx.textAlign = "left";
      ctx.fillText(row.text, layout.columns[0].x, y);
      ctx.fillStyle = C.text;
    } else if (row.kind === "study" || row.kind === "summary" || row.kind === "prediction" || row.kind === "totals") {
      const bold = row.kind === "summary";
      for (const col of layout.columns) {
        const text = row.cells[col.key];
        if (text === undefined) continue;
        ctx.font = font(fs, bold ? "bold" : "normal");
        ctx.textAlign = col.align;
        ctx.fillText(text, col.key === "label" && row.kind === "study" ? col.x : col.x, y);
      }
    }
  });

  // "Favours …" under the axis, either side of the line of no effect.
  const nullX = chart.scales.x.getPixelForValue(layout.data.logScale ? 1 : 0);
  const fy = chartArea.bottom + layout.rowHeight * 1.75;
  ctx.font = font(fs - 1);
  ctx.textAlign = "right";
  ctx.fillText(layout.data.favours[0], nullX - 6, fy);
  ctx.textAlign = "left";
  ctx.fillText(layout.data.favours[1], nullX + 6, fy);
  ctx.restore();
}
