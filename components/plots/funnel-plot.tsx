"use client";
// Browser funnel plot: the same Chart.js config the server renders to PNG/SVG.
import { useMemo } from "react";
import { Chart } from "react-chartjs-2";
import { Chart as ChartJS, Legend, LineElement, LinearScale, PointElement, ScatterController, Tooltip } from "chart.js";
import { DEFAULT_FUNNEL_LAYOUT, funnelChartConfig, type FunnelData, type FunnelLayout } from "./funnel-chart";

ChartJS.register(ScatterController, PointElement, LineElement, LinearScale, Tooltip, Legend);

/** Props of {@link FunnelPlot}. */
export interface FunnelPlotProps {
  data: FunnelData;
  layout?: Partial<FunnelLayout>;
  ariaLabel?: string;
}

/** Funnel plot with pseudo-95% limits, optional contours and hollow trim-and-fill studies. */
export function FunnelPlot({ data, layout, ariaLabel }: FunnelPlotProps) {
  const size = { ...DEFAULT_FUNNEL_LAYOUT, ...layout };
  const config = useMemo(() => funnelChartConfig(data, layout), [data, layout]);
  return (
    <Chart
      type="scatter"
      data={config.data}
      options={config.options}
      plugins={config.plugins}
      width={size.width}
      height={size.height}
      aria-label={ariaLabel ?? `Funnel plot: ${data.xLabel} against standard error`}
      role="img"
    />
  );
}
