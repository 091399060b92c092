/**
 * `npm run cbma -- <method> …` — coordinate-based meta-analysis from the command line
 * (contract: ../shared/docs/cbma.md Part C).
 *
 *   npm run cbma -- ale <input> [--mask FILE] [--fwhm MM] [--iterations N] [--cluster-p P]
 *                               [--seed S] [--threads T] --out DIR
 *   npm run cbma -- sdm <input> … (implemented in scripts/cbma/sdm.ts)
 *
 * Each subcommand module exports `run(argv: string[]): Promise<void>`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const SUBCOMMANDS: Record<string, string> = {
  ale: "scripts/cbma/ale.ts",
  sdm: "scripts/cbma/sdm.ts",
};

function usage(): string {
  return [
    "usage: npm run cbma -- <method> <input> [options] --out DIR",
    "methods:",
    "  ale   activation likelihood estimation (NiMARE-compatible), Monte Carlo FWE",
    "  sdm   effect-size signed differential mapping (AES-SDM style)",
    "run `npm run cbma -- <method> --help` for the options of a method",
  ].join("\n");
}

async function main(): Promise<void> {
  const [method, ...rest] = process.argv.slice(2);
  if (!method || method === "--help" || method === "-h") {
    console.log(usage());
    return;
  }
  const rel = SUBCOMMANDS[method];
  if (!rel) {
    console.error(`unknown method "${method}"\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  const file = path.join(process.cwd(), rel);
  if (!existsSync(file)) {
    console.error(`the "${method}" command is not available in this checkout (${rel} is missing)`);
    process.exitCode = 2;
    return;
  }
  const mod = (await import(pathToFileURL(file).href)) as { run?: (argv: string[]) => Promise<void> };
  if (typeof mod.run !== "function") {
    console.error(`${rel} does not export run(argv: string[]): Promise<void>`);
    process.exitCode = 2;
    return;
  }
  await mod.run(rest);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
