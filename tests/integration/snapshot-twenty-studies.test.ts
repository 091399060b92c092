import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSleuth } from "@/server/engine/cbma/io/sleuth";
import { sleuthText } from "@/server/review/snapshot/exports";
import { getSnapshot } from "@/server/review/snapshot/snapshots";
import { callerFor, openTestDatabase, type TestDatabase } from "./harness";
import { experimentDraft, type ExtractionProject, makeExtractionProject, qualityScores, studyFields } from "./extraction-fixtures";

const KEYS = Array.from({ length: 10 }, (_, i) => `q${i + 1}`);

/** The "done when": 20 included studies from extraction to a locked, hashed snapshot. */
describe("twenty studies from extraction to a locked snapshot", () => {
  let h: TestDatabase;
  let t: ExtractionProject;
  const as = (u: { id: string; email: string; name: string }) => callerFor(h.db, u);

  beforeAll(async () => {
    h = await openTestDatabase();
    t = await makeExtractionProject(h.db, 20);
  });
  afterAll(async () => h?.close());

  it("extracts twice, settles, scores, locks, and the Sleuth export reads back with all foci", async () => {
    const { projectId } = t;
    let foci = 0;
    for (let i = 0; i < 20; i++) {
      const study = await as(t.owner).studies.create({ projectId, label: `Study ${String(i + 1).padStart(2, "0")} ${2004 + i}`, recordIds: [t.recordIds[i]] });
      const modality = i % 2 ? "ALFF" : "ReHo";
      const exp = await as(t.alice).studies.addExperiment({ projectId, studyId: study.id, label: "Patients vs controls", modality });
      const peaks = Array.from({ length: 2 + (i % 4) }, (_, k) => [-40 + 6 * k, -50 + 4 * i, 10 + 2 * k, k % 2 ? -3.5 : 4.2]);
      foci += peaks.length;
      const draft = { fields: studyFields(`Author${i}`, 2004 + i), experiments: { [exp.id]: experimentDraft(peaks, i % 5 === 0 ? { space: "TAL", software: "fsl" } : {}) } };
      const disagree = structuredClone(draft);
      (disagree.experiments[exp.id] as { foci: { z: string }[] }).foci[0].z = "99";
      for (const [u, d] of [[t.alice, draft], [t.bob, i % 3 ? draft : disagree]] as const) {
        await as(u).extraction.saveDraft({ projectId, studyId: study.id, draft: d });
        await as(u).extraction.submit({ projectId, studyId: study.id });
        await as(u).quality.save({ projectId, studyId: study.id, scores: qualityScores(KEYS, 1, { q4: u === t.bob && i % 4 === 0 ? 0.5 : 1 }), submit: true });
      }
      await as(t.alice).extraction.saveConsensus({ projectId, studyId: study.id, draft, rationale: "Checked against Table 2." });
      await as(t.adjudicator).quality.saveConsensus({ projectId, studyId: study.id, scores: qualityScores(KEYS, 1), rationale: "n ≥ 10 in both groups." });
    }
    const lock = await as(t.owner).snapshots.lock({ projectId });
    expect(lock).toMatchObject({ version: 1, studyCount: 20, experimentCount: 20, fociCount: foci });
    expect(lock.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { dataset } = await getSnapshot(h.db, projectId, 1);
    const read = parseSleuth(sleuthText(dataset), "twenty.txt").dataset;
    expect(read.experiments).toHaveLength(20);
    expect(read.experiments.reduce((n, e) => n + e.foci.length, 0)).toBe(foci);
    expect(read.experiments.every((e) => e.sampleSize === 46)).toBe(true);
    const summary = await as(t.viewer).quality.summary({ projectId });
    expect(summary.table.every((r) => r.total === 10)).toBe(true);
    expect(summary.agreement.pairs).toBe(200);
  });
});
