// Next-record latency and model retrain time of the screening queue on a 20,000-record project.
// `npx tsx bench/screening-queue.bench.ts [records] [decisions] [--decided=K] [--explain]`; on PostgreSQL
// when DATABASE_URL is set (a scratch database is created and dropped), else in-memory PGlite.
// Latency is measured through the tRPC caller (membership check + settings + queue walk + record
// load), as the browser's request would be minus HTTP. `--decided=K` first stores both reviewers'
// decisions on K records (a late-stage project: the queue must walk past them); `--explain` prints
// the PostgreSQL plans of the hot statements.
import os from "node:os";
import { sql, type SQL } from "drizzle-orm";
import { screeningDecisions } from "@/db/schema";
import { checkCandidatesSql } from "@/server/review/screening/next-title-abstract";
import { prioritiserCache } from "@/server/review/screening/prioritiser-cache";
import { closedRecordsSql } from "@/server/review/screening/queue-hints";
import { queryRows } from "@/server/review/screening/sql-rows";
import { recentDecisionsSql } from "@/server/review/screening/stopping";
import { callerFor, openTestDatabase } from "@/tests/integration/harness";
import { makeScreeningProject, type RecordSeed } from "@/tests/integration/screening-fixtures";

const positional = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const flag = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const nRecords = Number(positional[0] ?? 20_000);
const nDecisions = Number(positional[1] ?? 300);
const preDecided = Number(flag("decided")?.split("=")[1] ?? 0);
const explain = !!flag("explain");

/** Zipf-distributed pseudo-words, so the TF-IDF matrix has a realistic shape (long tail, ~150-word abstracts). */
function syntheticSeeds(n: number): RecordSeed[] {
  let state = 12345;
  const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "pe", "do", "gra", "fen", "tol", "bri", "ces"];
  const vocab = Array.from({ length: 8000 }, (_, i) => {
    let w = "";
    for (let k = i + 1; k > 0; k = Math.floor(k / syllables.length)) w += syllables[k % syllables.length];
    return w;
  });
  const word = () => vocab[Math.min(vocab.length - 1, Math.floor(Math.exp(rand() * Math.log(vocab.length))) - 1)];
  const words = (k: number) => Array.from({ length: k }, word).join(" ");
  return Array.from({ length: n }, (_, i) => ({ title: `${words(10)} ${i}`, abstract: words(150), keywords: [word(), word()] }));
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

const handle = await openTestDatabase();
try {
  let t = performance.now();
  const p = await makeScreeningProject(handle.db, syntheticSeeds(nRecords));
  console.log(`setup: ${nRecords} records inserted in ${((performance.now() - t) / 1000).toFixed(1)} s (${handle.label})`);
  if (preDecided > 0) {
    t = performance.now();
    // Both reviewers on the first K records (every 20th included), so the model has both classes.
    for (let start = 0; start < preDecided; start += 2000) {
      const ids = p.recordIds.slice(start, Math.min(preDecided, start + 2000));
      const rows = ids.flatMap((recordId, i) => [p.alice, p.bob].map((u) => ({
        projectId: p.projectId, recordId, stage: "title_abstract" as const, reviewerId: u.id, decision: (start + i) % 20 === 0 ? "include" as const : "exclude" as const,
      })));
      await handle.db.insert(screeningDecisions).values(rows);
    }
    await handle.db.execute(sql`analyze`);
    console.log(`setup: ${preDecided} records decided by both reviewers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const alice = callerFor(handle.db, p.alice);
  const bob = callerFor(handle.db, p.bob);

  t = performance.now();
  await alice.screening.next({ projectId: p.projectId, stage: "title_abstract" });
  console.log(`first next (cold cache: loads pool ids and the caller's closed records; vectorising starts in the background): ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  const lagProbe = eventLoopLag();
  const stats0 = await prioritiserCache.stats(handle.db, p.projectId, { waitForTraining: true });
  const lag = lagProbe.stop();
  console.log(`vectorise (TF-IDF, ${stats0.records} records) in the background: ${stats0.corpusBuildMs?.toFixed(0)} ms; first training ${stats0.retrainMs?.toFixed(0)} ms (waited ${(performance.now() - t).toFixed(0)} ms; longest event-loop stall meanwhile ${lag.toFixed(0)} ms)`);

  const latencies: number[] = [];
  const retrains: number[] = [];
  for (let i = 0; i < nDecisions; i++) {
    const who = i % 2 === 0 ? alice : bob;
    t = performance.now();
    const next = await who.screening.next({ projectId: p.projectId, stage: "title_abstract" });
    latencies.push(performance.now() - t);
    if (!next.record) break;
    // a rule that makes a learnable pattern: ~5% relevant
    const relevant = next.record.title.length % 20 === 0;
    await who.screening.decide({ projectId: p.projectId, recordId: next.record.id, stage: "title_abstract", decision: relevant ? "include" : "exclude" });
    if (i % 25 === 24) {
      const s = await prioritiserCache.stats(handle.db, p.projectId, { waitForTraining: true });
      if (s.retrainMs !== null) retrains.push(s.retrainMs);
    }
  }
  const s = await prioritiserCache.stats(handle.db, p.projectId, { waitForTraining: true });
  console.log(JSON.stringify({
    database: handle.label,
    records: nRecords,
    preDecided,
    decisions: latencies.length,
    nextRecordMs: { p50: +pct(latencies, 0.5).toFixed(1), p95: +pct(latencies, 0.95).toFixed(1), max: +Math.max(...latencies).toFixed(1) },
    retrainMs: retrains.length ? { median: +pct(retrains, 0.5).toFixed(0), max: +Math.max(...retrains).toFixed(0), last: +(s.retrainMs ?? 0).toFixed(0) } : null,
    labelled: { relevant: s.labelledRelevant, irrelevant: s.labelledIrrelevant },
    remainingEstimate: s.remaining && +s.remaining.expected.toFixed(1),
    load: os.loadavg().map((x) => +x.toFixed(2)),
  }));
  if (explain && handle.label === "PostgreSQL") {
    const order = await prioritiserCache.order(handle.db, p.projectId, true);
    const plans: [string, SQL][] = [
      ["closed records of a reviewer (hints, once per 30 s)", closedRecordsSql(p.projectId, p.alice.id, 2)],
      ["next record: check 8 candidates + own count + record", checkCandidatesSql({ unblinded: false, reviewersPerRecord: 2 }, p.alice.id, p.projectId, order.slice(-8))],
      ["stopping rule: latest decisions", recentDecisionsSql(p.projectId, 200)],
    ];
    for (const [name, query] of plans) {
      const rows = await queryRows<{ "QUERY PLAN": string }>(handle.db, sql`explain (analyze, costs off) ${query}`);
      console.log(`\n-- ${name}\n${rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
    }
  }
} finally {
  await handle.close();
}

/** The longest gap between 10 ms timer ticks: how long the event loop was blocked. */
function eventLoopLag() {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  return { stop: () => (clearInterval(timer), worst) };
}
