import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { auditLog, records, screeningDecisions, searchSources } from "@/db/schema";
import { listScreenableRecords } from "@/server/review/import/screenable";
import { poolSignature } from "@/server/review/screening/prioritiser-cache";
import type { SessionUser } from "@/server/trpc";
import { callerFor, codeOf, fingerprint, makeUser, openTestDatabase, type TestDatabase } from "./harness";
import { medline, postImport, pubmedRis, sourceOptions } from "./import-fixtures";
import { addMember } from "./screening-fixtures";

/** Records of a project in import order, with what removal changes. */
async function recordsOf(handle: TestDatabase, projectId: string) {
  return handle.db
    .select({ id: records.id, sourceRecordId: records.sourceRecordId, pmid: records.pmid, source: searchSources.name, duplicateOf: records.duplicateOf, removalReason: records.removalReason, removalNote: records.removalNote })
    .from(records)
    .innerJoin(searchSources, eq(searchSources.id, records.sourceId))
    .where(eq(records.projectId, projectId))
    .orderBy(asc(searchSources.importedAt), asc(records.sourceIndex));
}

const picked = (...recordIds: string[]) => ({ kind: "ids" as const, recordIds });

describe("removing records before screening (automation tools, other reasons) and restoring them", () => {
  let handle: TestDatabase;
  let owner: SessionUser;
  let ada: SessionUser;
  let rob: SessionUser;
  let projectId: string;
  let otherProjectRecord: string;
  /** PubMed pm1–pm4, then the MEDLINE records; two of those are merged into pm1 and pm4. */
  let ids: Record<string, string>;
  let duplicateId: string;

  beforeAll(async () => {
    handle = await openTestDatabase();
    owner = await makeUser(handle.db, "Owner");
    projectId = (await callerFor(handle.db, owner).projects.create({ title: "Removal before screening" })).id;
    ada = await addMember(handle.db, projectId, "Ada", "adjudicator");
    rob = await addMember(handle.db, projectId, "Rob", "reviewer");
    await postImport(handle.db, owner, projectId, { name: "pubmed.ris", content: pubmedRis }, sourceOptions("PubMed"));
    await postImport(handle.db, owner, projectId, { name: "medline.nbib", content: medline }, sourceOptions("MEDLINE"));
    const rows = await recordsOf(handle, projectId);
    ids = Object.fromEntries(rows.map((r) => [r.sourceRecordId ?? r.pmid ?? "", r.id]));
    duplicateId = rows.find((r) => r.duplicateOf !== null)!.id;
    const other = (await callerFor(handle.db, owner).projects.create({ title: "Another review" })).id;
    await postImport(handle.db, owner, other, { name: "pubmed.ris", content: pubmedRis }, sourceOptions("PubMed"));
    otherProjectRecord = (await recordsOf(handle, other))[0].id;
  });
  afterAll(async () => handle?.close());

  it("lets an adjudicator remove picked records with the reason and a note; they leave the pool and count in PRISMA", async () => {
    const as = callerFor(handle.db, ada);
    const before = await as.records.identificationCounts({ projectId });
    expect(before.removed).toEqual({ duplicate: 2, automation: 0, other: 0, total: 2 });
    const note = "RobotSearch RCT classifier, threshold 0.1";
    expect(await as.records.remove({ projectId, selection: picked(ids.pm2, ids.pm3), reason: "automation", note })).toEqual({ removed: 2 });

    const after = await as.records.identificationCounts({ projectId });
    expect(after.removed).toEqual({ duplicate: 2, automation: 2, other: 0, total: 4 });
    expect(after.remaining).toBe(before.remaining - 2);
    const pool = (await listScreenableRecords(handle.db, projectId)).map((r) => r.id);
    expect(pool).not.toContain(ids.pm2);
    expect(pool).not.toContain(ids.pm3);
    expect(pool).toHaveLength(after.remaining);
    expect(await as.records.get({ projectId, recordId: ids.pm2 })).toMatchObject({ removalReason: "automation", removalNote: note, duplicateOf: null });
    const listed = await as.records.list({ projectId, status: "removed" });
    expect(listed.rows.map((r) => r.id).sort()).toEqual([ids.pm2, ids.pm3].sort());

    const [audit] = await handle.db.select().from(auditLog).where(and(eq(auditLog.projectId, projectId), eq(auditLog.action, "records.remove-before-screening")));
    expect(audit.userId).toBe(ada.id);
    expect(audit.before).toEqual({ removalReason: null, removalNote: null });
    expect(audit.after).toMatchObject({ recordIds: [ids.pm2, ids.pm3], removalReason: "automation", removalNote: note, selection: "picked" });
  });

  it("refuses reviewers, duplicates, records already removed, screened records and other projects' records, changing nothing", async () => {
    await callerFor(handle.db, rob).screening.decide({ projectId, recordId: ids.pm4, stage: "title_abstract", decision: "exclude" });
    const snapshot = await fingerprint(handle.db);
    const as = callerFor(handle.db, ada);
    const remove = (...recordIds: string[]) => as.records.remove({ projectId, selection: picked(...recordIds), reason: "other" });

    expect(await codeOf(callerFor(handle.db, rob).records.remove({ projectId, selection: picked(ids.pm1), reason: "other" }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(handle.db, rob).records.restore({ projectId, selection: picked(ids.pm2) }))).toBe("FORBIDDEN");
    await expect(remove(ids.pm1, duplicateId)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/^Nothing was removed: 1 of the 2 records is already merged into another record as a duplicate/) });
    await expect(remove(ids.pm2, ids.pm1)).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("is already removed before screening (restore first") });
    await expect(remove(ids.pm1, ids.pm4)).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("1 of the 2 records is already screened") });
    await expect(remove(ids.pm1, otherProjectRecord)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(as.records.restore({ projectId, selection: picked(ids.pm1) })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("the record is in the screening pool, not removed") });
    await expect(as.records.restore({ projectId, selection: picked(duplicateId, ids.pm2) })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("undo the merge under Duplicates") });
    expect(await fingerprint(handle.db)).toEqual(snapshot);
  });

  it("restores removed records to the pool, clears the note and keeps the old state in the audit log", async () => {
    const as = callerFor(handle.db, owner);
    expect(await as.records.restore({ projectId, selection: picked(ids.pm3) })).toEqual({ restored: 1 });
    expect(await as.records.get({ projectId, recordId: ids.pm3 })).toMatchObject({ removalReason: null, removalNote: null });
    expect((await listScreenableRecords(handle.db, projectId)).map((r) => r.id)).toContain(ids.pm3);
    expect((await as.records.identificationCounts({ projectId })).removed).toMatchObject({ automation: 1, total: 3 });
    const [audit] = await handle.db.select().from(auditLog).where(and(eq(auditLog.projectId, projectId), eq(auditLog.action, "records.restore-to-screening")));
    expect(audit.before).toEqual({ removals: [{ removalReason: "automation", removalNote: "RobotSearch RCT classifier, threshold 0.1", recordIds: [ids.pm3] }] });
    expect(audit.after).toEqual({ recordIds: [ids.pm3], removalReason: null, removalNote: null });
    expect(audit.entityId).toBe(ids.pm3);
  });

  it("removes every record matching the table's filter, only when as many match as the person confirmed", async () => {
    const as = callerFor(handle.db, ada);
    const [medlineSource] = await handle.db.select().from(searchSources).where(and(eq(searchSources.projectId, projectId), eq(searchSources.name, "MEDLINE")));
    const filter = { sourceId: medlineSource.id, status: "screenable" as const };
    expect((await as.records.list({ projectId, ...filter })).total).toBe(2);
    const snapshot = await fingerprint(handle.db);
    await expect(as.records.remove({ projectId, selection: { kind: "filter", filter, expectedCount: 3 }, reason: "other" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("2 records match the filter now, not the 3 you confirmed") });
    expect(await fingerprint(handle.db)).toEqual(snapshot);

    expect(await as.records.remove({ projectId, selection: { kind: "filter", filter, expectedCount: 2 }, reason: "other", note: "  conference abstracts  " })).toEqual({ removed: 2 });
    const medlineRows = (await recordsOf(handle, projectId)).filter((r) => r.source === "MEDLINE");
    expect(medlineRows.map((r) => r.removalReason).sort()).toEqual(["duplicate", "duplicate", "other", "other"]);
    expect(medlineRows.filter((r) => r.removalReason === "other").map((r) => r.removalNote)).toEqual(["conference abstracts", "conference abstracts"]);
    expect((await as.records.identificationCounts({ projectId })).removed).toEqual({ duplicate: 2, automation: 1, other: 2, total: 5 });
    // a filter that takes in merged duplicates is refused whole, like picked ones
    await expect(as.records.remove({ projectId, selection: { kind: "filter", filter: { sourceId: medlineSource.id, status: "all" }, expectedCount: 4 }, reason: "other" }))
      .rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("takes the free-text search of the filter into account, for removal and restore alike", async () => {
    const as = callerFor(handle.db, ada);
    const filter = { q: "regional homogeneity", status: "screenable" as const };
    expect((await as.records.list({ projectId, ...filter })).rows.map((r) => r.id)).toEqual([ids.pm1]);
    expect(await as.records.remove({ projectId, selection: { kind: "filter", filter, expectedCount: 1 }, reason: "other", note: "not fMRI" })).toEqual({ removed: 1 });
    expect(await as.records.get({ projectId, recordId: ids.pm1 })).toMatchObject({ removalReason: "other", removalNote: "not fMRI" });
    const removed = { q: "regional homogeneity", status: "removed" as const };
    expect(await as.records.restore({ projectId, selection: { kind: "filter", filter: removed, expectedCount: 1 } })).toEqual({ restored: 1 });
    expect(await as.records.get({ projectId, recordId: ids.pm1 })).toMatchObject({ removalReason: null, removalNote: null });
  });
});

describe("the screening queue after removals", () => {
  it("never serves removed records and serves restored ones at once", async () => {
    const handle = await openTestDatabase();
    try {
      const owner = await makeUser(handle.db, "Owner");
      const projectId = (await callerFor(handle.db, owner).projects.create({ title: "Queue after removal" })).id;
      const rob = await addMember(handle.db, projectId, "Rob", "reviewer");
      const topics = ["insula", "thalamus", "amygdala", "cerebellum", "precuneus", "hippocampus"];
      const ris = topics.map((t, i) => `TY  - JOUR\r\nTI  - Resting-state connectivity of the ${t} in chronic pain\r\nAU  - Author${i}, A\r\nPY  - ${2010 + i}\r\nID  - ${t}\r\nER  - \r\n`).join("");
      await postImport(handle.db, owner, projectId, { name: "six.ris", content: ris }, sourceOptions("PubMed"));
      const [a, b, c] = (await recordsOf(handle, projectId)).map((r) => r.id);
      const screen = callerFor(handle.db, rob).screening;
      expect((await screen.next({ projectId, stage: "title_abstract" })).mine.total).toBe(6);

      const owners = callerFor(handle.db, owner).records;
      await owners.remove({ projectId, selection: picked(a), reason: "other" });
      expect((await screen.next({ projectId, stage: "title_abstract" })).mine.total).toBe(5);
      // as many restored as removed: the pool's size is what it was, its members are not
      await owners.restore({ projectId, selection: picked(a) });
      await owners.remove({ projectId, selection: picked(b), reason: "automation" });
      // another process's screening order (it cannot be told) notices such a swap by its check of the pool
      const signature = await poolSignature(handle.db, projectId);
      await owners.restore({ projectId, selection: picked(b) });
      await owners.remove({ projectId, selection: picked(c), reason: "other" });
      expect(await poolSignature(handle.db, projectId)).not.toBe(signature);
      await owners.restore({ projectId, selection: picked(c) });
      await owners.remove({ projectId, selection: picked(b), reason: "automation" });
      expect(await poolSignature(handle.db, projectId)).toBe(signature);
      const served: string[] = [];
      for (let next = await screen.next({ projectId, stage: "title_abstract" }); next.record; next = await screen.next({ projectId, stage: "title_abstract" })) {
        expect(next.mine.total).toBe(5);
        served.push(next.record.id);
        await screen.decide({ projectId, recordId: next.record.id, stage: "title_abstract", decision: "include" });
      }
      expect(served).toHaveLength(5);
      expect(served).toContain(a);
      expect(served).not.toContain(b);
    } finally {
      await handle.close();
    }
  });
});

describe("a screening decision racing a removal of the same record", () => {
  // PGlite has one connection, so its transactions never interleave: the race exists only on a server
  it.skipIf(!process.env.DATABASE_URL)("waits for the removal and is refused; a removal waiting for a decision refuses the screened record", async () => {
    const handle = await openTestDatabase();
    try {
      const owner = await makeUser(handle.db, "Owner");
      const projectId = (await callerFor(handle.db, owner).projects.create({ title: "Race" })).id;
      const rob = await addMember(handle.db, projectId, "Rob", "reviewer");
      const ris = ["insula", "thalamus"].map((t, i) => `TY  - JOUR\r\nTI  - Connectivity of the ${t} in chronic pain\r\nAU  - Author${i}, A\r\nPY  - 2015\r\nID  - ${t}\r\nER  - \r\n`).join("");
      await postImport(handle.db, owner, projectId, { name: "two.ris", content: ris }, sourceOptions("PubMed"));
      const [a, b] = (await recordsOf(handle, projectId)).map((r) => r.id);
      const server = handle.raw.client as import("postgres").Sql;
      const decisionsOn = async (id: string) => (await handle.db.select().from(screeningDecisions).where(eq(screeningDecisions.recordId, id))).length;

      // a removal holds the record (removeRecords locks it for update, then updates it) while Rob decides
      let deciding: Promise<string> = Promise.resolve("not started");
      let settled = false;
      await server.begin(async (tx) => {
        await tx`select id from records where id = ${a} for update`;
        deciding = callerFor(handle.db, rob).screening.decide({ projectId, recordId: a, stage: "title_abstract", decision: "include" })
          .then(() => "decided", (error: { code?: string }) => error.code ?? String(error))
          .finally(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(settled).toBe(false); // the decision waits for the removal's transaction
        await tx`update records set removal_reason = 'other' where id = ${a}`;
      });
      expect(await deciding).toBe("PRECONDITION_FAILED");
      expect(await decisionsOn(a)).toBe(0);

      // the other order: a decision holds record b (FOR SHARE, then its row) while the owner removes b
      let removing: Promise<string> = Promise.resolve("not started");
      await server.begin(async (tx) => {
        await tx`select id from records where id = ${b} for share`;
        removing = callerFor(handle.db, owner).records.remove({ projectId, selection: picked(b), reason: "other" })
          .then(() => "removed", (error: { code?: string }) => error.code ?? String(error));
        await new Promise((resolve) => setTimeout(resolve, 400));
        await tx`insert into screening_decisions (project_id, record_id, stage, reviewer_id, decision) values (${projectId}, ${b}, 'title_abstract', ${rob.id}, 'exclude')`;
      });
      expect(await removing).toBe("PRECONDITION_FAILED");
      expect((await recordsOf(handle, projectId)).find((r) => r.id === b)?.removalReason).toBeNull();
    } finally {
      await handle.close();
    }
  });
});
