import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tal2icbm } from "@/server/engine/cbma/coordinates";
import { parseNimareJson } from "@/server/engine/cbma/io/nimare-json";
import { parseSleuth } from "@/server/engine/cbma/io/sleuth";
import { escalc } from "@/server/engine/effects";
import { canonicalJson, sha256Hex } from "@/server/review/snapshot/canonical-json";
import { snapshotToCoordinateDataset, snapshotToEffectsInput } from "@/server/review/snapshot/convert";
import { buildDataset } from "@/server/review/snapshot/dataset";
import { extractionCsv, fociCsv, nimareJson, outcomesCsv, qualityCsv, sleuthText } from "@/server/review/snapshot/exports";
import { handleExport } from "@/server/review/snapshot/http";
import { getSnapshot } from "@/server/review/snapshot/snapshots";
import { callerFor, fingerprint, openTestDatabase, type TestDatabase } from "./harness";
import { experimentDraft, type ExtractionProject, makeExtractionProject, qualityScores, studyFields } from "./extraction-fixtures";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}

const KEYS = Array.from({ length: 10 }, (_, i) => `q${i + 1}`);

async function rawError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "no error";
  } catch (e) {
    // drizzle wraps the driver's error ("Failed query: …"); the trigger's message is in the cause.
    const err = e as Error & { cause?: Error };
    return `${err.message} ${err.cause?.message ?? ""}`;
  }
}

