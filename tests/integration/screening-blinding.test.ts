import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, fingerprint, openTestDatabase, type TestDatabase } from "./harness";
import { makeScreeningProject, sampleSeeds, type ScreeningProject } from "./screening-fixtures";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

/** Blinding is enforced by the server: these tests call the procedures directly, as a curious reviewer's script would. */
describe("screening blinding (server-enforced)", () => {
  let handle: TestDatabase;
  let p: ScreeningProject;
  const ta = "title_abstract" as const;

  beforeAll(async () => {
    handle = await openTestDatabase();
    p = await makeScreeningProject(handle.db, sampleSeeds(6));
  });
  afterAll(async () => handle?.close());

  it("hides a co-reviewer's decision from every read procedure until both have decided", async () => {
    const [r0] = p.recordIds;
    const alice = callerFor(handle.db, p.alice);
    const bob = callerFor(handle.db, p.bob);
    await alice.screening.decide({ projectId: p.projectId, recordId: r0, stage: ta, decision: "include", note: "CLBP vs HC, ReHo" });

    const seen = await bob.screening.record({ projectId: p.projectId, stage: ta, recordId: r0 });
    expect(seen.others).toBeNull();
    expect(seen.mine).toBeNull();
    const serialised = JSON.stringify([
      seen,
      await bob.screening.next({ projectId: p.projectId, stage: ta }),
      await bob.screening.history({ projectId: p.projectId, stage: ta }),
      await bob.screening.progress({ projectId: p.projectId, stage: ta }),
      await bob.screening.agreement({ projectId: p.projectId, stage: ta }),
      await bob.conflicts.list({ projectId: p.projectId, stage: ta, includeResolved: true }),
      await bob.screening.counts({ projectId: p.projectId }),
    ]);
    expect(serialised).not.toContain("CLBP vs HC, ReHo");
    expect(serialised).not.toMatch(/:"(include|exclude|maybe)"/);
    // the alice row in team progress is a count only
    const progress = await bob.screening.progress({ projectId: p.projectId, stage: ta });
    expect(progress.include).toBe(0);
    expect(progress.reviewers.find((r) => r.userId === p.alice.id)?.done).toBe(1);

    await bob.screening.decide({ projectId: p.projectId, recordId: r0, stage: ta, decision: "exclude" });
    const after = await bob.screening.record({ projectId: p.projectId, stage: ta, recordId: r0 });
    expect(after.others).toEqual([{ reviewerName: "Alice", decision: "include", reason: null, note: "CLBP vs HC, ReHo" }]);
    const aliceView = await alice.screening.record({ projectId: p.projectId, stage: ta, recordId: r0 });
    expect(aliceView.others?.map((o) => o.decision)).toEqual(["exclude"]);
  });

  it("a member who has not decided still cannot see others' decisions on a pending record, even an adjudicator", async () => {
    const r1 = p.recordIds[1];
    await callerFor(handle.db, p.alice).screening.decide({ projectId: p.projectId, recordId: r1, stage: ta, decision: "exclude" });
    const adj = await callerFor(handle.db, p.adjudicator).screening.record({ projectId: p.projectId, stage: ta, recordId: r1 });
    expect(adj.others).toBeNull();
  });

  it("viewers cannot open the screening queue or records", async () => {
    const viewer = callerFor(handle.db, p.viewer);
    expect(await codeOf(viewer.screening.record({ projectId: p.projectId, stage: ta, recordId: p.recordIds[0] }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.screening.next({ projectId: p.projectId, stage: ta }))).toBe("FORBIDDEN");
  });

  it("only the owner can unblind; then everyone sees every decision", async () => {
    const r1 = p.recordIds[1];
    const before = await fingerprint(handle.db);
    expect(await codeOf(callerFor(handle.db, p.adjudicator).screening.updateSettings({ projectId: p.projectId, unblinded: true }))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(handle.db, p.alice).screening.updateSettings({ projectId: p.projectId, unblinded: true }))).toBe("FORBIDDEN");
    expect(await fingerprint(handle.db)).toEqual(before);

    await callerFor(handle.db, p.owner).screening.updateSettings({ projectId: p.projectId, unblinded: true });
    const bobView = await callerFor(handle.db, p.bob).screening.record({ projectId: p.projectId, stage: ta, recordId: r1 });
    expect(bobView.others?.map((o) => o.decision)).toEqual(["exclude"]);
    const audit = await callerFor(handle.db, p.owner).audit.list({ projectId: p.projectId });
    expect(JSON.stringify(audit)).toContain("screening.settings");
    await callerFor(handle.db, p.owner).screening.updateSettings({ projectId: p.projectId, unblinded: false });
  });

  it("a record of another project is not found, not shown", async () => {
    const other = await makeScreeningProject(handle.db, sampleSeeds(1));
    const code = await codeOf(callerFor(handle.db, p.alice).screening.record({ projectId: p.projectId, stage: ta, recordId: other.recordIds[0] }));
    expect(code).toBe("NOT_FOUND");
    const before = await fingerprint(handle.db);
    const decideCode = await codeOf(callerFor(handle.db, p.alice).screening.decide({ projectId: p.projectId, recordId: other.recordIds[0], stage: ta, decision: "include" }));
    expect(decideCode).toBe("NOT_FOUND");
    expect(await fingerprint(handle.db)).toEqual(before);
  });
});
