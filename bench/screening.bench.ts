// Prioritised screening benchmark: replays screening on labelled CSVs with the app's own model
// (shared/docs/benchmarks.md protocol) and times retrain + rescore on 20,000 records.
//   npm run bench:screening                      → the four shared datasets + timing
//   npm run bench:screening -- a.csv b.csv       → those files (columns auto-detected)
//   flags: --seeds 0-9, --model nb|svm|ensemble, --title-column … --label-column, --stopping, --no-timing
//   --stopping also replays the stopping rules and checks the remaining estimate (much slower:
//   the simulation then runs on until every rule has fired).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { readLabelledCsv, type LabelledCsvColumns } from "@/server/engine/screening/labelled-csv";
import { randomOrderMetrics, type OrderMetrics } from "@/server/engine/screening/metrics";
import { defaultPrioritiserOptions, type ModelKind } from "@/server/engine/screening/prioritiser";
import { describeRanking } from "@/server/engine/screening/rank";
import { simulateScreening, type EstimateCheck, type SimulationResult } from "@/server/engine/screening/simulate";
import { defaultStoppingRules, type StoppingRule } from "@/server/engine/screening/stopping";
import { buildCorpus } from "@/server/engine/screening/tfidf";
import { Prioritiser } from "@/server/engine/screening/prioritiser";
import { rankUnscreened } from "@/server/engine/screening/rank";
import { createRng, shuffle } from "@/server/engine/screening/rng";
import type { ScreeningRecord } from "@/server/engine/screening/tfidf";

const sharedDir = process.env.CONCORD_SHARED_DIR ?? path.resolve(import.meta.dirname, "../../shared");
const sharedFiles = ["Cohen_2006_ADHD", "Kitchenham_2010", "Bannach-Brown_2019", "Cohen_2006_ACEInhibitors"].map((f) =>
  path.join(sharedDir, "data/screening", `${f}.csv`),
);
const stoppingRules: StoppingRule[] = [defaultStoppingRules.consecutiveIrrelevant, defaultStoppingRules.recallTest, defaultStoppingRules.estimatedRecall];

const program = new Command()
  .argument("[files...]")
  .option("--seeds <range>", "seeds, e.g. 0-9 or 0,3,5", "0-9")
  .option("--model <kind>", "nb | svm | ensemble", defaultPrioritiserOptions.model)
  .option("--id-column <name>").option("--title-column <name>").option("--abstract-column <name>")
  .option("--keywords-column <name>").option("--label-column <name>")
  .option("--stopping", "replay the stopping rules and check the remaining estimate", false)
  .option("--no-timing", "skip the 20,000-record retrain timing")
  .parse();
const opts = program.opts();
const seeds = parseSeeds(opts.seeds);
const columns: LabelledCsvColumns = { id: opts.idColumn, title: opts.titleColumn, abstract: opts.abstractColumn, keywords: opts.keywordsColumn, label: opts.labelColumn };

let files: string[] = program.args;
if (files.length === 0) {
  if (!existsSync(sharedFiles[0])) {
    console.log(`bench:screening skipped: shared datasets not found under ${path.join(sharedDir, "data/screening")} (pass CSV files as arguments)`);
    process.exit(0);
  }
  files = sharedFiles;
}

const anchors = readAnchors();
console.log(`# load average at start: ${(await import("node:os")).loadavg().map((x) => x.toFixed(2)).join(" ")}`);
const rows: string[] = [];
for (const file of files) {
  const report = benchFile(file);
  console.log(JSON.stringify(report));
  rows.push(tableRow(report));
}
console.log(["", "| dataset | N | incl. | WSS@95 % | recall@10% | @25% | @50% | ASReview WSS@95 | random WSS@95 | s/sim |", "|---|---|---|---|---|---|---|---|---|---|", ...rows].join("\n"));
if (opts.timing) console.log(JSON.stringify(timeRetrain(existsSync(sharedFiles[0]) ? sharedFiles : files)));

function benchFile(file: string) {
  const ds = readLabelledCsv(file, columns);
  const corpus = buildCorpus(ds.records);
  const prioritiser = { ...defaultPrioritiserOptions, model: opts.model as ModelKind };
  const results: SimulationResult[] = seeds.map((seed) =>
    simulateScreening(corpus.matrix, ds.labels, {
      seed, prioritiser,
      stoppingRules: opts.stopping ? stoppingRules : [],
      estimateCheckpoints: opts.stopping ? [0.1, 0.25, 0.5] : [],
    }),
  );
  const name = path.basename(file, ".csv");
  const metric = (key: keyof OrderMetrics) => summary(results.map((r) => 100 * r.metrics[key]));
  const random = randomOrderMetrics(ds.records.length - 2, results[0].metrics.nIncluded);
  return {
    file: name,
    columns: ds.columns,
    n: ds.records.length,
    n_included: ds.labels.reduce((s, x) => s + x, 0),
    seeds,
    unit: "% (priors excluded from N and k)",
    wss95: metric("wss95"),
    recall_at_10pct: metric("recallAt10pct"),
    recall_at_25pct: metric("recallAt25pct"),
    recall_at_50pct: metric("recallAt50pct"),
    random_baseline: {
      method: "exact expectation over uniformly random orders",
      wss95: round(100 * random.wss95), recall_at_10pct: round(100 * random.recallAt10pct),
      recall_at_25pct: round(100 * random.recallAt25pct), recall_at_50pct: round(100 * random.recallAt50pct),
    },
    asreview_classic: anchors.get(name) ?? null,
    stopping: stoppingRules.filter(() => opts.stopping).map((rule, i) => ({
      rule,
      screened_pct: summary(results.map((r) => 100 * (r.stopping[i]?.screenedFraction ?? 1))),
      recall_pct: summary(results.map((r) => 100 * (r.stopping[i]?.recall ?? 1))),
    })),
    remaining_estimate: [0.1, 0.25, 0.5].filter(() => opts.stopping).map((f, i) => {
      const checks = results.map((r) => r.estimates[i]).filter((c) => c !== undefined);
      const judge = (pick: (c: EstimateCheck) => { expected: number; interval90: [number, number] }) => ({
        expected: summary(checks.map((c) => pick(c).expected)),
        truth_in_90pct_interval: `${checks.filter((c) => c.trueRemaining >= pick(c).interval90[0] && c.trueRemaining <= pick(c).interval90[1]).length}/${checks.length}`,
      });
      return { at_screened_pct: 100 * f, true_remaining: summary(checks.map((c) => c.trueRemaining)), model: judge((c) => c.model), yield_curve: judge((c) => c.yieldCurve) };
    }),
    seconds_per_simulation: summary(results.map((r) => r.seconds), 2),
    model: describeRanking(prioritiser),
  };
}

