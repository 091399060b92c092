import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, duplicatePairs, records, searchSources, studies, studyReports } from "@/db/schema";
import { listScreenableRecords } from "@/server/review/import/screenable";
import type { SessionUser } from "@/server/trpc";
import { insertSnapshot, syntheticSnapshot } from "./analysis-fixtures";
import { callerFor, codeOf, fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import { medline, postImport, pubmedRis, scopusCsv, sourceOptions } from "./import-fixtures";
import { addMember } from "./screening-fixtures";

/** Embase's copy of pubmedRis record 2 (also Scopus record 2): same DOI and title, fewer fields, so Scopus's copy is the richer. */
const embaseRis = [
  "TY  - JOUR", "TI  - Amplitude of low-frequency fluctuation in fibromyalgia", "PY  - 2021", "DO  - 10.1002/hbm.25431", "ID  - em1", "ER  - ",
  "TY  - JOUR", "TI  - Periaqueductal grey connectivity in migraine", "AU  - Silva, Ana", "PY  - 2022", "ID  - em2", "ER  - ", "",
].join("\r\n");

describe("deleting a search source imported by mistake", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  let ada: SessionUser;
  let rob: SessionUser;
  let viewer: SessionUser;
  let projectId: string;
  const sourceId = async (name: string) => (await handle.db.select().from(searchSources).where(and(eq(searchSources.projectId, projectId), eq(searchSources.name, name))))[0].id;
  const record = async (sourceName: string, index: number) =>
    (await handle.db.select().from(records).where(and(eq(records.sourceId, await sourceId(sourceName)), eq(records.sourceIndex, index))))[0];

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    projectId = (await callerFor(handle.db, owner).projects.create({ title: "Delete a source" })).id;
    ada = await addMember(handle.db, projectId, "Ada", "adjudicator");
    rob = await addMember(handle.db, projectId, "Rob", "reviewer");
    viewer = await addMember(handle.db, projectId, "Vera", "viewer");
    const files = [["PubMed", "pubmed.ris", pubmedRis], ["MEDLINE", "medline.nbib", medline], ["Scopus", "scopus.csv", scopusCsv], ["Embase", "embase.ris", embaseRis]];
    for (const [name, file, content] of files) expect((await postImport(handle.db, owner, projectId, { name: file, content }, sourceOptions(name))).status).toBe(200);
  });
  afterAll(async () => handle?.close());

  it("is the owner's call alone; a refused call changes nothing", async () => {
    const other = (await callerFor(handle.db, owner).projects.create({ title: "Another review" })).id;
    const before = await fingerprint(handle.db);
    const id = await sourceId("PubMed");
    for (const user of [ada, rob, viewer]) expect(await codeOf(callerFor(handle.db, user).records.deleteSource({ projectId, sourceId: id }))).toBe("FORBIDDEN");
    // the owner of another project cannot reach this project's source through it
    expect(await codeOf(callerFor(handle.db, owner).records.deleteSource({ projectId: other, sourceId: id }))).toBe("NOT_FOUND");
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("refuses while a record has a screening decision or is part of a study, saying which", async () => {
    const medlineRecord = await record("MEDLINE", 2);
    await callerFor(handle.db, rob).screening.decide({ projectId, recordId: medlineRecord.id, stage: "title_abstract", decision: "exclude" });
    const [study] = await handle.db.insert(studies).values({ projectId, label: "Ivanova 2020" }).returning();
    await handle.db.insert(studyReports).values({ projectId, studyId: study.id, recordId: (await record("Scopus", 1)).id });
    const before = await fingerprint(handle.db);
    const as = callerFor(handle.db, owner).records;
    await expect(as.deleteSource({ projectId, sourceId: await sourceId("MEDLINE") })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: '"MEDLINE" cannot be deleted: 1 of its records has screening decisions. Exclude unwanted records in screening instead.',
    });
    await expect(as.deleteSource({ projectId, sourceId: await sourceId("Scopus") })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("1 of its records is part of a study") });
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("deletes the source and its records; records merged into them return to the pool, and copies of one work stay merged with each other", async () => {
    const as = callerFor(handle.db, owner).records;
    const medline1 = await record("MEDLINE", 1); // merged into PubMed pm1
    const scopus2 = await record("Scopus", 2); // merged into PubMed pm2
    const embase1 = await record("Embase", 1); // merged into PubMed pm2 too
    expect([medline1.removalReason, scopus2.removalReason, embase1.removalReason]).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(embase1.duplicateOf).toBe(scopus2.duplicateOf);
    const before = await as.identificationCounts({ projectId });
    expect(before.removed.duplicate).toBe(4);

    const outcome = await as.deleteSource({ projectId, sourceId: await sourceId("PubMed") });
    expect(outcome).toMatchObject({ name: "PubMed", records: 4, duplicatesOfThem: { restored: 3, merged: 1, queued: 0 } });
    expect(await handle.db.select().from(searchSources).where(eq(searchSources.name, "PubMed"))).toHaveLength(0);
    expect(await handle.db.select().from(records).where(eq(records.sourceRecordId, "pm1"))).toHaveLength(0);

    const after = (name: string, index: number) => record(name, index);
    expect(await after("MEDLINE", 1)).toMatchObject({ duplicateOf: null, removalReason: null });
    expect(await after("MEDLINE", 3)).toMatchObject({ duplicateOf: null, removalReason: null });
    // Scopus's copy is the richer: it is kept, Embase's stays a duplicate of it, under a pair that can be undone
    expect(await after("Scopus", 2)).toMatchObject({ duplicateOf: null, removalReason: null });
    expect(await after("Embase", 1)).toMatchObject({ duplicateOf: scopus2.id, removalReason: "duplicate" });
    const pairs = await handle.db.select().from(duplicatePairs).where(eq(duplicatePairs.projectId, projectId));
    expect(pairs.map((p) => ({ keptId: p.keptId, otherId: p.otherId, status: p.status, auto: p.auto }))).toEqual([{ keptId: scopus2.id, otherId: embase1.id, status: "merged", auto: true }]);

    const counts = await as.identificationCounts({ projectId });
    expect(counts.sources.map((s) => [s.name, s.count])).toEqual([["MEDLINE", 4], ["Scopus", 3], ["Embase", 2]]);
    expect(counts).toMatchObject({ identified: { total: 9 }, removed: { duplicate: 1, total: 1 }, remaining: 8 });
    expect(await listScreenableRecords(handle.db, projectId)).toHaveLength(8);

    const [audit] = await handle.db.select().from(auditLog).where(and(eq(auditLog.projectId, projectId), eq(auditLog.action, "records.delete-source")));
    expect(audit).toMatchObject({ userId: owner.id, entity: "search_source", entityId: outcome.sourceId });
    expect(audit.before).toMatchObject({ name: "PubMed", fileName: "pubmed.ris", records: 4 });
    expect(audit.after).toEqual({ duplicatesOfThem: { restored: 3, merged: 1, queued: 0 } });

    await callerFor(handle.db, ada).dedup.undo({ projectId, pairId: pairs[0].id });
    expect(await after("Embase", 1)).toMatchObject({ duplicateOf: null, removalReason: null });
  });

  it("refuses while the dataset is locked", async () => {
    await insertSnapshot(handle.db, projectId, owner.id, syntheticSnapshot(projectId, 1, 1));
    const before = await fingerprint(handle.db);
    await expect(callerFor(handle.db, owner).records.deleteSource({ projectId, sourceId: await sourceId("Embase") })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("locked") });
    expect(await fingerprint(handle.db)).toEqual(before);
  });
});
