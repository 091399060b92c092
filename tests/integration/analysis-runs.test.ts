import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { analysisOutputs, analysisRuns } from "@/db/schema";
import { escalc, modelData, rma } from "@/server/engine/effects";
import { startAnalysisWorker, type WorkerHandle } from "@/server/jobs/analysis-worker";
import { jobQueueFor, stopQueue } from "@/server/jobs/queue";
import { executeRun } from "@/server/review/analysis/execute-run";
import { staleAfterMs, sweepStaleRuns, maxAttempts } from "@/server/review/analysis/run-lifecycle";
import { snapshotToEffectsInput } from "@/server/review/snapshot/convert";
import type { SessionUser } from "@/server/trpc";
import { createCallerFactory } from "@/server/trpc";
import { appRouter } from "@/server/routers";
import { fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import { insertSnapshot, syntheticSnapshot } from "./analysis-fixtures";

const createCaller = createCallerFactory(appRouter);

describe("analysis runs through the durable queue", () => {
  let handle: TestDatabase;
  let worker: WorkerHandle;
  let owner: SessionUser;
  let projectId: string;
  const caller = (user: SessionUser) => createCaller({ db: handle.db, user, jobs: jobQueueFor(handle) });

  async function waitFor(runId: string, done = ["succeeded", "failed", "cancelled"], timeoutMs = 90_000) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const run = await caller(owner).analysis.get({ projectId, runId });
      if (done.includes(run.status)) return run;
      if (Date.now() > until) throw new Error(`run ${runId} still ${run.status} (${run.progressMessage})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    projectId = (await caller(owner).projects.create({ title: "Analysis runs" })).id;
    await insertSnapshot(handle.db, projectId, owner.id, syntheticSnapshot(projectId, 1, 10));
    await insertSnapshot(handle.db, projectId, owner.id, syntheticSnapshot(projectId, 2, 4, { outcomes: false }));
    worker = await startAnalysisWorker(handle, { embedded: true });
  });
  afterAll(async () => {
    await worker?.stop();
    if (handle) await stopQueue(handle);
    await handle?.close();
  });

  it("runs an effect-size meta-analysis whose pooled estimate is the engine's REML fit of the snapshot's outcomes", async () => {
    const run = await caller(owner).analysis.start({ projectId, snapshotVersion: 1, kind: "effects", parameters: { measure: "MD", method: "REML", outcome: "VAS" } });
    expect(run.parameters).toMatchObject({ measure: "MD", method: "REML", knha: false });
    const done = await waitFor(run.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    const snapshot = syntheticSnapshot(projectId, 1, 10);
    const expected = rma(modelData(escalc("MD", snapshotToEffectsInput(snapshot, { outcome: "VAS" }).studies)), { method: "REML" });
    expect(done.summary.estimate).toBeCloseTo(expected.beta[0], 12);
    expect(done.summary.tau2).toBeCloseTo(expected.tau2, 12);
    const outputs = await handle.db.select({ name: analysisOutputs.name, size: analysisOutputs.sizeBytes }).from(analysisOutputs).where(eq(analysisOutputs.runId, run.id));
    expect(outputs.map((o) => o.name).sort()).toEqual(["forest.png", "forest.svg", "funnel.png", "funnel.svg", "result.json"]);
    expect(outputs.every((o) => o.size > 100)).toBe(true);
    expect(done.snapshotVersion).toBe(1);
    expect(done.softwareVersion).toMatch(/^concord \d/);
  });

  it("runs ALE with Monte Carlo FWE, stores maps and clusters, and reproduces identical outputs from the same seed", async () => {
    const params = { iterations: 200, clusterFormingP: 0.001 };
    const a = await caller(owner).analysis.start({ projectId, snapshotVersion: 1, kind: "ale", parameters: params, seed: 42 });
    const b = await caller(owner).analysis.start({ projectId, snapshotVersion: 1, kind: "ale", parameters: params, seed: 42 });
    const [ra, rb] = [await waitFor(a.id, undefined, 180_000), await waitFor(b.id, undefined, 180_000)];
    expect(ra.error).toBeNull();
    expect(ra.status).toBe("succeeded");
    expect(rb.status).toBe("succeeded");
    expect(ra.summary.experiments).toBe(10);
    expect(ra.summary.clusters).toBeGreaterThan(0);
    const outputsOf = async (runId: string) =>
      (await handle.db.select().from(analysisOutputs).where(eq(analysisOutputs.runId, runId))).sort((x, y) => x.name.localeCompare(y.name));
    const [oa, ob] = [await outputsOf(a.id), await outputsOf(b.id)];
    expect(oa.map((o) => o.name)).toContain("ale_z_thresholded.nii.gz");
    expect(oa.map((o) => o.name)).toContain("clusters.json");
    const comparable = (o: (typeof oa)[number]) => (o.name === "run.json" ? null : [o.name, o.bytes ? Buffer.from(o.bytes).toString("base64") : JSON.stringify(o.json)]);
    expect(oa.map(comparable)).toEqual(ob.map(comparable));
    // the top cluster sits where the synthetic studies agree (left insula, −38, 8, 2)
    const clusters = (oa.find((o) => o.name === "clusters.json")!.json as { clusters: { peaks: { mni_mm: number[] }[] }[] }).clusters;
    const peak = clusters[0].peaks[0].mni_mm;
    expect(Math.hypot(peak[0] + 38, peak[1] - 8, peak[2] - 2)).toBeLessThan(8);
  });

  it("runs SDM and finds the shared increase as a positive cluster near the left insula", async () => {
    const run = await caller(owner).analysis.start({ projectId, snapshotVersion: 1, kind: "sdm", parameters: { permutations: 50 }, seed: 3 });
    expect(run.parameters).toMatchObject({ voxelP: 0.005, peakZ: 1, minClusterVoxels: 10, fwhmMm: 20 });
    const done = await waitFor(run.id, undefined, 180_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe("succeeded");
    const [clusters] = await handle.db.select().from(analysisOutputs).where(eq(analysisOutputs.runId, run.id)).then((rows) => rows.filter((r) => r.name === "clusters.json"));
    const positive = (clusters.json as { positive: { peak_x: number; peak_y: number; peak_z: number; g: number }[] }).positive;
    expect(positive.length).toBeGreaterThan(0);
    const near = positive.some((c) => Math.hypot(c.peak_x + 38, c.peak_y - 8, c.peak_z - 2) < 12 && c.g > 0);
    expect(near).toBe(true);
  });

  it("runs an ALE contrast and conjunction between modalities", async () => {
    const run = await caller(owner).analysis.start({
      projectId,
      snapshotVersion: 1,
      kind: "ale_contrast",
      parameters: { groupField: "modality", groupA: "ALFF", groupB: "ReHo", iterations: 100, permutations: 100 },
      seed: 5,
    });
    const done = await waitFor(run.id, undefined, 180_000);
    expect(done.error).toBeNull();
    expect(done.summary).toMatchObject({ groupA: "ALFF (5)", groupB: "ReHo (5)" });
    const names = (await handle.db.select({ name: analysisOutputs.name }).from(analysisOutputs).where(eq(analysisOutputs.runId, run.id))).map((o) => o.name);
    expect(names).toEqual(expect.arrayContaining(["contrast.json", "stat_desc-AminusB.nii.gz", "stat_desc-conjunction.nii.gz"]));
    // a group that does not exist is refused with a clear message
    const bad = await caller(owner).analysis.start({ projectId, snapshotVersion: 1, kind: "ale_contrast", parameters: { groupA: "ALFF", groupB: "VBM", iterations: 100, permutations: 100 } });
    const failed = await waitFor(bad.id);
    expect(failed.error).toMatch(/modality = "VBM" has 0 experiment/);
  });

  it("fails with the reason when the snapshot has no usable outcome data", async () => {
    const run = await caller(owner).analysis.start({ projectId, snapshotVersion: 2, kind: "effects", parameters: { measure: "MD" } });
    const done = await waitFor(run.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/at least 2 studies with outcome data/);
  });

  it("cancels a long run on request", async () => {
    const run = await caller(owner).analysis.start({ projectId, snapshotVersion: 1, kind: "ale", parameters: { iterations: 100_000 } });
    await waitFor(run.id, ["running"]);
    await caller(owner).analysis.cancel({ projectId, runId: run.id });
    const done = await waitFor(run.id, ["cancelled", "failed", "succeeded"], 60_000);
    expect(done.status).toBe("cancelled");
  });

  it("refuses a run on a missing snapshot or with invalid parameters, and writes nothing", async () => {
    const before = await fingerprint(handle.db);
    await expect(caller(owner).analysis.start({ projectId, snapshotVersion: 9, kind: "ale" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(caller(owner).analysis.start({ projectId, snapshotVersion: 1, kind: "ale", parameters: { iterations: 5 } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("re-queues a run whose worker died, and fails it after too many attempts", async () => {
    const run = await caller(owner).analysis.start({ projectId, snapshotVersion: 1, kind: "effects", parameters: { measure: "MD" } });
    await waitFor(run.id);
    const old = new Date(Date.now() - staleAfterMs - 1000);
    await handle.db.update(analysisRuns).set({ status: "running", heartbeatAt: old, attempts: 1 }).where(eq(analysisRuns.id, run.id));
    expect(await sweepStaleRuns(handle.db)).toEqual([run.id]);
    expect(await executeRun(handle.db, run.id, "test-worker")).toBe("succeeded");
    await handle.db.update(analysisRuns).set({ status: "running", heartbeatAt: old, attempts: maxAttempts }).where(eq(analysisRuns.id, run.id));
    expect(await sweepStaleRuns(handle.db)).toEqual([]);
    const after = await caller(owner).analysis.get({ projectId, runId: run.id });
    expect(after.status).toBe("failed");
    expect(after.error).toMatch(/stopped 3 times/);
  });
});
