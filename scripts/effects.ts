// npm run effects -- <case.json> [--out result.json] [--compare reference.json] [--plots dir]
// Reads a case in the metafor reference `input` layout, runs every analysis and writes the
// results under the reference key names (stdout unless --out), so a diff against metafor works.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { compareWithReference } from "@/server/engine/effects/case/compare";
import { parseCase } from "@/server/engine/effects/case/case-input";
import { runCase } from "@/server/engine/effects/case/run-case";
import { renderForestPlot, renderFunnelPlot } from "@/server/plots/effects-plots";

/** Run one case file; returns the result object (also written to `out` when given). */
export function runEffectsFile(casePath: string, out?: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(casePath, "utf8"));
  } catch (e) {
    throw new Error(`${casePath}: cannot read JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  let result: Record<string, unknown>;
  try {
    result = runCase(json);
  } catch (e) {
    throw new Error(`${casePath}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const text = `${JSON.stringify(result, null, 1)}\n`;
  if (out) writeFileSync(out, text);
  return result;
}

/** Write forest and funnel plots (PNG at 300 dpi and SVG) of a case into `dir`. */
export function writeCasePlots(casePath: string, dir: string): string[] {
  const input = parseCase(JSON.parse(readFileSync(casePath, "utf8")));
  const arms: [string, string] = [input.group1 ?? "Experimental", input.group2 ?? "Control"];
  const forest = { measure: input.measure, studies: input.studies, subgroupVariable: input.subgroupVariable, subgroupLevels: input.subgroupLevels, arms };
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const format of ["png", "svg"] as const) {
    for (const [name, plot] of [
      ["forest", renderForestPlot(forest, format)],
      ["funnel", renderFunnelPlot({ measure: input.measure, studies: input.studies }, format)],
    ] as const) {
      const file = path.join(dir, `${name}.${format}`);
      writeFileSync(file, plot.data);
      written.push(file);
    }
  }
  return written;
}

/** CLI entry point; returns the process exit code. */
export function main(argv: string[]): number {
  const program = new Command()
    .name("effects")
    .description("Effect-size meta-analysis (metafor-compatible) of one case file")
    .argument("<case>", "case JSON in the reference `input` layout")
    .option("--out <file>", "write the results here instead of stdout")
    .option("--compare <reference>", "compare with a metafor reference file and report mismatches")
    .option("--plots <dir>", "also write forest and funnel plots (PNG 300 dpi, SVG) into this folder")
    .exitOverride();
  try {
    program.parse(argv, { from: "user" });
  } catch {
    return 2;
  }
  const { out, compare, plots } = program.opts<{ out?: string; compare?: string; plots?: string }>();
  try {
    const result = runEffectsFile(program.args[0], out);
    if (!out) process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
    if (plots) for (const file of writeCasePlots(program.args[0], plots)) process.stderr.write(`wrote ${file}\n`);
    if (compare) {
      const ref = JSON.parse(readFileSync(compare, "utf8")) as Record<string, unknown>;
      const c = compareWithReference(result, ref);
      for (const m of c.mismatches) process.stderr.write(`mismatch ${m.path}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}\n`);
      process.stderr.write(`${c.compared} figures compared, ${c.mismatches.length} mismatches, max relative error ${c.maxRelativeError.toExponential(2)}\n`);
      return c.mismatches.length ? 1 : 0;
    }
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main(process.argv.slice(2));