/**
 * Retrain + rescore time on 20,000 records (the budget is 2 s): the shared datasets
 * cycled to 20,000 records, with 1,000 / 5,000 / 10,000 decisions already made. "stateless" is
 * rankUnscreened from scratch (train, score, sort, remaining estimate); "incremental" is one more
 * decision on a live Prioritiser (update, score, sort).
 */
function timeRetrain(sources: string[]) {
  const pool = sources.map((f) => readLabelledCsv(f, columns));
  const all = pool.flatMap((d) => d.records.map((r, i) => ({ record: r, label: d.labels[i] as 0 | 1 })));
  const n = 20_000;
  const records: ScreeningRecord[] = Array.from({ length: n }, (_, i) => ({ ...all[i % all.length].record, id: `r${i}` }));
  const labels = Array.from({ length: n }, (_, i) => all[i % all.length].label);
  let t = performance.now();
  const corpus = buildCorpus(records);
  const buildSeconds = (performance.now() - t) / 1000;
  const order = shuffle(Int32Array.from({ length: n }, (_, i) => i), createRng(0));
  const cases = [1_000, 5_000, 10_000].map((decided) => {
    const decisions = new Map<string, 0 | 1>();
    for (let i = 0; i < decided; i++) decisions.set(records[order[i]].id, labels[order[i]]);
    const stateless = median(3, () => rankUnscreened(corpus, decisions));
    const live = new Prioritiser(corpus.matrix);
    for (let i = 0; i < decided; i++) live.decide(order[i], labels[order[i]]);
    live.scores();
    let next = decided;
    const incremental = median(5, () => {
      live.decide(order[next], labels[order[next++]]);
      const s = live.scores();
      const rows = [];
      for (let r = 0; r < n; r++) if (live.training.labels[r] === -1) rows.push(r);
      rows.sort((a, b) => s[b] - s[a] || a - b);
    });
    return { decided, stateless_ms: stateless, incremental_ms: incremental };
  });
  return { timing: "retrain + rescore, 20,000 records", vocabulary: corpus.vocabulary.length, nnz: corpus.matrix.indices.length, build_corpus_s: round(buildSeconds, 2), cases };
}

function median(reps: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(reps / 2)]);
}

function tableRow(r: ReturnType<typeof benchFile>): string {
  const f = (s: { mean: number; min: number; max: number }) => `${s.mean.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
  const a = r.asreview_classic;
  return `| ${r.file} | ${r.n.toLocaleString("en")} | ${r.n_included} | ${f(r.wss95)} | ${f(r.recall_at_10pct)} | ${r.recall_at_25pct.mean.toFixed(1)} | ${r.recall_at_50pct.mean.toFixed(1)} | ${a ? a.wss95 : "–"} | ${r.random_baseline.wss95.toFixed(1)} | ${r.seconds_per_simulation.mean.toFixed(1)} |`;
}

function summary(values: number[], digits = 1) {
  const ok = values.filter((v) => Number.isFinite(v));
  if (ok.length === 0) return { mean: NaN, min: NaN, max: NaN };
  return { mean: round(ok.reduce((s, x) => s + x, 0) / ok.length, digits), min: round(Math.min(...ok), digits), max: round(Math.max(...ok), digits) };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function parseSeeds(spec: string): number[] {
  const range = /^(\d+)-(\d+)$/.exec(spec);
  if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
  const list = spec.split(",").map(Number);
  if (list.some((s) => !Number.isInteger(s))) throw new Error(`--seeds: cannot read "${spec}" (use 0-9 or 0,3,5)`);
  return list;
}

/** ASReview anchor WSS@95 per dataset, read from shared/docs/benchmarks.md when present. */
function readAnchors(): Map<string, { wss95: number; recall_at_10pct: number }> {
  const doc = path.join(sharedDir, "docs/benchmarks.md");
  const anchors = new Map<string, { wss95: number; recall_at_10pct: number }>();
  if (!existsSync(doc)) return anchors;
  for (const line of readFileSync(doc, "utf8").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 8 || !/^[A-Za-z].*_\d{4}/.test(cells[1])) continue;
    anchors.set(cells[1], { wss95: Number.parseFloat(cells[4]), recall_at_10pct: Number.parseFloat(cells[5]) });
  }
  return anchors;
}