describe("lock: readiness, immutable snapshots, unlock to the next version, exports", () => {
  let h: TestDatabase;
  let t: ExtractionProject;
  const studies: { id: string; experiments: Record<string, string> }[] = [];
  const as = (u: { id: string; email: string; name: string }) => callerFor(h.db, u);
  const drafts: { fields: Record<string, unknown>; experiments: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    h = await openTestDatabase();
    t = await makeExtractionProject(h.db, 3);
    const { projectId } = t;
    const specs = [
      { label: "Li 2015", exps: { reho: { modality: "ReHo", foci: [[-42, 22, -4, 5.1, "L insula"], [6, -60, 52, -4.2, "precuneus"]], space: "MNI" } } },
      { label: "Wang: 2018", exps: { alff: { modality: "ALFF", foci: [[-40, 20, -6, 4.1, "L insula"], [30, -70, 40, 3.6, "R IPL"]], space: "TAL" }, reho: { modality: "ReHo", foci: [[10, 12, 8, 3.9, "caudate"]], space: "MNI" } } },
    ];
    for (const [i, spec] of specs.entries()) {
      const study = await as(t.owner).studies.create({ projectId, label: spec.label, recordIds: [t.recordIds[i]] });
      const ids: Record<string, string> = {};
      const experiments: Record<string, unknown> = {};
      for (const [key, e] of Object.entries(spec.exps)) {
        ids[key] = (await as(t.alice).studies.addExperiment({ projectId, studyId: study.id, label: `CLBP vs HC (${e.modality})`, modality: e.modality as "ReHo" })).id;
        experiments[ids[key]] = experimentDraft(e.foci, { space: e.space, software: "spm" });
      }
      const draft = { fields: studyFields(spec.label.split(/[ :]/)[0], 2015 + i), experiments };
      drafts.push(draft);
      for (const u of [t.alice, t.bob]) {
        await as(u).extraction.saveDraft({ projectId, studyId: study.id, draft });
        await as(u).extraction.submit({ projectId, studyId: study.id });
        await as(u).quality.save({ projectId, studyId: study.id, scores: qualityScores(KEYS, 1, { q6: i * 0.5 }), submit: true });
      }
      studies.push({ id: study.id, experiments: ids });
    }
  });
  afterAll(async () => h?.close());

  it("refuses to lock until every study has consensus extraction and quality, and only the owner locks", async () => {
    const { projectId } = t;
    const before = await fingerprint(h.db);
    expect(await codeOf(as(t.owner).snapshots.lock({ projectId }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(as(t.adjudicator).snapshots.lock({ projectId }))).toBe("FORBIDDEN");
    expect(await fingerprint(h.db)).toEqual(before);
    const overview = await as(t.viewer).snapshots.overview({ projectId });
    expect(overview.readiness.problems).toContain("Li 2015: no consensus extraction.");
    for (const [i, s] of studies.entries()) {
      await as(t.alice).extraction.saveConsensus({ projectId, studyId: s.id, draft: drafts[i], rationale: "" });
      await as(t.alice).quality.saveConsensus({ projectId, studyId: s.id, scores: qualityScores(KEYS, 1, { q6: i * 0.5 }), rationale: "" });
    }
    expect((await as(t.viewer).snapshots.overview({ projectId })).readiness.ready).toBe(true);
  });

  it("locks into v1 with the SHA-256 of the canonical JSON; Talairach foci converted, originals kept", async () => {
    const { projectId } = t;
    const lock = await as(t.owner).snapshots.lock({ projectId });
    expect(lock).toMatchObject({ version: 1, studyCount: 2, experimentCount: 3, fociCount: 5 });
    const snap = await getSnapshot(h.db, projectId, 1);
    expect(snap.sha256).toBe(lock.sha256);
    expect(sha256Hex(canonicalJson(snap.dataset))).toBe(lock.sha256);
    expect(canonicalJson(await buildDataset(h.db, projectId, 1))).toBe(canonicalJson(snap.dataset));
    const wang = snap.dataset.studies.find((s) => s.label === "Wang: 2018")!;
    const alff = wang.experiments.find((e) => e.modality === "ALFF")!;
    expect(alff).toMatchObject({ space: "TAL", transform: "tal2icbm_spm", n1: 24, n2: 22 });
    expect(alff.foci[0].original).toEqual([-40, 20, -6]);
    const mni = tal2icbm([-40, 20, -6], "spm");
    [alff.foci[0].x, alff.foci[0].y, alff.foci[0].z].forEach((v, i) => expect(v).toBeCloseTo(mni[i], 3));
    expect(wang.quality.total).toBe(9.5);
    expect((await as(t.viewer).snapshots.overview({ projectId })).locked).toBe(true);
  });

  it("refuses every write to locked data in the service layer and leaves the database unchanged", async () => {
    const { projectId } = t;
    const [s] = studies;
    const before = await fingerprint(h.db);
    const attempts = {
      saveDraft: () => as(t.carol).extraction.saveDraft({ projectId, studyId: s.id, draft: drafts[0] }),
      consensus: () => as(t.alice).extraction.saveConsensus({ projectId, studyId: s.id, draft: drafts[0], rationale: "change" }),
      quality: () => as(t.alice).quality.saveConsensus({ projectId, studyId: s.id, scores: qualityScores(KEYS, 0), rationale: "change" }),
      addExperiment: () => as(t.alice).studies.addExperiment({ projectId, studyId: s.id, label: "new", modality: "FC" }),
      newStudy: () => as(t.owner).studies.create({ projectId, label: "Late", recordIds: [t.recordIds[2]] }),
      deleteStudy: () => as(t.owner).studies.delete({ projectId, studyId: s.id }),
      form: () => as(t.owner).extraction.saveForm({ projectId, name: "v2", definition: { fields: [{ key: "a", label: "A", type: "text" }] } }),
      checklist: () => as(t.owner).quality.chooseChecklist({ projectId, preset: "neuro11" }),
    };
    // one at a time: each call is a thunk so no rejection is left unobserved
    for (const [name, call] of Object.entries(attempts)) expect([name, await codeOf(call())]).toEqual([name, "PRECONDITION_FAILED"]);
    expect(await fingerprint(h.db)).toEqual(before);
  });

  it("rejects direct UPDATE, DELETE and TRUNCATE of snapshot rows in the database", async () => {
    const before = await fingerprint(h.db);
    expect(await rawError(h.db.execute(sql`update dataset_snapshots set sha256 = 'x'`))).toMatch(/immutable/);
    expect(await rawError(h.db.execute(sql`update dataset_snapshots set canonical_json = '{}' where version = 1`))).toMatch(/immutable/);
    expect(await rawError(h.db.execute(sql`delete from dataset_snapshots`))).toMatch(/immutable/);
    // PostgreSQL may refuse TRUNCATE for its foreign keys before the trigger runs; either way it is refused.
    expect(await rawError(h.db.execute(sql`truncate dataset_snapshots`))).toMatch(/immutable|foreign key/);
    expect(await rawError(h.db.execute(sql`truncate snapshot_unlocks`))).toMatch(/immutable|foreign key/);
    expect(await fingerprint(h.db)).toEqual(before);
  });

  it("unlocks with a reason, accepts edits, and locks v2 while v1 stays byte-identical", async () => {
    const { projectId } = t;
    const v1 = await getSnapshot(h.db, projectId, 1);
    expect(await codeOf(as(t.owner).snapshots.unlock({ projectId, reason: "" }))).toBe("BAD_REQUEST");
    expect(await codeOf(as(t.alice).snapshots.unlock({ projectId, reason: "typo" }))).toBe("FORBIDDEN");
    expect(await as(t.owner).snapshots.unlock({ projectId, reason: "Li 2015 erratum changes a peak" })).toEqual({ unlockedVersion: 1, nextVersion: 2 });
    expect(await rawError(h.db.execute(sql`delete from snapshot_unlocks`))).toMatch(/immutable/);
    const changed = structuredClone(drafts[0]);
    (changed.experiments[studies[0].experiments.reho] as { foci: { z: string }[] }).foci[1].z = "50";
    await as(t.alice).extraction.saveConsensus({ projectId, studyId: studies[0].id, draft: changed, rationale: "Erratum" });
    const v2 = await as(t.owner).snapshots.lock({ projectId });
    expect(v2.version).toBe(2);
    expect(v2.sha256).not.toBe(v1.sha256);
    const again = await getSnapshot(h.db, projectId, 1);
    expect(again.sha256).toBe(v1.sha256);
    expect(canonicalJson(again.dataset)).toBe(canonicalJson(v1.dataset));
    const list = (await as(t.viewer).snapshots.overview({ projectId })).snapshots;
    expect(list.map((s) => [s.version, s.unlocked?.reason ?? null])).toEqual([[2, null], [1, "Li 2015 erratum changes a peak"]]);
  });

  it("exports Sleuth text that the ALE engine reads back to the same experiments, foci and sample sizes", async () => {
    const snap = (await getSnapshot(h.db, t.projectId, 2)).dataset;
    const original = snapshotToCoordinateDataset(snap);
    const text = sleuthText(snap);
    const { dataset: read } = parseSleuth(text, "snapshot.txt");
    expect(read.experiments).toHaveLength(original.experiments.length);
    read.experiments.forEach((e, i) => {
      const o = original.experiments[i];
      expect(e.sampleSize).toBe(o.sampleSize);
      expect(e.contrastLabel).toBe(o.contrastLabel);
      expect(e.studyLabel).toBe(o.studyLabel.replace(/[:;]/g, ","));
      e.foci.forEach((f, j) => f.mniMm.forEach((v, k) => expect(v).toBeCloseTo(o.foci[j].mniMm[k], 3)));
    });
    const rehoOnly = parseSleuth(sleuthText(snap, { modalities: ["ReHo"] }), "reho.txt").dataset;
    expect(rehoOnly.experiments.map((e) => e.foci.length)).toEqual([2, 1]);
    const nimare = parseNimareJson(nimareJson(snap, { modalities: ["ALFF"] }), "alff.json");
    expect(nimare.experiments).toHaveLength(1);
    expect(nimare.experiments[0].foci[0].mniMm[2]).toBeCloseTo(original.experiments.find((e) => e.attributes?.modality === "ALFF")!.foci[0].mniMm[2], 6);
  });

  it("exports CSV tables and effect-size input that the effects engine accepts", () => {
    return getSnapshot(h.db, t.projectId, 2).then(({ dataset }) => {
      const effects = snapshotToEffectsInput(dataset, { outcome: "VAS" });
      expect(effects.skipped).toEqual([]);
      expect(effects.studies).toHaveLength(3);
      expect(effects.studies[0]).toMatchObject({ n1: 24, mean1: 5.1, sd1: 1.2, n2: 22, mean2: 0.4, sd2: 0.5, illness_years: 6.5, quality_total: 9 });
      const es = escalc("SMD", effects.studies);
      expect(es.every((e) => Number.isFinite(e.yi) && e.vi > 0)).toBe(true);
      const quality = qualityCsv(dataset).split("\r\n");
      expect(quality[0]).toBe("\uFEFFstudy_id,study,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,total,third_reviewer");
      expect(quality[1]).toMatch(/,Li 2015,1,1,1,1,1,0,1,1,1,1,9,no$/);
      expect(extractionCsv(dataset)).toMatch(/name=CLBP, n=24, mean_age=41\.2, female_pct=50 \| name=HC/);
      expect(fociCsv(dataset).split("\r\n").filter(Boolean)).toHaveLength(6);
      expect(outcomesCsv(dataset, { modalities: ["ALFF"] }).split("\r\n").filter(Boolean)).toHaveLength(3);
    });
  });
  it("serves exports only to members: 401 signed out, 404 outsiders, files with the version in their name", async () => {
    const url = (file: string, q = "") => new Request(`http://x/api/projects/${t.projectId}/exports/${file}${q}`);
    expect((await handleExport(h.db, null, t.projectId, "quality.csv", url("quality.csv"))).status).toBe(401);
    const outsider = { id: "00000000-0000-4000-8000-000000000001", email: "o@example.org", name: "Out" };
    expect((await handleExport(h.db, outsider, t.projectId, "quality.csv", url("quality.csv"))).status).toBe(404);
    expect((await handleExport(h.db, t.viewer, t.projectId, "passwords.txt", url("passwords.txt"))).status).toBe(404);
    const res = await handleExport(h.db, t.viewer, t.projectId, "coordinates-sleuth.txt", url("coordinates-sleuth.txt", "?version=1&modality=ALFF"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="coordinates-sleuth-v1-ALFF.txt"');
    expect(parseSleuth(await res.text(), "alff.txt").dataset.experiments).toHaveLength(1);
    const latest = await handleExport(h.db, t.viewer, t.projectId, "quality.csv", url("quality.csv"));
    expect(latest.headers.get("content-disposition")).toMatch(/quality-v2\.csv/);
    expect((await handleExport(h.db, t.viewer, t.projectId, "quality.csv", url("quality.csv", "?version=9"))).status).toBe(404);
  });
});

