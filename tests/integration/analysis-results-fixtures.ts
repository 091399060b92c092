/**
 * Dev/test fixtures for the results pages: a locked snapshot row plus finished analysis runs whose
 * outputs come from really running the engines (ALE fit + Monte Carlo FWE + jackknife on a small
 * synthetic coordinate dataset; the effect-size engine's `runCase` on a small hand-made case with
 * server-rendered forest/funnel plots). No result number is typed by hand here.
 *
 * Used by the integration tests, the browser test (against the e2e server's PostgreSQL) and the
 * results-page benchmark. Written before the lead's executors existed; the output names and
 * shapes follow the output contract of issue 9.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { DbOrTx } from "@/db/client";
import { analysisOutputs, analysisRuns, datasetSnapshots } from "@/db/schema";
import { clusterTableCsv, clusterTableJson, ALE_MAP_FILES } from "@/server/engine/cbma/ale/outputs";
import { fitAle } from "@/server/engine/cbma/ale/fit";
import { correctFwe } from "@/server/engine/cbma/ale/fwe";
import { jackknifeAle } from "@/server/engine/cbma/ale/jackknife";
import type { AleResult } from "@/server/engine/cbma/ale/types";
import { encodeNifti } from "@/server/engine/cbma/nifti";
import { createRng } from "@/server/engine/cbma/rng";
import type { CoordinateDataset, Experiment } from "@/server/engine/cbma/types";
import { effectsCase, effectsOutputs } from "./analysis-results-effects-fixture";
import { runSdmForFixture, sdmOutputs } from "./analysis-results-sdm-fixture";

/** An output row as executors store it. */
export interface FixtureOutput {
  name: string;
  contentType: string;
  json?: unknown;
  bytes?: Uint8Array;
}

/** Convergence sites (MNI mm) the synthetic experiments report near: insula, ACC, thalamus. */
const SITES: [number, number, number][] = [
  [-38, 14, 2],
  [4, 26, 30],
  [12, -18, 8],
];

/**
 * A synthetic coordinate dataset: `k` experiments, each reporting foci near one or two of the
 * sites (jittered ±3 mm) plus scattered foci, from a seeded stream so it is the same every time.
 */
export function syntheticAleDataset(k = 16, seed = 7): CoordinateDataset {
  const rng = createRng(seed);
  const jitter = () => (rng.nextFloat() - 0.5) * 6;
  const experiments: Experiment[] = [];
  for (let e = 0; e < k; e++) {
    const foci: [number, number, number][] = [];
    const sites = [SITES[e % SITES.length], ...(e % 2 === 0 ? [SITES[(e + 1) % SITES.length]] : [])];
    for (const s of sites) foci.push([s[0] + jitter(), s[1] + jitter(), s[2] + jitter()]);
    for (let r = 0; r < 3; r++) foci.push([(rng.nextFloat() - 0.5) * 120, (rng.nextFloat() - 0.6) * 150, (rng.nextFloat() - 0.3) * 80]);
    const id = `exp-${String(e + 1).padStart(2, "0")}`;
    experiments.push({
      id,
      studyLabel: `Study ${String.fromCharCode(65 + e)} ${2010 + (e % 12)}`,
      contrastLabel: "Pain > rest",
      sampleSize: 12 + ((e * 7) % 20),
      space: "MNI",
      transform: "none",
      foci: foci.map((f) => ({ mniMm: f.map((x) => Math.round(x)) as [number, number, number], originalMm: f.map((x) => Math.round(x)) as [number, number, number] })),
    });
  }
  return { name: "synthetic pain ALE", experiments };
}

