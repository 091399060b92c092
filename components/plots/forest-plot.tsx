"use client";
// Browser forest plot: the same layout and Chart.js config the server renders to PNG/SVG.
import { useMemo } from "react";
import { Chart } from "react-chartjs-2";
import { Chart as ChartJS, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip } from "chart.js";
import type { ForestData } from "./forest-data";
import { forestLayout, type ForestLayoutOptions } from "./forest-layout";
import { forestChartConfig } from "./forest-chart";

ChartJS.register(ScatterController, PointElement, LinearScale, LogarithmicScale, Tooltip);

/** Props of {@link ForestPlot}. */
export interface ForestPlotProps {
  data: ForestData;
  layout?: Partial<ForestLayoutOptions>;
  /** Accessible description of the figure. */
  ariaLabel?: string;
}

/** RevMan-style forest plot (fixed logical size; wrap in a scroll container on small screens). */
export function ForestPlot({ data, layout, ariaLabel }: ForestPlotProps) {
  const { config, size } = useMemo(() => {
    const l = forestLayout(data, layout);
    return { config: forestChartConfig(l), size: { width: l.width, height: l.height } };
  }, [data, layout]);
  return (
    <div style={{ overflowX: "auto" }}>
      <Chart
        type="scatter"
        data={config.data}
        options={config.options}
        plugins={config.plugins}
        width={size.width}
        height={size.height}
        aria-label={ariaLabel ?? `Forest plot: ${data.measureLabel}, ${data.methodLabel}`}
        role="img"
      />
    </div>
  );
}
