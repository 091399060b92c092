// Time to load the data of an ALE results page for a 10,000-iteration run: the tRPC `get` (run
// row, output list, inline JSON) with its superjson serialisation, the displayed map through the
// download route, and the template/labels through the atlas route. The run is produced by the
// real engine (fitAle + correctFwe with 10,000 iterations on the 16-experiment synthetic dataset
// of the test fixtures), stored in an in-memory PGlite database (or DATABASE_URL's server).
// Run with `npm run bench -- results-page`; RESULTS_BENCH_ITERATIONS overrides the iteration count.
import { loadavg } from "node:os";
import superjson from "superjson";
import { handleAtlasRequest, handleOutputRequest } from "@/server/review/analysis-results/http";
import { callerFor, makeUser, openTestDatabase } from "@/tests/integration/harness";
import { aleOutputs, insertRun, insertSnapshot, runAleForFixture, syntheticAleDataset } from "@/tests/integration/analysis-results-fixtures";

const iterations = Number(process.env.RESULTS_BENCH_ITERATIONS ?? 10_000);
const reps = 15;

async function timeIt<T>(label: string, fn: () => Promise<T>, size: (r: T) => number): Promise<number> {
  const r0 = await fn(); // warm-up (first query plans, JIT)
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(reps / 2)];
  const bytes = size(r0);
  console.log(`${label.padEnd(62)} median ${median.toFixed(1).padStart(7)} ms  (min ${times[0].toFixed(1)}, max ${times[reps - 1].toFixed(1)})  ${(bytes / 1024).toFixed(0).padStart(5)} KB`);
  return median;
}

console.log(`load average (1/5/15 min): ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
const handle = await openTestDatabase();
try {
  const owner = await makeUser(handle.db, "Owner");
  const projectId = (await callerFor(handle.db, owner).projects.create({ title: "Results bench" })).id;
  const dataset = syntheticAleDataset();
  const snapshot = await insertSnapshot(handle.db, projectId, owner.id, dataset);
  const t0 = performance.now();
  const ale = await runAleForFixture({ iterations, seed: 1, threads: 2 });
  console.log(`engine: ALE fit ${ale.timings.fitSeconds.toFixed(1)} s + ${iterations.toLocaleString("en-US")} Monte Carlo iterations ${ale.timings.monteCarloSeconds.toFixed(1)} s (${((performance.now() - t0) / 1000).toFixed(1)} s total)`);
  const outputs = aleOutputs(ale.result, null);
  const run = await insertRun(
    handle.db,
    { projectId, snapshotId: snapshot.id, snapshotVersion: 1, snapshotSha256: snapshot.sha256, seed: 1, softwareVersion: "bench", createdBy: owner.id, name: "ALE bench", kind: "ale", status: "succeeded", parameters: { iterations }, timings: ale.timings, summary: { clusters: ale.result.tables.clusters.length } },
    outputs,
  );
  const stored = outputs.reduce((a, o) => a + (o.bytes?.byteLength ?? JSON.stringify(o.json).length), 0);
  console.log(`stored: ${outputs.length} outputs, ${(stored / 1024).toFixed(0)} KB (maps gzipped; null_distributions.json ${(JSON.stringify(outputs.find((o) => o.name === "null_distributions.json")?.json).length / 1024).toFixed(0)} KB)`);

  const caller = callerFor(handle.db, owner);
  const input = { projectId, runId: run.id };
  const page = await timeIt("tRPC analysisResults.get + superjson (page data)", async () => superjson.stringify(await caller.analysisResults.get(input)), (s) => s.length);
  const request = (name: string) => new Request(`http://localhost/api/projects/${projectId}/analysis/${run.id}/outputs/${name}`);
  const map = await timeIt("download route: ale_z_thresholded.nii.gz (displayed map)", async () => new Uint8Array(await (await handleOutputRequest(handle.db, owner, { projectId, runId: run.id, name: "ale_z_thresholded.nii.gz" }, request("ale_z_thresholded.nii.gz"))).arrayBuffer()), (b) => b.byteLength);
  let atlas = 0;
  for (const file of ["ch2bet_2mm.nii.gz", "aal_2mm.nii.gz", "aal_labels.tsv"]) {
    atlas += await timeIt(`atlas route: ${file}`, async () => new Uint8Array(await (await handleAtlasRequest(file)).arrayBuffer()), (b) => b.byteLength);
  }
  console.log(`server time for everything the page fetches (sequential sum of medians): ${(page + map + atlas).toFixed(1)} ms`);
  await timeIt("for comparison: download route ale_stat.nii.gz (largest map, not fetched)", async () => new Uint8Array(await (await handleOutputRequest(handle.db, owner, { projectId, runId: run.id, name: "ale_stat.nii.gz" }, request("ale_stat.nii.gz"))).arrayBuffer()), (b) => b.byteLength);
} finally {
  await handle.close();
}
