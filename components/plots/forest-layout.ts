// Row and column layout of a RevMan-style forest plot: the numbers table on the left, the
// effect axis on the right, one row per study, subtotal, statement and total.
import type { ArmSummary, ForestData, ForestStudy, ForestSummary } from "./forest-data";
import { fixed, formatEffect } from "./plot-theme";

/** A table column: header, x position (its anchor) and alignment. */
export interface ForestColumn {
  key: string;
  header: string;
  x: number;
  align: "left" | "right" | "center";
  /** Arm index the column belongs to (for the spanning arm header). */
  arm?: 0 | 1;
}

/** One row of the plot. */
export type ForestRow =
  | { kind: "group"; label: string }
  | { kind: "study"; study: ForestStudy; cells: Record<string, string> }
  | { kind: "summary"; summary: ForestSummary; cells: Record<string, string>; overall: boolean }
  | { kind: "prediction"; lb: number; ub: number; cells: Record<string, string> }
  | { kind: "totals"; cells: Record<string, string> }
  | { kind: "note"; text: string }
  | { kind: "blank" };

/** The full layout in logical pixels. */
export interface ForestLayout {
  data: ForestData;
  rows: ForestRow[];
  columns: ForestColumn[];
  width: number;
  height: number;
  fontSize: number;
  rowHeight: number;
  /** Header band above the first row. */
  headerHeight: number;
  /** Rows drawn inside the plot area; the statements after them sit beside the axis. */
  graphRows: number;
  /** Left and right edges of the effect axis. */
  plotLeft: number;
  plotRight: number;
  xMin: number;
  xMax: number;
  ticks: number[];
}

/** Options of {@link forestLayout}. */
export interface ForestLayoutOptions {
  fontSize: number;
  rowHeight: number;
  studyColumnWidth: number;
  plotWidth: number;
}

/** Default {@link ForestLayoutOptions}. */
export const DEFAULT_FOREST_LAYOUT: ForestLayoutOptions = { fontSize: 11, rowHeight: 17, studyColumnWidth: 150, plotWidth: 260 };

function armCells(arms: [ArmSummary, ArmSummary] | undefined): Record<string, string> {
  const cells: Record<string, string> = {};
  arms?.forEach((a, i) => {
    if (a.kind === "continuous") {
      cells[`mean${i}`] = fixed(a.mean, 2);
      cells[`sd${i}`] = fixed(a.sd, 2);
    } else cells[`events${i}`] = String(a.events);
    cells[`n${i}`] = String(a.n);
  });
  return cells;
}

function summaryCells(s: ForestSummary, d: number): Record<string, string> {
  const cells: Record<string, string> = { weight: `${s.weightPct.toFixed(1)}%`, effect: formatEffect(s.estimate, s.ciLb, s.ciUb, d) };
  s.totals?.forEach((n, i) => (cells[`n${i}`] = String(n)));
  return cells;
}

/** Nice symmetric axis limits and ticks around the null value. */
function axis(data: ForestData): { xMin: number; xMax: number; ticks: number[] } {
  const values = data.groups.flatMap((g) => g.studies.flatMap((s) => [s.ciLb, s.ciUb])).concat([data.overall.ciLb, data.overall.ciUb]);
  if (data.logScale) {
    const span = Math.max(...values.filter((v) => v > 0).map((v) => Math.abs(Math.log10(v))));
    const steps = [0.301, 0.699, 1, 2];
    const lim = steps.find((s) => s >= Math.min(span, 2)) ?? 2;
    const max = Math.pow(10, lim);
    const ticks = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100].filter((t) => t >= 1 / max - 1e-9 && t <= max + 1e-9);
    return { xMin: 1 / max, xMax: max, ticks: ticks.length > 7 ? ticks.filter((t) => [0.01, 0.1, 1, 10, 100].includes(t)) : ticks };
  }
  const span = Math.max(...values.map(Math.abs).filter(Number.isFinite));
  const nice = [0.1, 0.2, 0.25, 0.5, 1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 500, 1000].find((n) => n >= span * 0.9) ?? span;
  return { xMin: -nice, xMax: nice, ticks: [-nice, -nice / 2, 0, nice / 2, nice] };
}

