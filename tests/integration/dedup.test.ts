import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { auditLog, duplicatePairs, records } from "@/db/schema";
import { dedupView, readDedupViews } from "@/server/review/dedup/run-dedup";
import { richness } from "@/server/engine/records";
import { getIdentificationCounts } from "@/server/review/import/prisma-counts";
import { citationOf } from "@/server/review/import/record-row";
import { listScreenableRecords } from "@/server/review/import/screenable";
import { callerFor, fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import { bibtex, medline, postImport, pubmedRis, scopusCsv, sourceOptions } from "./import-fixtures";
import type { SessionUser } from "@/server/trpc";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe("deduplication after import, the review queue and undo", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  let viewer: SessionUser;
  let outsider: SessionUser;
  let projectId: string;
  const byRecordId = async (sourceRecordId: string) => (await handle.db.select().from(records).where(and(eq(records.projectId, projectId), eq(records.sourceRecordId, sourceRecordId))))[0];

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    viewer = await makeUser(handle.db, "Viewer");
    outsider = await makeUser(handle.db, "Outsider");
    const caller = callerFor(handle.db, owner);
    projectId = (await caller.projects.create({ title: "Dedup project" })).id;
    const invite = await caller.members.invite({ projectId, email: viewer.email, role: "viewer" });
    await callerFor(handle.db, viewer).members.acceptInvitation({ token: invite.token });
  });
  afterAll(async () => handle?.close());

  it("merges certain duplicates into the record already in the project and queues the uncertain pair", async () => {
    expect((await postImport(handle.db, owner, projectId, { name: "pubmed.ris", content: pubmedRis }, sourceOptions("PubMed"))).body.dedup).toMatchObject({ autoMerged: 0, queued: 0 });
    // MEDLINE: PMID/DOI match with pm1, citation match (year, author, journal, volume, pages) with pm4
    expect((await postImport(handle.db, owner, projectId, { name: "medline.nbib", content: medline }, sourceOptions("MEDLINE"))).body.dedup).toMatchObject({ autoMerged: 2, queued: 0 });
    const pm1 = await byRecordId("pm1");
    const med1 = await byRecordId("30600001");
    expect(pm1.duplicateOf).toBeNull();
    expect(med1).toMatchObject({ duplicateOf: pm1.id, removalReason: "duplicate" });
    expect((await byRecordId("32222222")).duplicateOf).toBe((await byRecordId("pm4")).id);
    // BibTeX: "Hippocampal volume and pain catastrophizing" resembles MEDLINE's record → review
    expect((await postImport(handle.db, owner, projectId, { name: "lib.bib", content: bibtex }, sourceOptions("Zotero"))).body.dedup).toMatchObject({ autoMerged: 0, queued: 1 });
    // Scopus: DOI match with pm2
    expect((await postImport(handle.db, owner, projectId, { name: "scopus.csv", content: scopusCsv }, sourceOptions("Scopus"))).body.dedup).toMatchObject({ autoMerged: 1, queued: 0 });

    const auto = await handle.db.select().from(duplicatePairs).where(and(eq(duplicatePairs.projectId, projectId), eq(duplicatePairs.auto, true)));
    expect(auto).toHaveLength(3);
    expect(auto.every((p) => p.status === "merged" && p.score > 0.5)).toBe(true);
    const counts = await getIdentificationCounts(handle.db, projectId);
    expect(counts).toMatchObject({ identified: { databases: 13, registers: 0, otherMethods: 0, total: 13 }, removed: { duplicate: 3, automation: 0, other: 0, total: 3 }, remaining: 10 });
    expect(counts.sources.map((s) => [s.name, s.kind, s.count])).toEqual([["PubMed", "database", 4], ["MEDLINE", "database", 4], ["Zotero", "database", 2], ["Scopus", "database", 3]]);
    expect((await listScreenableRecords(handle.db, projectId)).map((r) => r.id)).not.toContain(med1.id);
    expect(await listScreenableRecords(handle.db, projectId)).toHaveLength(10);
  });

  it("shows the queued pair side by side with the differing fields", async () => {
    const queue = await callerFor(handle.db, viewer).dedup.queue({ projectId });
    expect(queue.total).toBe(1);
    const [pair] = queue.pairs;
    expect([pair.kept.title, pair.other.title].sort()).toEqual(["Hippocampal volume and pain catastrophising in adults.", "Hippocampal volume and pain catastrophizing"]);
    expect(pair.differing).toEqual(expect.arrayContaining(["title", "journal", "pages", "volume"]));
    expect(pair.differing).not.toContain("year");
    expect(await callerFor(handle.db, viewer).dedup.stats({ projectId })).toEqual({ pending: 1, autoMerged: 3, manuallyMerged: 0, notDuplicate: 0 });
  });

  it("refuses decisions from viewers and outsiders, and on another project's pair, leaving the database unchanged", async () => {
    const [pair] = (await callerFor(handle.db, owner).dedup.queue({ projectId })).pairs;
    const other = (await callerFor(handle.db, outsider).projects.create({ title: "Someone else's review" })).id;
    const before = await fingerprint(handle.db);
    expect(await codeOf(callerFor(handle.db, viewer).dedup.merge({ projectId, pairId: pair.id }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(handle.db, outsider).dedup.merge({ projectId, pairId: pair.id }))).toBe("NOT_FOUND");
    // a member of another project cannot reach this project's pair through their own project id
    expect(await codeOf(callerFor(handle.db, outsider).dedup.merge({ projectId: other, pairId: pair.id }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(handle.db, outsider).dedup.undo({ projectId: other, pairId: pair.id }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(handle.db, owner).dedup.merge({ projectId, pairId: pair.id, keepId: "00000000-0000-4000-8000-000000000000" }))).toBe("BAD_REQUEST");
    expect(await codeOf(callerFor(handle.db, owner).dedup.undo({ projectId, pairId: pair.id }))).toBe("CONFLICT");
    expect(await codeOf(callerFor(handle.db, viewer).records.get({ projectId: other, recordId: pair.kept.id }))).toBe("NOT_FOUND");
    expect(await fingerprint(handle.db)).toEqual(before);
  });

  it("merges a queued pair keeping the chosen record, undoes it, marks it not-duplicate and undoes that, with audit rows", async () => {
    const caller = callerFor(handle.db, owner);
    const [pair] = (await caller.dedup.queue({ projectId })).pairs;
    const merged = await caller.dedup.merge({ projectId, pairId: pair.id, keepId: pair.other.id });
    expect(merged).toMatchObject({ keptId: pair.other.id, otherId: pair.kept.id });
    const [removed] = await handle.db.select().from(records).where(eq(records.id, pair.kept.id));
    expect(removed).toMatchObject({ duplicateOf: pair.other.id, removalReason: "duplicate" });
    expect(await codeOf(caller.dedup.merge({ projectId, pairId: pair.id }))).toBe("CONFLICT");
    expect((await getIdentificationCounts(handle.db, projectId)).remaining).toBe(9);
    expect((await caller.dedup.queue({ projectId })).total).toBe(0);

    expect(await caller.dedup.undo({ projectId, pairId: pair.id })).toMatchObject({ status: "pending" });
    const [restored] = await handle.db.select().from(records).where(eq(records.id, pair.kept.id));
    expect(restored).toMatchObject({ duplicateOf: null, removalReason: null });
    expect((await getIdentificationCounts(handle.db, projectId)).remaining).toBe(10);

    await caller.dedup.notDuplicate({ projectId, pairId: pair.id });
    expect((await caller.dedup.queue({ projectId })).total).toBe(0);
    expect(await caller.dedup.stats({ projectId })).toMatchObject({ pending: 0, notDuplicate: 1 });
    await caller.dedup.undo({ projectId, pairId: pair.id });
    expect((await caller.dedup.queue({ projectId })).total).toBe(1);

    const actions = (await handle.db.select().from(auditLog).where(and(eq(auditLog.projectId, projectId), eq(auditLog.entityId, pair.id)))).map((a) => a.action).sort();
    expect(actions).toEqual(["records.merge", "records.not-duplicate", "records.undo-not-duplicate", "records.unmerge"]);
  });

  it("undoes an automatic merge, and a later import does not merge the pair again without asking", async () => {
    const caller = callerFor(handle.db, owner);
    const [autoPair] = await handle.db.select().from(duplicatePairs).where(and(eq(duplicatePairs.projectId, projectId), eq(duplicatePairs.otherId, (await byRecordId("30600001")).id)));
    await caller.dedup.undo({ projectId, pairId: autoPair.id });
    expect((await byRecordId("30600001")).duplicateOf).toBeNull();
    await caller.dedup.notDuplicate({ projectId, pairId: autoPair.id });
    // the same MEDLINE file again: its copy of 30600001 matches two records a person kept apart → queued, not merged
    const again = await postImport(handle.db, owner, projectId, { name: "medline.nbib", content: medline }, sourceOptions("MEDLINE rerun", { confirmDuplicateFile: true }));
    expect(again.status).toBe(200);
    const rerun = await handle.db.select().from(records).where(and(eq(records.sourceId, again.body.sourceId), eq(records.pmid, "30600001")));
    expect(rerun[0].duplicateOf).toBeNull();
    const queued = await handle.db.select().from(duplicatePairs).where(and(eq(duplicatePairs.status, "pending"), inArray(duplicatePairs.otherId, [rerun[0].id])));
    const queuedKept = await handle.db.select().from(duplicatePairs).where(and(eq(duplicatePairs.status, "pending"), inArray(duplicatePairs.keptId, [rerun[0].id])));
    expect(queued.length + queuedKept.length).toBeGreaterThanOrEqual(1);
    // the other three MEDLINE records merge into the records already kept
    expect(again.body.dedup.autoMerged).toBe(3);
  });

  it("refuses to merge away a record that reached screening; merging the other way keeps it and its decision", async () => {
    const caller = callerFor(handle.db, owner);
    const [pair] = (await caller.dedup.queue({ projectId })).pairs;
    await caller.screening.decide({ projectId, recordId: pair.other.id, stage: "title_abstract", decision: "include" });
    const before = await fingerprint(handle.db);
    await expect(caller.dedup.merge({ projectId, pairId: pair.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("already screened; keep that one") });
    expect(await fingerprint(handle.db)).toEqual(before);
    expect(await caller.dedup.merge({ projectId, pairId: pair.id, keepId: pair.other.id })).toMatchObject({ keptId: pair.other.id, otherId: pair.kept.id });
    expect((await handle.db.select().from(records).where(eq(records.id, pair.other.id)))[0]).toMatchObject({ duplicateOf: null, removalReason: null });
  });
});

describe("what dedup reads of a new import", () => {
  it("is exactly what the pool query reads back: no abstract text (its length in code points counts towards richness), 10 keywords, publication-type raw fields only", async () => {
    const handle = await openTestDatabase();
    try {
      const owner = await makeUser(handle.db, "Owner");
      const projectId = (await callerFor(handle.db, owner).projects.create({ title: "Dedup view" })).id;
      // astral characters make code points and UTF-16 units differ
      const longAbstract = "𝛼 ".repeat(1300) + "tail words past the cut";
      const shortAbstract = "𝛼 ".repeat(300);
      const ris = [
        "TY  - JOUR", "TI  - Long abstract record", "AU  - Okafor, C.", "PY  - 2020", `AB  - ${longAbstract}`,
        ...Array.from({ length: 12 }, (_, i) => `KW  - keyword ${i}`), "M3  - Erratum", "DB  - Embase", "DT  - Correction", "ID  - long1", "ER  - ",
        "TY  - JOUR", "TI  - Short record", "AU  - Li, N.", "PY  - 2021", "ID  - short1", "ER  - ",
        "TY  - JOUR", "TI  - Short abstract record", "AU  - Li, N.", "PY  - 2021", `AB  - ${shortAbstract}`, "ER  - ", "",
      ].join("\r\n");
      expect((await postImport(handle.db, owner, projectId, { name: "long.ris", content: ris }, sourceOptions("Long"))).status).toBe(200);
      const stored = await handle.db.select().from(records).where(eq(records.projectId, projectId)).orderBy(records.sourceIndex);
      const readBack = await readDedupViews(handle.db, eq(records.projectId, projectId));
      expect(stored).toHaveLength(3);
      const views = stored.map(dedupView);
      views.forEach((view, i) => {
        expect(view).toEqual({ citation: readBack[i].citation, richness: readBack[i].richness });
        expect(Object.keys(view.citation.raw)).toEqual(Object.keys(readBack[i].citation.raw));
        expect(view.citation.abstract).toBeNull();
      });
      // the type fields in jsonb's key order (M3 came first in the file); the database name, authors and keywords are not read
      expect(Object.entries(views[0].citation.raw)).toEqual([["DT", ["Correction"]], ["M3", ["Erratum"]]]);
      expect(views[1].citation.raw).toEqual({});
      expect(views[0].citation.keywords).toHaveLength(10);
      expect(views[1].citation).toMatchObject({ abstract: null, keywords: [] });
      // richness: 10 per filled field (the abstract counts as one), authors and keywords up to 10, abstract characters / 500 up to 5
      const full = (i: number) => richness(citationOf(stored[i]));
      expect(views[0].richness).toBe(full(0));
      expect(views[0].richness - richness(citationOf({ ...stored[0], abstract: null }))).toBe(10 + 5);
      const codePoints = Array.from(stored[2].abstract!).length;
      expect(stored[2].abstract!.length).toBeGreaterThan(codePoints);
      expect(views[2].richness - richness(citationOf({ ...stored[2], abstract: null }))).toBeCloseTo(10 + codePoints / 500, 10);
      expect(views[2].richness).toBe(full(2));
    } finally {
      await handle.close();
    }
  });
});
