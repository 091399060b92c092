// Forest and funnel plots of a case, rendered on the server (reports, exports).
import { forestChartConfig } from "@/components/plots/forest-chart";
import { forestData, type ForestDataOptions } from "@/components/plots/forest-data";
import { forestLayout } from "@/components/plots/forest-layout";
import { DEFAULT_FUNNEL_LAYOUT, funnelChartConfig } from "@/components/plots/funnel-chart";
import { funnelData } from "@/components/plots/funnel-data";
import { escalc, modelData, rma } from "@/server/engine/effects";
import { renderPng, renderSvg, type RenderOptions } from "./render";

/** Output format of a plot. */
export type PlotFormat = "png" | "svg";

/** A rendered figure with its logical size. */
export interface RenderedPlot {
  format: PlotFormat;
  width: number;
  height: number;
  data: Buffer;
}

function render(config: Parameters<typeof renderPng>[0], format: PlotFormat, size: RenderOptions): RenderedPlot {
  const data = format === "png" ? renderPng(config, size) : renderSvg(config, size);
  return { format, width: size.width, height: size.height, data };
}

/** RevMan-style forest plot of a case (PNG at 300 dpi by default, or SVG). */
export function renderForestPlot(opts: ForestDataOptions, format: PlotFormat = "png", scale?: number): RenderedPlot {
  const layout = forestLayout(forestData(opts));
  return render(forestChartConfig(layout) as never, format, { width: layout.width, height: layout.height, scale });
}

/** Contour-enhanced funnel plot with trim-and-fill of a case. */
export function renderFunnelPlot(
  opts: Pick<ForestDataOptions, "measure" | "studies" | "method"> & { xLabel?: string; contours?: boolean; trimAndFill?: boolean },
  format: PlotFormat = "png",
  scale?: number,
): RenderedPlot {
  const fit = rma(modelData(escalc(opts.measure, opts.studies)), { method: opts.method ?? "REML" });
  const data = funnelData(fit, { xLabel: opts.xLabel ?? opts.measure, contours: opts.contours ?? true, trimAndFill: opts.trimAndFill ?? true });
  const { width, height } = DEFAULT_FUNNEL_LAYOUT;
  return render(funnelChartConfig(data) as never, format, { width, height, scale });
}