/** Lay out a forest plot. */
export function forestLayout(data: ForestData, options: Partial<ForestLayoutOptions> = {}): ForestLayout {
  const o = { ...DEFAULT_FOREST_LAYOUT, ...options };
  const d = data.decimals;
  const hasArms = data.groups.some((g) => g.studies.some((s) => s.arms));
  const binary = data.groups.some((g) => g.studies.some((s) => s.arms?.[0].kind === "binary"));
  const columns: ForestColumn[] = [{ key: "label", header: "Study or Subgroup", x: 8, align: "left" }];
  let x = 8 + o.studyColumnWidth;
  // Numbers columns as wide as their longest entry (totals of large trials reach 6 digits).
  const longest = Math.max(4, ...data.groups.flatMap((g) => [g.summary, ...g.studies.map((st) => st.arms && { totals: st.arms.map((a) => a.n) })]).flatMap((x) => (x && "totals" in x && x.totals ? x.totals.map((t) => String(t).length) : [])), ...(data.overall.totals ?? []).map((t) => String(t).length));
  const num = o.fontSize * Math.max(3.9, 0.62 * longest + 1.4);
  if (hasArms) {
    for (const arm of [0, 1] as const) {
      const keys = binary ? [["events", "Events"], ["n", "Total"]] : [["mean", "Mean"], ["sd", "SD"], ["n", "Total"]];
      for (const [key, header] of keys) {
        x += num;
        columns.push({ key: `${key}${arm}`, header, x, align: "right", arm });
      }
      x += o.fontSize;
    }
  }
  x += num + 4;
  columns.push({ key: "weight", header: "Weight", x, align: "right" });
  x += o.fontSize * 1.2;
  columns.push({ key: "effect", header: `${data.measureLabel}\n${data.methodLabel}`, x: x + o.fontSize * 6.5, align: "center" });
  const plotLeft = x + o.fontSize * 13 + 18;
  const plotRight = plotLeft + o.plotWidth;

  const rows: ForestRow[] = [];
  for (const g of data.groups) {
    if (g.label) rows.push({ kind: "group", label: g.label });
    for (const s of g.studies) rows.push({ kind: "study", study: s, cells: { label: s.label, ...armCells(s.arms), weight: `${s.weightPct.toFixed(1)}%`, effect: formatEffect(s.yi, s.ciLb, s.ciUb, d) } });
    if (g.summary) {
      rows.push({ kind: "summary", summary: g.summary, cells: { label: g.summary.label, ...summaryCells(g.summary, d) }, overall: false });
      const ev = g.summary.eventTotals;
      if (ev) rows.push({ kind: "totals", cells: { label: "Total events", events0: String(ev[0]), events1: String(ev[1]) } });
      rows.push({ kind: "note", text: g.summary.heterogeneity }, { kind: "note", text: g.summary.overallTest }, { kind: "blank" });
    }
  }
  const ov = data.overall;
  rows.push({ kind: "summary", summary: ov, cells: { label: ov.label, ...summaryCells(ov, d) }, overall: true });
  if (ov.eventTotals) rows.push({ kind: "totals", cells: { label: "Total events", events0: String(ov.eventTotals[0]), events1: String(ov.eventTotals[1]) } });
  if (ov.piLb != null && ov.piUb != null) {
    rows.push({ kind: "prediction", lb: ov.piLb, ub: ov.piUb, cells: { label: "Prediction interval", effect: `[${fixed(ov.piLb, d)}, ${fixed(ov.piUb, d)}]` } });
  }
  const graphRows = rows.length;
  rows.push({ kind: "note", text: ov.heterogeneity }, { kind: "note", text: ov.overallTest });
  if (data.subgroupTest) rows.push({ kind: "note", text: data.subgroupTest });

  const headerHeight = o.rowHeight * 3;
  const { xMin, xMax, ticks } = axis(data);
  return {
    data,
    rows,
    columns,
    width: Math.ceil(plotRight + 24),
    height: Math.ceil(headerHeight + Math.max(rows.length, graphRows + 3) * o.rowHeight + o.rowHeight * 1.8),
    fontSize: o.fontSize,
    rowHeight: o.rowHeight,
    headerHeight,
    graphRows,
    plotLeft,
    plotRight,
    xMin,
    xMax,
    ticks,
  };
}
