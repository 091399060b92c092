// Forest layout and funnel config built from the own low-back-pain fixture.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { escalc, modelData, rma } from "@/server/engine/effects";
import { forestData } from "./forest-data";
import { forestLayout } from "./forest-layout";
import { forestChartConfig } from "./forest-chart";
import { funnelChartConfig } from "./funnel-chart";
import { funnelData } from "./funnel-data";
import { formatP } from "./plot-theme";

const input = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../tests/fixtures/effects/low-back-pain-acupuncture.json"), "utf8")).input;

describe("forest plot content", () => {
  const data = forestData({ measure: "MD", studies: input.studies, subgroupVariable: "population", subgroupLevels: input.subgroup_levels, arms: ["Acupuncture", "Sham"] });
  const layout = forestLayout(data);

  it("has the RevMan rows: group headers, studies, subtotals with statements, total, prediction interval, subgroup test", () => {
    const kinds = layout.rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === "group")).toHaveLength(2);
    expect(kinds.filter((k) => k === "study")).toHaveLength(input.studies.length);
    expect(kinds.filter((k) => k === "summary")).toHaveLength(3);
    expect(kinds).toContain("prediction");
    const notes = layout.rows.flatMap((r) => (r.kind === "note" ? [r.text] : []));
    expect(notes.at(-1)).toMatch(/^Test for subgroup differences: Chi² = [\d.]+, df = 1 \(P = [\d.]+\), I² = \d+%$/);
    expect(notes.filter((t) => t.startsWith("Heterogeneity: Tau²"))).toHaveLength(3);
  });

  it("weights of the subgroups add up to the total", () => {
    const subtotal = data.groups.reduce((s, g) => s + g.summary!.weightPct, 0);
    expect(subtotal).toBeCloseTo(100, 10);
  });

  it("draws one square per study, sized by weight", () => {
    const cfg = forestChartConfig(layout);
    const radii = cfg.data.datasets[0].pointRadius as number[];
    expect(radii).toHaveLength(input.studies.length);
    const weights = data.groups.flatMap((g) => g.studies.map((s) => s.weightPct));
    const heaviest = weights.indexOf(Math.max(...weights));
    expect(Math.max(...radii)).toBe(radii[heaviest]);
  });
});

describe("funnel plot content", () => {
  it("draws imputed studies hollow", () => {
    // Small studies only on the left: trim-and-fill imputes on the right.
    const studies = [
      { id: "a", yi: -0.1, vi: 0.01 }, { id: "b", yi: -0.15, vi: 0.02 }, { id: "c", yi: -0.4, vi: 0.08 },
      { id: "d", yi: -0.6, vi: 0.15 }, { id: "e", yi: -0.8, vi: 0.25 }, { id: "f", yi: -0.05, vi: 0.012 },
    ];
    const fit = rma(modelData(escalc("GEN", studies)), { method: "FE" });
    const data = funnelData(fit, { xLabel: "Effect", trimAndFill: true, contours: true });
    expect(data.filled!.length).toBeGreaterThan(0);
    const cfg = funnelChartConfig(data);
    const imputed = cfg.data.datasets.find((d) => d.label === "Imputed (trim and fill)")!;
    expect(imputed.data).toHaveLength(data.filled!.length);
    expect(imputed.backgroundColor).toBe("#ffffff");
  });
});

describe("RevMan p-value format", () => {
  it("prints two decimals, one significant digit below 0.01, and P < 0.00001", () => {
    expect([formatP(0.4312), formatP(0.00083), formatP(0.003), formatP(1e-9)]).toEqual(["P = 0.43", "P = 0.0008", "P = 0.003", "P < 0.00001"]);
  });
});
