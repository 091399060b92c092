import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { analysisRuns } from "@/db/schema";
import { createDemoProject } from "@/server/review/demo/create-demo";
import { executeRun } from "@/server/review/analysis/execute-run";
import { getPrismaReport } from "@/server/review/prisma/get-prisma-counts";
import { buildReport } from "@/server/review/report/build-report";
import { makeUser, openTestDatabase, callerFor, type TestDatabase } from "./harness";

describe("the demo project", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle?.close());

  it("walks every stage through the real services and ends with a locked snapshot and runnable analyses", { timeout: 300_000 }, async () => {
    const owner = await makeUser(handle.db, "Demo owner");
    const t0 = performance.now();
    const { projectId, runIds } = await createDemoProject(handle.db, owner);
    console.log(`demo project created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const prisma = await getPrismaReport(handle.db, projectId);
    expect(prisma.problems).toEqual([]);
    expect(prisma.counts.databases.map((d) => d.name)).toEqual(["PubMed", "Embase", "Web of Science"]);
    expect(prisma.counts.duplicates).toBeGreaterThan(25);
    expect(prisma.counts.notRetrieved).toBe(2);
    expect(prisma.counts.excluded.reduce((s, x) => s + x.n, 0)).toBe(3);
    expect(prisma.counts.reportsIncluded).toBe(15);
    expect(prisma.counts.studiesIncluded).toBe(14);
    const snapshots = await callerFor(handle.db, owner).analysis.snapshots({ projectId });
    expect(snapshots[0]).toMatchObject({ version: 1, studyCount: 14 });
    const runs = await handle.db.select().from(analysisRuns).where(eq(analysisRuns.projectId, projectId));
    expect(runs.map((r) => [r.kind, r.status]).sort()).toEqual([["ale", "queued"], ["effects", "queued"], ["sdm", "queued"]]);
    // the ALE and SDM executors are exercised in analysis-runs.test.ts; here the effect-size run proves the snapshot's outcome data
    const effects = runs.find((r) => r.kind === "effects")!;
    expect(await executeRun(handle.db, effects.id, "test")).toBe("succeeded");
    const [done] = await handle.db.select().from(analysisRuns).where(eq(analysisRuns.id, effects.id));
    expect(done.summary.k).toBe(14);
    expect(runIds).toHaveLength(3);
    const report = await buildReport(handle.db, projectId, { withFigures: false });
    expect(report.methods.map((m) => m.heading)).toContain("Data extraction and quality assessment");
    expect(report.characteristics.rows).toHaveLength(14);
  });
});
