// Next-record latency and model retrain time of the screening queue on a 20,000-record project.
// `npx tsx bench/screening-queue.bench.ts [records] [decisions]`; on PostgreSQL when DATABASE_URL is set
// (a scratch database is created and dropped), else in-memory PGlite. Latency is measured through the
// tRPC caller (membership check + settings + queue walk + record load), as the browser's request would be
// minus HTTP.
import os from "node:os";
import { prioritiserCache } from "@/server/review/screening/prioritiser-cache";
import { callerFor, openTestDatabase } from "@/tests/integration/harness";
import { makeScreeningProject, type RecordSeed } from "@/tests/integration/screening-fixtures";

const nRecords = Number(process.argv[2] ?? 20_000);
const nDecisions = Number(process.argv[3] ?? 300);

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
  const alice = callerFor(handle.db, p.alice);
  const bob = callerFor(handle.db, p.bob);

  t = performance.now();
  await alice.screening.next({ projectId: p.projectId, stage: "title_abstract" });
  console.log(`first next (cold cache: loads pool ids; vectorising starts in the background): ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  const stats0 = await prioritiserCache.stats(handle.db, p.projectId, { waitForTraining: true });
  console.log(`vectorise (TF-IDF, ${stats0.records} records) in the background: ${stats0.corpusBuildMs?.toFixed(0)} ms; first training ${stats0.retrainMs?.toFixed(0)} ms (waited ${(performance.now() - t).toFixed(0)} ms)`);

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
    decisions: latencies.length,
    nextRecordMs: { p50: +pct(latencies, 0.5).toFixed(1), p95: +pct(latencies, 0.95).toFixed(1), max: +Math.max(...latencies).toFixed(1) },
    retrainMs: retrains.length ? { median: +pct(retrains, 0.5).toFixed(0), max: +Math.max(...retrains).toFixed(0), last: +(s.retrainMs ?? 0).toFixed(0) } : null,
    labelled: { relevant: s.labelledRelevant, irrelevant: s.labelledIrrelevant },
    remainingEstimate: s.remaining && +s.remaining.expected.toFixed(1),
    load: os.loadavg().map((x) => +x.toFixed(2)),
  }));
} finally {
  await handle.close();
}
