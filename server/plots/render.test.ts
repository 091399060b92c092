// Server rendering of the forest and funnel plots of the own low-back-pain fixture.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderForestPlot, renderFunnelPlot } from "./effects-plots";
import { PRINT_SCALE } from "./render";

const input = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../tests/fixtures/effects/low-back-pain-acupuncture.json"), "utf8")).input;
const forest = { measure: input.measure, studies: input.studies, subgroupVariable: input.subgroup_variable, subgroupLevels: input.subgroup_levels, arms: [input.group1, input.group2] as [string, string] };

function pngSize(buf: Buffer): [number, number] {
  expect(buf.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

describe("server-side plots", () => {
  it("renders the forest plot to a 300 dpi PNG and to SVG of the same logical size", () => {
    const png = renderForestPlot(forest, "png");
    const [w, h] = pngSize(png.data);
    expect(w).toBe(Math.floor(png.width * PRINT_SCALE));
    expect(h).toBe(Math.floor(png.height * PRINT_SCALE));
    const svg = renderForestPlot(forest, "svg");
    const text = svg.data.toString("utf8");
    expect(text).toMatch(new RegExp(`<svg[^>]*width="${svg.width}" height="${svg.height}"`));
    // Text is converted to paths; squares, lines and diamonds are paths and rects.
    expect((text.match(/<path/g) ?? []).length).toBeGreaterThan(100);
  });

  it("renders a funnel plot with trim-and-fill to PNG and SVG", () => {
    const png = renderFunnelPlot({ measure: input.measure, studies: input.studies }, "png", 1);
    expect(pngSize(png.data)).toEqual([png.width, png.height]);
    expect(renderFunnelPlot({ measure: input.measure, studies: input.studies }, "svg").data.toString("utf8")).toContain("<svg");
  });
});
