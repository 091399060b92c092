import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getScreeningCounts } from "@/server/review/screening/prisma-counts";
import { listIncludedRecordIds } from "@/server/review/screening/included";
import { openTestDatabase, type TestDatabase } from "./harness";
import { makeScreeningProject, markDuplicate, putDecision, putFullTextStatus, putResolution, sampleSeeds, type ScreeningProject } from "./screening-fixtures";

/**
 * A hand-built project whose PRISMA screening boxes are known: 12 records, 1 duplicate → 11 in the pool.
 * Title/abstract (2 reviewers): r0–r5 include by both; r6, r7 exclude by both; r8 include/exclude
 * resolved include; r9 include/maybe unresolved (conflict); r10 one decision only (pending).
 * → screened 9 (6 + 2 + 1), excluded 2, pending 1, conflict 1, sought 7 (r0–r5, r8).
 * Full text: r0 not retrieved; r1, r2 include by both; r3 exclude "ROI-only" by both; r4 exclude
 * "ROI-only" + "n < 10" (conflict on reason) resolved exclude "n < 10"; r5 include/exclude resolved
 * exclude "Duplicate data"; r8 pending (no decisions).
 * → not retrieved 1, assessed 6, excluded 3 (ROI-only 1, n < 10 1, Duplicate data 1), included 2 (r1, r2).
 */
describe("PRISMA screening counts and included records", () => {
  let handle: TestDatabase;
  let p: ScreeningProject;

  beforeAll(async () => {
    handle = await openTestDatabase();
    const db = handle.db;
    p = await makeScreeningProject(db, sampleSeeds(12));
    const r = p.recordIds;
    const [a, b] = [p.alice.id, p.bob.id];
    await markDuplicate(db, r[11], r[0]);
    const ta = "title_abstract" as const;
    for (const i of [0, 1, 2, 3, 4, 5]) for (const who of [a, b]) await putDecision(db, p.projectId, r[i], ta, who, "include");
    for (const i of [6, 7]) for (const who of [a, b]) await putDecision(db, p.projectId, r[i], ta, who, "exclude");
    await putDecision(db, p.projectId, r[8], ta, a, "include");
    await putDecision(db, p.projectId, r[8], ta, b, "exclude");
    await putResolution(db, p.projectId, r[8], ta, p.adjudicator.id, "include");
    await putDecision(db, p.projectId, r[9], ta, a, "include");
    await putDecision(db, p.projectId, r[9], ta, b, "maybe");
    await putDecision(db, p.projectId, r[10], ta, a, "exclude");
    // a decision on the duplicate must not count anywhere
    await putDecision(db, p.projectId, r[11], ta, a, "include");

    const ft = "full_text" as const;
    await putFullTextStatus(db, p.projectId, r[0], "not_retrieved", "Not available from the library");
    for (const i of [1, 2, 3, 4, 5]) await putFullTextStatus(db, p.projectId, r[i], "retrieved");
    for (const i of [1, 2]) for (const who of [a, b]) await putDecision(db, p.projectId, r[i], ft, who, "include");
    for (const who of [a, b]) await putDecision(db, p.projectId, r[3], ft, who, "exclude", "ROI-only results");
    await putDecision(db, p.projectId, r[4], ft, a, "exclude", "ROI-only results");
    await putDecision(db, p.projectId, r[4], ft, b, "exclude", "n < 10 per group");
    await putResolution(db, p.projectId, r[4], ft, p.adjudicator.id, "exclude", "n < 10 per group");
    await putDecision(db, p.projectId, r[5], ft, a, "include");
    await putDecision(db, p.projectId, r[5], ft, b, "exclude", "Duplicate data");
    await putResolution(db, p.projectId, r[5], ft, p.owner.id, "exclude", "Duplicate data");
  });
  afterAll(async () => handle?.close());

  it("counts every PRISMA screening box as computed by hand", async () => {
    expect(await getScreeningCounts(handle.db, p.projectId)).toEqual({
      recordsToScreen: 11,
      recordsScreened: 9,
      recordsExcluded: 2,
      recordsPending: 1,
      recordsInConflict: 1,
      reportsSought: 7,
      reportsNotRetrieved: 1,
      reportsAssessed: 6,
      reportsDecided: 5,
      reportsPending: 1,
      reportsInConflict: 0,
      reportsExcluded: 3,
      excludedByReason: [
        { reason: "Duplicate data", n: 1 },
        { reason: "n < 10 per group", n: 1 },
        { reason: "ROI-only results", n: 1 },
      ],
      reportsIncluded: 2,
    });
  });

  it("lists the records included after full text, taking resolutions into account", async () => {
    expect(await listIncludedRecordIds(handle.db, p.projectId)).toEqual([p.recordIds[1], p.recordIds[2]].sort());
  });

  it("a full-text conflict on the exclusion reason is a conflict until resolved", async () => {
    const r = p.recordIds;
    await putDecision(handle.db, p.projectId, r[8], "full_text", p.alice.id, "exclude", "ROI-only results");
    await putDecision(handle.db, p.projectId, r[8], "full_text", p.bob.id, "exclude", "No whole-brain coordinates");
    const counts = await getScreeningCounts(handle.db, p.projectId);
    expect(counts.reportsInConflict).toBe(1);
    expect(counts.reportsPending).toBe(0);
    expect(counts.reportsExcluded).toBe(3);
  });

  it("an empty project counts zero everywhere and includes nothing", async () => {
    const other = await makeScreeningProject(handle.db, []);
    const counts = await getScreeningCounts(handle.db, other.projectId);
    expect(counts.recordsToScreen).toBe(0);
    expect(counts.reportsIncluded).toBe(0);
    expect(counts.excludedByReason).toEqual([]);
    expect(await listIncludedRecordIds(handle.db, other.projectId)).toEqual([]);
  });
});
