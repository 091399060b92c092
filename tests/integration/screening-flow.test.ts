import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, screeningDecisions } from "@/db/schema";
import { prioritiserCache } from "@/server/review/screening/prioritiser-cache";
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

const ta = "title_abstract" as const;
const ft = "full_text" as const;
const pdf = new Uint8Array(Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "latin1"));

describe(`screening workflow on ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  let handle: TestDatabase;
  let p: ScreeningProject;
  let q: ScreeningProject;

  beforeAll(async () => {
    handle = await openTestDatabase();
    p = await makeScreeningProject(handle.db, sampleSeeds(40));
    q = await makeScreeningProject(handle.db, sampleSeeds(10));
  });
  afterAll(async () => handle?.close());

  it("double submits are idempotent: one row, one audit entry; a changed decision is audited with before/after", async () => {
    const alice = callerFor(handle.db, p.alice);
    const input = { projectId: p.projectId, recordId: p.recordIds[0], stage: ta, decision: "include" as const };
    const results = await Promise.all([alice.screening.decide(input), alice.screening.decide(input), alice.screening.decide(input)]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    await alice.screening.decide({ ...input, decision: "maybe", note: "group sizes unclear" });
    const rows = await handle.db.select().from(screeningDecisions).where(and(eq(screeningDecisions.recordId, p.recordIds[0]), eq(screeningDecisions.reviewerId, p.alice.id)));
    expect(rows.map((r) => [r.decision, r.note])).toEqual([["maybe", "group sizes unclear"]]);
    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.projectId, p.projectId), eq(auditLog.entityId, rows[0].id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["screening.change", "screening.decide"]);
    const change = audit.find((a) => a.action === "screening.change")!;
    expect(change.before).toMatchObject({ decision: "include" });
    expect(change.after).toMatchObject({ decision: "maybe" });
  });

  it("U undoes the caller's last decision only, and the record comes back in the queue", async () => {
    const bob = callerFor(handle.db, p.bob);
    await bob.screening.decide({ projectId: p.projectId, recordId: p.recordIds[5], stage: ta, decision: "exclude" });
    await bob.screening.decide({ projectId: p.projectId, recordId: p.recordIds[6], stage: ta, decision: "exclude" });
    const undone = await bob.screening.undo({ projectId: p.projectId, stage: ta });
    expect(undone?.recordId).toBe(p.recordIds[6]);
    const history = await bob.screening.history({ projectId: p.projectId, stage: ta });
    expect(history.map((h) => h.recordId)).toEqual([p.recordIds[5]]);
    // alice's decision on record 0 is untouched by bob's undo
    const aliceRows = await handle.db.select().from(screeningDecisions).where(eq(screeningDecisions.reviewerId, p.alice.id));
    expect(aliceRows).toHaveLength(1);
  });

  it("serves each reviewer records they have not decided, never one already decided by the quota, and times it", async () => {
    const alice = callerFor(handle.db, q.alice);
    const bob = callerFor(handle.db, q.bob);
    const adjudicator = callerFor(handle.db, q.adjudicator);
    const times: number[] = [];
    const seenByAlice: string[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      const next = await alice.screening.next({ projectId: q.projectId, stage: ta });
      times.push(performance.now() - t);
      expect(next.record).not.toBeNull();
      seenByAlice.push(next.record!.id);
      await alice.screening.decide({ projectId: q.projectId, recordId: next.record!.id, stage: ta, decision: i < 3 ? "include" : "exclude" });
    }
    expect(new Set(seenByAlice).size).toBe(10);
    expect((await alice.screening.next({ projectId: q.projectId, stage: ta })).reason).toBe("done");
    // bob screens the first five; then the adjudicator (also a screener) only gets the other five
    for (let i = 0; i < 5; i++) {
      const next = await bob.screening.next({ projectId: q.projectId, stage: ta });
      await bob.screening.decide({ projectId: q.projectId, recordId: next.record!.id, stage: ta, decision: "exclude" });
    }
    const bobDone = new Set((await bob.screening.history({ projectId: q.projectId, stage: ta })).map((h) => h.recordId));
    const adjNext = await adjudicator.screening.next({ projectId: q.projectId, stage: ta });
    expect(bobDone.has(adjNext.record!.id)).toBe(false);
    times.sort((a, b) => a - b);
    console.log(`[screening] next-record latency in-process (${handle.label}, 10 calls, 10 records): median ${times[5].toFixed(1)} ms, max ${times[9].toFixed(1)} ms`);
  });

  it("only assigned screeners screen once the owner picks them", async () => {
    const owner = callerFor(handle.db, q.owner);
    await owner.screening.updateSettings({ projectId: q.projectId, screenerIds: [q.alice.id, q.bob.id] });
    const adjudicator = callerFor(handle.db, q.adjudicator);
    expect((await adjudicator.screening.next({ projectId: q.projectId, stage: ta })).reason).toBe("not_screener");
    const before = await fingerprint(handle.db);
    expect(await codeOf(adjudicator.screening.decide({ projectId: q.projectId, recordId: q.recordIds[9], stage: ta, decision: "include" }))).toBe("FORBIDDEN");
    expect(await fingerprint(handle.db)).toEqual(before);
    await owner.screening.updateSettings({ projectId: q.projectId, screenerIds: [] });
  });

  it("concurrent reviewers never lose or overwrite a decision", async () => {
    const reviewers = [p.alice, p.bob, p.adjudicator];
    const targets = p.recordIds.slice(10, 30);
    // every reviewer decides every target, interleaved, with duplicates thrown in
    const calls = reviewers.flatMap((who, w) =>
      targets.flatMap((recordId, i) => {
        const decision = (i + w) % 3 === 0 ? ("include" as const) : ("exclude" as const);
        const call = () => callerFor(handle.db, who).screening.decide({ projectId: p.projectId, recordId, stage: ta, decision });
        return i % 4 === 0 ? [call, call] : [call];
      }),
    );
    const shuffled = calls.map((c, i) => ({ c, k: (i * 7919) % calls.length })).sort((a, b) => a.k - b.k).map((x) => x.c);
    const results = await Promise.allSettled(shuffled.map((c) => c()));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const rows = await handle.db.select().from(screeningDecisions).where(eq(screeningDecisions.projectId, p.projectId));
    for (const [w, who] of reviewers.entries()) {
      targets.forEach((recordId, i) => {
        const mine = rows.filter((r) => r.reviewerId === who.id && r.recordId === recordId);
        expect(mine).toHaveLength(1);
        expect(mine[0].decision).toBe((i + w) % 3 === 0 ? "include" : "exclude");
      });
    }
  });

  it("conflicts: include vs exclude and maybe go to the queue; only an adjudicator (or a consensus of its reviewers) resolves, with history", async () => {
    const [alice, bob, adj, owner] = [p.alice, p.bob, p.adjudicator, p.owner].map((u) => callerFor(handle.db, u));
    const [rConflict, rMaybe, rAgree] = [p.recordIds[1], p.recordIds[2], p.recordIds[3]];
    await alice.screening.decide({ projectId: p.projectId, recordId: rConflict, stage: ta, decision: "include" });
    await bob.screening.decide({ projectId: p.projectId, recordId: rConflict, stage: ta, decision: "exclude" });
    await alice.screening.decide({ projectId: p.projectId, recordId: rMaybe, stage: ta, decision: "include" });
    await bob.screening.decide({ projectId: p.projectId, recordId: rMaybe, stage: ta, decision: "maybe" });
    await alice.screening.decide({ projectId: p.projectId, recordId: rAgree, stage: ta, decision: "include" });
    await bob.screening.decide({ projectId: p.projectId, recordId: rAgree, stage: ta, decision: "include" });
    const open = await alice.conflicts.list({ projectId: p.projectId, stage: ta });
    expect(open.map((c) => c.recordId)).toEqual(expect.arrayContaining([rConflict, rMaybe]));
    expect(open.map((c) => c.recordId)).not.toContain(rAgree);

    const resolve = { projectId: p.projectId, recordId: rConflict, stage: ta, decision: "include" as const, rationale: "Patients vs healthy controls, whole-brain ReHo", consensus: false };
    const before = await fingerprint(handle.db);
    expect(await codeOf(alice.conflicts.resolve(resolve))).toBe("FORBIDDEN");
    expect(await codeOf(callerFor(handle.db, p.viewer).conflicts.resolve(resolve))).toBe("FORBIDDEN");
    expect(await codeOf(adj.conflicts.resolve({ ...resolve, recordId: rAgree }))).toBe("PRECONDITION_FAILED");
    expect(await fingerprint(handle.db)).toEqual(before);

    expect((await adj.conflicts.resolve(resolve)).changed).toBe(true);
    expect((await adj.conflicts.resolve(resolve)).changed).toBe(false);
    // decisions on a resolved record are final
    expect(await codeOf(bob.screening.decide({ projectId: p.projectId, recordId: rConflict, stage: ta, decision: "include" }))).toBe("PRECONDITION_FAILED");
    await owner.conflicts.resolve({ ...resolve, decision: "exclude", rationale: "On re-reading: ROI analysis only" });
    const history = await alice.conflicts.history({ projectId: p.projectId, stage: ta, recordId: rConflict });
    expect(history.map((h) => [h.decision, h.supersededAt === null])).toEqual([["include", false], ["exclude", true]]);
    // consensus by the record's own reviewers
    await bob.conflicts.resolve({ projectId: p.projectId, recordId: rMaybe, stage: ta, decision: "include", rationale: "Discussed: both agree it compares CLBP with controls", consensus: true });
    const all = await adj.conflicts.list({ projectId: p.projectId, stage: ta, includeResolved: true });
    expect(all.find((c) => c.recordId === rMaybe)?.resolution?.consensus).toBe(true);
    expect(all.find((c) => c.recordId === rConflict)?.status).toBe("resolved");
    const actions = (await handle.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.projectId, p.projectId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["screening.resolve", "screening.re-resolve"]));
  });

  it("full text: sought → retrieved (PDF) or not retrieved; decisions need a reason from the list; reason conflicts are resolved", async () => {
    const [alice, bob, adj] = [p.alice, p.bob, p.adjudicator].map((u) => callerFor(handle.db, u));
    const [rA, rB] = [p.recordIds[2], p.recordIds[3]]; // included at title/abstract above (consensus; agreement)
    const list = await alice.fullText.list({ projectId: p.projectId });
    expect(list.map((r) => r.recordId)).toEqual(expect.arrayContaining([rA, rB]));
    expect(list.every((r) => r.status === "sought")).toBe(true);
    expect(list.map((r) => r.recordId)).not.toContain(p.recordIds[1]); // excluded on re-resolution

    expect(await codeOf(alice.screening.decide({ projectId: p.projectId, recordId: rA, stage: ft, decision: "include" }))).toBe("PRECONDITION_FAILED");
    const { uploadFullText, getFullTextFile } = await import("@/server/review/screening/full-text");
    await expect(uploadFullText(handle.db, p.alice.id, p.projectId, rA, "x.pdf", new Uint8Array([1, 2, 3]))).rejects.toThrow(/not a PDF/);
    await uploadFullText(handle.db, p.alice.id, p.projectId, rA, "zhang-2020.pdf", pdf);
    expect(Buffer.from((await getFullTextFile(handle.db, p.projectId, rA))!.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(await getFullTextFile(handle.db, q.projectId, rA)).toBeNull();
    await bob.fullText.setStatus({ projectId: p.projectId, recordId: rB, status: "retrieved", link: "https://doi.org/10.1000/xyz" });

    expect(await codeOf(alice.screening.decide({ projectId: p.projectId, recordId: rA, stage: ft, decision: "exclude" }))).toBe("BAD_REQUEST");
    expect(await codeOf(alice.screening.decide({ projectId: p.projectId, recordId: rA, stage: ft, decision: "maybe" }))).toBe("BAD_REQUEST");
    expect(await codeOf(alice.screening.decide({ projectId: p.projectId, recordId: rA, stage: ft, decision: "exclude", reason: "made up" }))).toBe("BAD_REQUEST");
    await alice.screening.decide({ projectId: p.projectId, recordId: rA, stage: ft, decision: "exclude", reason: "ROI-only results" });
    await bob.screening.decide({ projectId: p.projectId, recordId: rA, stage: ft, decision: "exclude", reason: "n < 10 per group" });
    await alice.screening.decide({ projectId: p.projectId, recordId: rB, stage: ft, decision: "include" });
    await bob.screening.decide({ projectId: p.projectId, recordId: rB, stage: ft, decision: "include" });
    const ftConflicts = await adj.conflicts.list({ projectId: p.projectId, stage: ft });
    expect(ftConflicts.map((c) => c.recordId)).toEqual([rA]);
    expect(await codeOf(adj.conflicts.resolve({ projectId: p.projectId, recordId: rA, stage: ft, decision: "exclude", rationale: "Checked the methods section", consensus: false }))).toBe("BAD_REQUEST");
    await adj.conflicts.resolve({ projectId: p.projectId, recordId: rA, stage: ft, decision: "exclude", reason: "n < 10 per group", rationale: "Checked the methods section", consensus: false });
    const counts = await alice.screening.counts({ projectId: p.projectId });
    expect(counts.excludedByReason).toEqual([{ reason: "n < 10 per group", n: 1 }]);
    expect(counts.reportsIncluded).toBe(1);
    const { listIncludedRecordIds } = await import("@/server/review/screening/included");
    expect(await listIncludedRecordIds(handle.db, p.projectId)).toEqual([rB]);
    // not retrieved needs a reason
    expect(await codeOf(alice.fullText.setStatus({ projectId: p.projectId, recordId: rB, status: "not_retrieved" }))).toBe("BAD_REQUEST");
  });

  it("agreement: kappa, CI, percent agreement and the 2×2 table match a hand computation", async () => {
    const project = await makeScreeningProject(handle.db, sampleSeeds(10));
    const [alice, bob] = [project.alice, project.bob].map((u) => callerFor(handle.db, u));
    // (I,I)×4, (E,E)×3, (I,E)×2, (E,I)×1
    const plan: ["include" | "exclude", "include" | "exclude"][] = [
      ["include", "include"], ["include", "include"], ["include", "include"], ["include", "include"],
      ["exclude", "exclude"], ["exclude", "exclude"], ["exclude", "exclude"],
      ["include", "exclude"], ["include", "exclude"], ["exclude", "include"],
    ];
    for (const [i, [a, b]] of plan.entries()) {
      await alice.screening.decide({ projectId: project.projectId, recordId: project.recordIds[i], stage: ta, decision: a });
      await bob.screening.decide({ projectId: project.projectId, recordId: project.recordIds[i], stage: ta, decision: b });
    }
    const [pair] = await alice.screening.agreement({ projectId: project.projectId, stage: ta });
    expect([pair.reviewerA.name, pair.reviewerB.name]).toEqual(["Alice", "Bob"]);
    expect(pair.categories).toEqual(["include", "exclude"]);
    expect(pair.counts).toEqual([[4, 2], [1, 3]]);
    expect(pair.percentAgreement).toBeCloseTo(70, 10);
    // po = .7, pe = .6·.5 + .4·.5 = .5, κ = (.7 − .5)/(1 − .5) = .4
    expect(pair.kappa).toBeCloseTo(0.4, 10);
    // Fleiss–Cohen–Everitt SE by hand: Var = (.04624 + .06348 + .10188 − .01)/(10·.25) = .08064
    expect(pair.se).toBeCloseTo(Math.sqrt(0.08064), 10);
    expect(pair.ci95![0]).toBeCloseTo(0.4 - 1.959963985 * Math.sqrt(0.08064), 6);
    expect(pair.ci95![1]).toBeCloseTo(0.4 + 1.959963985 * Math.sqrt(0.08064), 6);
    // a maybe turns the table into 3×3
    await callerFor(handle.db, project.adjudicator).screening.decide({ projectId: project.projectId, recordId: project.recordIds[0], stage: ta, decision: "maybe" });
    const pairs = await alice.screening.agreement({ projectId: project.projectId, stage: ta });
    expect(pairs).toHaveLength(3);
    expect(pairs.find((x) => x.reviewerA.name === "Ada")!.categories).toEqual(["include", "exclude", "maybe"]);
  });

  it("prioritisation learns from decisions: relevant-looking records rise to the top", async () => {
    const seeds = [
      ...Array.from({ length: 30 }, (_, i) => ({ title: `Regional homogeneity in chronic low back pain patients versus healthy controls ${i}`, abstract: "Resting-state fMRI ReHo whole-brain comparison of chronic low back pain and healthy controls." })),
      ...Array.from({ length: 30 }, (_, i) => ({ title: `Knee cartilage thickness after running ${i}`, abstract: "MRI of knee cartilage in marathon runners; no brain imaging." })),
    ];
    const project = await makeScreeningProject(handle.db, seeds);
    const alice = callerFor(handle.db, project.alice);
    // decide a few: one relevant, two irrelevant
    await alice.screening.decide({ projectId: project.projectId, recordId: project.recordIds[0], stage: ta, decision: "include" });
    await alice.screening.decide({ projectId: project.projectId, recordId: project.recordIds[30], stage: ta, decision: "exclude" });
    await alice.screening.decide({ projectId: project.projectId, recordId: project.recordIds[31], stage: ta, decision: "exclude" });
    const stats = await prioritiserCache.stats(handle.db, project.projectId, { waitForTraining: true });
    expect(stats.labelledRelevant).toBe(1);
    expect(stats.labelledIrrelevant).toBe(2);
    expect(stats.retrainMs).not.toBeNull();
    const next = await callerFor(handle.db, project.bob).screening.next({ projectId: project.projectId, stage: ta, skip: [project.recordIds[0]] });
    expect(next.prioritised).toBe(true);
    expect(next.record!.title).toMatch(/Regional homogeneity/);
    expect(stats.remaining!.expected).toBeGreaterThan(5);
    const method = await alice.screening.method({ projectId: project.projectId });
    expect(method.text).toMatch(/predicted relevance/);
  });
});