/** Runs ALE + FWE (+ jackknife) and returns the result. */
export async function runAleForFixture(opts: { iterations: number; seed: number; jackknifeIterations?: number; threads?: number; dataset?: CoordinateDataset }): Promise<{ result: AleResult; jackknife: unknown[] | null; timings: Record<string, number> }> {
  const t0 = performance.now();
  const fitted = fitAle(opts.dataset ?? syntheticAleDataset());
  const t1 = performance.now();
  const corrected = await correctFwe(fitted, { iterations: opts.iterations, seed: opts.seed, threads: opts.threads ?? 0 });
  const t2 = performance.now();
  let result = corrected;
  let jackknife: unknown[] | null = null;
  if (opts.jackknifeIterations) {
    const jk = await jackknifeAle(corrected, { iterations: opts.jackknifeIterations, seed: opts.seed, threads: opts.threads ?? 0 });
    result = jk;
    jackknife = jk.tables.jackknife;
  }
  const t3 = performance.now();
  return { result, jackknife, timings: { fitSeconds: (t1 - t0) / 1000, monteCarloSeconds: (t2 - t1) / 1000, jackknifeSeconds: (t3 - t2) / 1000 } };
}

/** The outputs an ALE executor stores for a result (maps gzipped NIfTI, cluster table, null). */
export function aleOutputs(result: AleResult, jackknife: unknown[] | null): FixtureOutput[] {
  const outputs: FixtureOutput[] = [];
  for (const { key, file, datatype } of ALE_MAP_FILES) {
    const data = result.maps[key];
    if (!data) continue;
    const raw = encodeNifti({ grid: result.model.grid, data, datatype, description: `Concord ALE ${key}` });
    outputs.push({ name: file, contentType: "application/gzip", bytes: gzipSync(raw, { level: 6 }) });
  }
  outputs.push({
    name: "clusters.json",
    contentType: "application/json",
    json: {
      cluster_forming_threshold_ale: result.model.clusterThresholdAle,
      cluster_forming_p: result.params.clusterFormingP,
      connectivity: "6 (faces)",
      n_clusters: result.tables.clusters.length,
      clusters: clusterTableJson(result.tables.clusters),
    },
  });
  outputs.push({ name: "clusters.csv", contentType: "text/csv", bytes: new TextEncoder().encode(clusterTableCsv(result.tables.clusters)) });
  const mc = result.model.monteCarlo;
  if (mc) {
    outputs.push({ name: "null.json", contentType: "application/json", json: { cluster_forming_threshold_ale: result.model.clusterThresholdAle, ...(result.params.fwe as object) } });
    outputs.push({
      name: "null_distributions.json",
      contentType: "application/json",
      json: { n_iters: mc.nIterations, seed: mc.seed, max_ale: Array.from(mc.maxAle), max_cluster_size_voxels: Array.from(mc.maxClusterSizeVoxels), max_cluster_mass: Array.from(mc.maxClusterMass) },
    });
  }
  if (jackknife) outputs.push({ name: "jackknife.json", contentType: "application/json", json: jackknife });
  return outputs;
}

/** Inserts a locked snapshot row (the runs' foreign key) with the dataset as canonical JSON. */
export async function insertSnapshot(db: DbOrTx, projectId: string, userId: string, dataset: CoordinateDataset, version = 1) {
  const canonicalJson = JSON.stringify(dataset);
  const [row] = await db
    .insert(datasetSnapshots)
    .values({
      projectId,
      version,
      sha256: createHash("sha256").update(canonicalJson).digest("hex"),
      canonicalJson,
      studyCount: new Set(dataset.experiments.map((e) => e.studyLabel)).size,
      experimentCount: dataset.experiments.length,
      fociCount: dataset.experiments.reduce((a, e) => a + e.foci.length, 0),
      lockedBy: userId,
    })
    .returning();
  return row;
}

type RunValues = typeof analysisRuns.$inferInsert;

/** Inserts a run row and its outputs (sizes as the lead's `completeRun` computes them). */
export async function insertRun(db: DbOrTx, values: RunValues, outputs: FixtureOutput[]) {
  const [run] = await db.insert(analysisRuns).values(values).returning();
  for (const o of outputs) {
    await db.insert(analysisOutputs).values({
      runId: run.id,
      name: o.name,
      contentType: o.contentType,
      json: o.json === undefined ? null : (o.json as object),
      bytes: o.bytes ?? null,
      sizeBytes: o.bytes?.byteLength ?? JSON.stringify(o.json ?? null).length,
    });
  }
  return run;
}

/** Everything a results page can show: one finished ALE run, one effects run, one running, one failed. */
export interface SeededRuns {
  snapshotId: string;
  aleRunId: string;
  effectsRunId: string;
  runningRunId: string;
  failedRunId: string;
  /** Only when seeded with `sdm: true`. */
  sdmRunId: string | null;
}

