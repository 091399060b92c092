// npm run effects -- <case.json> [--out result.json] [--compare reference.json]
// Reads a case in the metafor reference `input` layout, runs every analysis and writes the
// results under the reference key names (stdout unless --out), so a diff against metafor works.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { compareWithReference } from "@/server/engine/effects/case/compare";
import { runCase } from "@/server/engine/effects/case/run-case";

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

/** CLI entry point; returns the process exit code. */
export function main(argv: string[]): number {
  const program = new Command()
    .name("effects")
    .description("Effect-size meta-analysis (metafor-compatible) of one case file")
    .argument("<case>", "case JSON in the reference `input` layout")
    .option("--out <file>", "write the results here instead of stdout")
    .option("--compare <reference>", "compare with a metafor reference file and report mismatches")
    .exitOverride();
  try {
    program.parse(argv, { from: "user" });
  } catch {
    return 2;
  }
  const { out, compare } = program.opts<{ out?: string; compare?: string }>();
  try {
    const result = runEffectsFile(program.args[0], out);
    if (!out) process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
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
