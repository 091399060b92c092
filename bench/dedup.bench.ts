// `npm run bench:dedup`: runs the `records dedup` CLI on each labelled set in ../shared/data/dedup
// and scores its groups against the gold labels (pairwise precision/recall for the Rathbone sets,
// record-level for ASySD's set, which has no group ids).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { LABELLED_SETS, scoreLabelledSet } from "@/server/engine/records/dedup/labelled-sets";
import type { DedupFilesOutput } from "@/server/engine/records/dedup-files";

const repo = path.resolve(import.meta.dirname, "..");
const sharedDir = process.env.CONCORD_SHARED_DIR ?? path.resolve(repo, "../shared");
const dedupDir = path.join(sharedDir, "data/dedup");
if (!existsSync(dedupDir)) {
  console.log(`dedup bench skipped: ${dedupDir} not found (../shared holds the labelled sets)`);
  process.exit(0);
}

const tmp = mkdtempSync(path.join(tmpdir(), "concord-dedup-"));
const f = (x: number) => x.toFixed(4);
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log("set              metric    auto P   auto R   auto+review P   auto+review R   (correct/predicted/gold, auto)   CLI s");
let failed = false;
for (const set of LABELLED_SETS) {
  const out = path.join(tmp, `${set.name}.json`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(repo, "scripts/records.ts"), "dedup", path.join(dedupDir, set.file), "--out", out], { cwd: repo, encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) {
    console.log(`${set.name}: CLI failed\n${run.stderr}`);
    failed = true;
    continue;
  }
  const result = JSON.parse(readFileSync(out, "utf8")) as DedupFilesOutput;
  const s = scoreLabelledSet(dedupDir, set, result.groups);
  const metric = set.kind === "pairwise" ? "pairwise" : "records ";
  console.log(
    `${set.name.padEnd(16)} ${metric}  ${f(s.auto.precision)}   ${f(s.auto.recall)}   ${f(s.autoAndReview.precision)}          ${f(s.autoAndReview.recall)}          ${s.auto.correct}/${s.auto.predicted}/${s.auto.gold}`.padEnd(118) + seconds.toFixed(1),
  );
}
rmSync(tmp, { recursive: true, force: true });
console.log("goals: auto precision >= 0.995, auto recall >= 0.90, auto+review recall >= 0.98");
process.exit(failed ? 1 : 0);