/**
 * Seeds a project with a snapshot and four runs whose outputs come from the engines.
 * @param opts.iterations - Monte Carlo iterations of the ALE run (tests use few; the bench 10 000).
 */
export async function seedResultsProject(db: DbOrTx, projectId: string, userId: string, opts: { iterations?: number; jackknifeIterations?: number; threads?: number; sdm?: boolean; plotScale?: number } = {}): Promise<SeededRuns> {
  const dataset = syntheticAleDataset();
  const snapshot = await insertSnapshot(db, projectId, userId, dataset);
  const seed = 20240611;
  const iterations = opts.iterations ?? 200;
  const ale = await runAleForFixture({ iterations, seed, jackknifeIterations: opts.jackknifeIterations ?? 50, threads: opts.threads });
  const base = {
    projectId,
    snapshotId: snapshot.id,
    snapshotVersion: snapshot.version,
    snapshotSha256: snapshot.sha256,
    seed,
    softwareVersion: "concord 0.1.0",
    createdBy: userId,
  };
  const now = new Date();
  const fwe = ale.result.params.fwe as Record<string, unknown>;
  const aleRun = await insertRun(
    db,
    {
      ...base,
      name: "ALE: pain > rest",
      kind: "ale",
      parameters: { clusterFormingP: 0.001, iterations, fweAlpha: 0.05, fwhmMm: null, jackknife: true },
      status: "succeeded",
      progress: 1,
      progressMessage: "done",
      summary: { clusters: ale.result.tables.clusters.length, significantClusters: fwe.significantClusters, experiments: dataset.experiments.length },
      timings: { ...ale.timings, totalSeconds: ale.timings.fitSeconds + ale.timings.monteCarloSeconds + ale.timings.jackknifeSeconds },
      startedAt: new Date(now.getTime() - 60_000),
      finishedAt: now,
    },
    aleOutputs(ale.result, ale.jackknife),
  );
  const eff = effectsOutputs(effectsCase(), opts.plotScale);
  const effectsRun = await insertRun(
    db,
    { ...base, name: "Disability: exercise vs usual care", kind: "effects", parameters: { measure: "MD", method: "REML", knha: false }, status: "succeeded", progress: 1, progressMessage: "done", summary: eff.summary, timings: eff.timings, startedAt: now, finishedAt: now },
    eff.outputs,
  );
  const running = await insertRun(
    db,
    { ...base, name: "ALE with 10,000 iterations", kind: "ale", parameters: { iterations: 10_000 }, status: "running", progress: 0.42, progressMessage: "Monte Carlo 4,200 / 10,000 iterations", etaSeconds: 38, startedAt: now },
    [],
  );
  const failed = await insertRun(
    db,
    { ...base, name: "ALE on an empty filter", kind: "ale", status: "failed", error: "fitAle: the dataset has no foci", startedAt: now, finishedAt: now },
    [],
  );
  let sdmRunId: string | null = null;
  if (opts.sdm) {
    const t0 = performance.now();
    const permutations = 100;
    const sdm = await runSdmForFixture({ permutations, seed, threads: opts.threads });
    const totalSeconds = (performance.now() - t0) / 1000;
    const clusters = sdm.tables.clusters;
    const run = await insertRun(
      db,
      {
        ...base,
        name: "SDM: patients vs controls",
        kind: "sdm",
        parameters: { voxelP: 0.005, peakZ: 1, minClusterVoxels: 10, fwhmMm: 20, permutations, tau2Method: "DL" },
        status: "succeeded",
        progress: 1,
        progressMessage: "done",
        summary: { significantClusters: clusters.length, increases: clusters.filter((c) => c.sign === "positive").length, decreases: clusters.filter((c) => c.sign === "negative").length },
        timings: { totalSeconds },
        startedAt: now,
        finishedAt: now,
      },
      sdmOutputs(sdm),
    );
    sdmRunId = run.id;
  }
  return { snapshotId: snapshot.id, aleRunId: aleRun.id, effectsRunId: effectsRun.id, runningRunId: running.id, failedRunId: failed.id, sdmRunId };
}
