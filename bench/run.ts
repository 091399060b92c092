// Runs every benchmark in bench/ (files named *.bench.ts) one after another and prints their output.
// `npm run bench -- ale` runs only the benchmarks whose file name contains "ale".
import { readdirSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const filter = process.argv[2] ?? "";
const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.ts") && f.includes(filter)).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, file)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
