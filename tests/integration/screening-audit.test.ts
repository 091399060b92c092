import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blindRedaction } from "@/server/review/audit/list-audit";
import { callerFor, fingerprint, openTestDatabase, type TestDatabase } from "./harness";
import { makeScreeningProject, sampleSeeds } from "./screening-fixtures";

const ta = "title_abstract" as const;

describe(`blinding in the audit log on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle?.close());

  it("an owner who screens cannot read a co-reviewer's decision in the audit log before the record is decided by both", async () => {
    const p = await makeScreeningProject(handle.db, sampleSeeds(6));
    const owner = callerFor(handle.db, p.owner);
    const alice = callerFor(handle.db, p.alice);
    const [r0, r1, r2] = p.recordIds;
    await alice.screening.decide({ projectId: p.projectId, recordId: r0, stage: ta, decision: "exclude", note: "knee study" });
    await alice.screening.decide({ projectId: p.projectId, recordId: r1, stage: ta, decision: "include" });
    await alice.screening.decide({ projectId: p.projectId, recordId: r1, stage: ta, decision: "maybe" }); // a change: before/after hold decisions
    await alice.screening.decide({ projectId: p.projectId, recordId: r2, stage: ta, decision: "include" });
    await alice.screening.undo({ projectId: p.projectId, stage: ta }); // undo entry: before holds the decision

    const before = await fingerprint(handle.db);
    const page = await owner.audit.list({ projectId: p.projectId });
    expect(await fingerprint(handle.db)).toEqual(before);
    const decisions = page.entries.filter((e) => e.entity === "screening_decision");
    expect(decisions.map((e) => e.action).sort()).toEqual(["screening.change", "screening.decide", "screening.decide", "screening.decide", "screening.undo"]);
    for (const e of decisions) {
      expect(e.userName).toBe("Alice");
      expect([e.before, e.after]).not.toContainEqual(expect.objectContaining({ decision: expect.anything() }));
      expect(JSON.stringify([e.before, e.after])).not.toMatch(/include|exclude|maybe|knee/);
    }
    expect(decisions.find((e) => e.action === "screening.decide")!.after).toEqual(blindRedaction);
    // other entries are untouched
    expect(page.entries.some((e) => e.action.startsWith("project") && e.after !== null && !("redacted" in (e.after as object)))).toBe(true);

    // once the owner has decided r0 too (2 of 2), alice's decision on r0 shows
    await owner.screening.decide({ projectId: p.projectId, recordId: r0, stage: ta, decision: "exclude" });
    const later = await owner.audit.list({ projectId: p.projectId });
    const onR0 = later.entries.filter((e) => e.action === "screening.decide" && (e.after as { recordId?: string }).recordId === r0);
    expect(onR0.map((e) => (e.after as { decision: string }).decision).sort()).toEqual(["exclude", "exclude"]);
    // r1 is still blind
    expect(later.entries.find((e) => e.action === "screening.change")!.after).toEqual(blindRedaction);

    // unblinding lifts the redaction
    await owner.screening.updateSettings({ projectId: p.projectId, unblinded: true });
    const open = await owner.audit.list({ projectId: p.projectId });
    expect(open.entries.find((e) => e.action === "screening.change")!.after).toMatchObject({ decision: "maybe" });
    expect(open.entries.find((e) => e.action === "screening.undo")!.before).toMatchObject({ recordId: r2, decision: "include" });
  });
});
