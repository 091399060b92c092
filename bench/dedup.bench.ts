// `npm run bench:dedup`: runs the `records dedup` CLI on each labelled set in ../shared/data/dedup
// and scores its groups against the gold labels: the Rathbone sets pairwise and at record level
// (records removed, as bib-dedupe and ASySD publish them), ASySD's set at record level only (it has
// no group ids).
//   --misses          also list every gold pair of the Rathbone sets that no automatic group holds,
//                     both records side by side, queued for review or not found, with the pair's evidence
//   --set <name>      only this set (haematology, stroke, asysd-diabetes)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { LABELLED_SETS, missedGoldPairs, scoreLabelledSet, type MissedPair, type SetScore } from "@/server/engine/records/dedup/labelled-sets";
import { noticeKind } from "@/server/engine/records/dedup/notice";
import type { DedupFilesOutput } from "@/server/engine/records/dedup-files";
import { parseCitations } from "@/server/engine/records/parse";
import type { CitationRecord } from "@/server/engine/records/types";

const repo = path.resolve(import.meta.dirname, "..");
const sharedDir = process.env.CONCORD_SHARED_DIR ?? path.resolve(repo, "../shared");
const dedupDir = path.join(sharedDir, "data/dedup");
if (!existsSync(dedupDir)) {
  console.log(`dedup bench skipped: ${dedupDir} not found (../shared holds the labelled sets)`);
  process.exit(0);
}

const args = process.argv.slice(2);
const showMisses = args.includes("--misses");
const onlySet = args.includes("--set") ? args[args.indexOf("--set") + 1] : null;
if (onlySet && !LABELLED_SETS.some((s) => s.name === onlySet)) {
  console.log(`unknown set ${onlySet}; sets: ${LABELLED_SETS.map((s) => s.name).join(", ")}`);
  process.exit(1);
}

/** One record on one line: what a reviewer compares. */
function describe(id: string, r: CitationRecord | undefined): string {
  if (!r) return `${id}: (not in the input)`;
  const kind = noticeKind(r);
  const authors = r.authors.length > 3 ? `${r.authors.slice(0, 3).join("; ")}; … (${r.authors.length})` : r.authors.join("; ");
  return `${id}: ${r.title ?? "(no title)"} | ${r.year ?? "-"} | ${authors || "-"} | ${r.journal ?? "-"} | vol ${r.volume ?? "-"} (${r.issue ?? "-"}) p ${r.pages ?? "-"}${kind ? ` | ${kind}` : ""}`;
}

function printMisses(file: string, missed: MissedPair[]): void {
  const byId = new Map(parseCitations(readFileSync(file), { fileName: path.basename(file) }).records.map((r) => [r.sourceRecordId ?? "", r]));
  const queued = missed.filter((m) => m.status === "queued").length;
  console.log(`  ${missed.length} gold pairs not merged automatically: ${queued} queued for review, ${missed.length - queued} not found`);
  missed.forEach((m, i) => {
    const e = m.evidence;
    const why = e ? `title ${e.titleSimilarity}, year ${e.year}, first author ${e.firstAuthor}, journal ${e.journal}, volume ${e.volume}, pages ${e.pages}, doi ${e.doi}, pmid ${e.pmid}` : m.status === "queued" ? "joined through other records of its review group" : "no rule fired";
    console.log(`  #${i + 1} ${m.status.toUpperCase()} (${why})\n     ${describe(m.a, byId.get(m.a))}\n     ${describe(m.b, byId.get(m.b))}`);
  });
}

const f = (x: number) => x.toFixed(4);

/** One row of the table: automatic and automatic + review scores under one metric. */
function scoreLine(name: string, metric: string, s: Pick<SetScore, "auto" | "autoAndReview">): string {
  const { auto, autoAndReview } = s;
  return `${name.padEnd(16)} ${metric}  ${f(auto.precision)}   ${f(auto.recall)}   ${f(autoAndReview.precision)}          ${f(autoAndReview.recall)}          ${auto.correct}/${auto.predicted}/${auto.gold}`;
}

const tmp = mkdtempSync(path.join(tmpdir(), "concord-dedup-"));
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log("set              metric    auto P   auto R   auto+review P   auto+review R   (correct/predicted/gold, auto)   CLI s");
let failed = false;
for (const set of LABELLED_SETS.filter((s) => !onlySet || s.name === onlySet)) {
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
  console.log(scoreLine(set.name, metric, s).padEnd(118) + seconds.toFixed(1));
  if (s.records) console.log(scoreLine("", "records ", s.records));
  if (showMisses && set.kind === "pairwise") printMisses(path.join(dedupDir, set.file), missedGoldPairs(dedupDir, set, result.groups));
}
rmSync(tmp, { recursive: true, force: true });
console.log("goals: auto precision >= 0.995, auto recall >= 0.90, auto+review recall >= 0.98");
process.exit(failed ? 1 : 0);
