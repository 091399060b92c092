/**
 * The effect-size part of the results fixtures: a small fictional case written for these tests
 * (exercise therapy vs usual care, disability score 0-100, two settings) run through the effects
 * engine's `runCase`, plus forest/funnel plots rendered by the server plot renderer.
 */
import { runCase } from "@/server/engine/effects/case/run-case";
import { parseCase } from "@/server/engine/effects/case/case-input";
import { renderForestPlot, renderFunnelPlot } from "@/server/plots/effects-plots";
import type { FixtureOutput } from "./analysis-results-fixtures";

/** Fictional trials (not real data): mean disability after 12 weeks, lower is better. */
export function effectsCase() {
  const trial = (id: string, setting: string, year: number, n1: number, mean1: number, sd1: number, n2: number, mean2: number, sd2: number) => ({
    id, label: id.replace(/-(\d+)$/, " $1").replace(/^\w/, (c) => c.toUpperCase()), setting, year, n1, mean1, sd1, n2, mean2, sd2,
  });
  return {
    input: {
      measure: "MD",
      group1: "Exercise",
      group2: "Usual care",
      subgroup_variable: "setting",
      subgroup_levels: ["Primary care", "Hospital"],
      moderator_variable: "year",
      studies: [
        trial("andersen-2011", "Primary care", 2011, 30, 28, 12, 31, 35, 13),
        trial("baptiste-2013", "Primary care", 2013, 52, 31, 14, 50, 34, 15),
        trial("costa-2015", "Primary care", 2015, 24, 25, 11, 25, 33, 12),
        trial("dubois-2018", "Primary care", 2018, 70, 30, 13, 72, 32, 13),
        trial("eriksen-2012", "Hospital", 2012, 40, 33, 15, 38, 41, 16),
        trial("fischer-2016", "Hospital", 2016, 28, 29, 12, 27, 38, 14),
        trial("garcia-2019", "Hospital", 2019, 65, 34, 14, 66, 37, 15),
        trial("hill-2021", "Hospital", 2021, 35, 27, 10, 36, 35, 12),
      ],
    },
  };
}

/**
 * Runs the case and renders the plots; returns the outputs, a summary and timings.
 * @param plotScale - PNG scale (default: print resolution, 300 dpi); tests use 1 for speed.
 */
export function effectsOutputs(caseJson: ReturnType<typeof effectsCase>, plotScale?: number): { outputs: FixtureOutput[]; summary: Record<string, unknown>; timings: Record<string, number> } {
  const t0 = performance.now();
  const result = runCase(caseJson);
  const t1 = performance.now();
  const input = parseCase(caseJson);
  const forest = { measure: input.measure, studies: input.studies, subgroupVariable: input.subgroupVariable, subgroupLevels: input.subgroupLevels, arms: [input.group1 ?? "Experimental", input.group2 ?? "Control"] as [string, string] };
  const outputs: FixtureOutput[] = [{ name: "result.json", contentType: "application/json", json: result }];
  for (const format of ["png", "svg"] as const) {
    const type = format === "png" ? "image/png" : "image/svg+xml";
    outputs.push({ name: `forest.${format}`, contentType: type, bytes: new Uint8Array(renderForestPlot(forest, format, plotScale).data) });
    outputs.push({ name: `funnel.${format}`, contentType: type, bytes: new Uint8Array(renderFunnelPlot({ measure: input.measure, studies: input.studies }, format, plotScale).data) });
  }
  const t2 = performance.now();
  const reml = (result.models as Record<string, Record<string, unknown>>).REML;
  return {
    outputs,
    summary: { k: reml.k, estimate: reml.estimate, ciLb: reml.ci_lb, ciUb: reml.ci_ub, I2: reml.I2 },
    timings: { engineSeconds: (t1 - t0) / 1000, plotsSeconds: (t2 - t1) / 1000, totalSeconds: (t2 - t0) / 1000 },
  };
}
