import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun } from "@/server/review/analysis/execute-run";
import { createRun } from "@/server/review/analysis/start-run";
import { buildReport } from "@/server/review/report/build-report";
import { renderReportHtml, standaloneReportHtml } from "@/server/review/report/render-report-html";
import { openTestDatabase, type TestDatabase } from "./harness";
import { insertSnapshot, syntheticSnapshot } from "./analysis-fixtures";
import { makeScreeningProject, putDecision, sampleSeeds } from "./screening-fixtures";

describe("the report", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle?.close());

  it("writes the methods from the project's real settings and shows every table and figure", async () => {
    const p = await makeScreeningProject(handle.db, sampleSeeds(6));
    for (const id of p.recordIds) {
      await putDecision(handle.db, p.projectId, id, "title_abstract", p.alice.id, "exclude");
      await putDecision(handle.db, p.projectId, id, "title_abstract", p.bob.id, id === p.recordIds[0] ? "include" : "exclude");
    }
    const snapshot = syntheticSnapshot(p.projectId, 1, 8);
    await insertSnapshot(handle.db, p.projectId, p.owner.id, snapshot);
    const ale = await createRun(handle.db, p.owner.id, { projectId: p.projectId, snapshotVersion: 1, kind: "ale", parameters: { iterations: 150 }, seed: 7 });
    const eff = await createRun(handle.db, p.owner.id, { projectId: p.projectId, snapshotVersion: 1, kind: "effects", parameters: { measure: "SMD", method: "DL", knha: true, outcome: "VAS" } });
    expect(await executeRun(handle.db, ale.id, "w")).toBe("succeeded");
    expect(await executeRun(handle.db, eff.id, "w")).toBe("succeeded");

    const report = await buildReport(handle.db, p.projectId);
    const text = report.methods.map((m) => `${m.heading}: ${m.text}`).join("\n");
    expect(text).toContain("We searched 1 source: PubMed, 6 records");
    expect(text).toContain("2 reviewers independently");
    expect(text).toMatch(/title\/abstract (κ = -?\d\.\d\d|\d+\.\d% agreement)/);
    expect(text).toContain("150 Monte Carlo iterations");
    expect(text).toContain("seed 7");
    expect(text).toContain("DerSimonian–Laird");
    expect(text).toContain("Knapp–Hartung");
    expect(text).toContain(`snapshot version 1 (SHA-256 `);
    expect(report.characteristics.rows).toHaveLength(8);
    expect(report.runs.map((r) => r.kind)).toEqual(["ale", "effects"]);
    expect(report.runs[0].table!.rows.length).toBeGreaterThan(0);
    expect(report.runs[0].figures).toHaveLength(1); // brain mosaic
    expect(report.runs[1].figures).toHaveLength(2); // forest + funnel
    const html = renderReportHtml(report);
    expect(html).toContain("PRISMA 2020 flow diagram");
    expect(html).toContain("Table 1. Characteristics of the included studies");
    expect(html.match(/data:image\/png;base64,/g)).toHaveLength(3);
    expect(standaloneReportHtml(report).startsWith("<!doctype html>")).toBe(true);
  });
});
