import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, extractions } from "@/db/schema";
import { callerFor, fingerprint, openTestDatabase, type TestDatabase } from "./harness";
import { experimentDraft, type ExtractionProject, makeExtractionProject, studyFields } from "./extraction-fixtures";

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : String(e);
  }
}

describe(`extraction: studies, blind dual extraction, comparison, consensus`, () => {
  let h: TestDatabase;
  let t: ExtractionProject;
  let studyId: string;
  let rehoId: string;
  let alffId: string;
  const as = (u: { id: string; email: string; name: string }) => callerFor(h.db, u);

  beforeAll(async () => {
    h = await openTestDatabase();
    t = await makeExtractionProject(h.db, 4);
  });
  afterAll(async () => h?.close());

  it("groups two reports into one study; only the owner may add reports screening did not include", async () => {
    const { projectId } = t;
    expect(await codeOf(as(t.adjudicator).studies.create({ projectId, label: "Li 2015", recordIds: [t.recordIds[0]] }))).toBe("FORBIDDEN");
    const study = await as(t.owner).studies.create({ projectId, label: "Li 2015", recordIds: [t.recordIds[0], t.recordIds[1]] });
    studyId = study.id;
    expect(await codeOf(as(t.owner).studies.create({ projectId, label: "Again", recordIds: [t.recordIds[1]] }))).toBe("CONFLICT");
    rehoId = (await as(t.alice).studies.addExperiment({ projectId, studyId, label: "CLBP vs HC", modality: "ReHo" })).id;
    alffId = (await as(t.alice).studies.addExperiment({ projectId, studyId, label: "CLBP vs HC", modality: "ALFF", subgroup: "chronic" })).id;
    const [listed] = await as(t.viewer).studies.list({ projectId });
    expect(listed.reports.map((r) => [r.isPrimary, r.includedByScreening])).toEqual([[true, false], [false, false]]);
    expect(listed.experiments.map((e) => e.modality)).toEqual(["ReHo", "ALFF"]);
    const eligible = await as(t.viewer).studies.eligibleReports({ projectId });
    expect(eligible.filter((r) => r.studyId === studyId)).toHaveLength(2);
  });

  it("keeps drafts exactly as typed and never shows one reviewer the other's extraction", async () => {
    const { projectId } = t;
    const draftA = { fields: { ...studyFields("Li", 2015), country: "Chi" }, experiments: { [rehoId]: experimentDraft([[-42, 22, -4, 5.1, "L insula"], [6, -60, 52, -4.2, "precuneus"]]) } };
    await as(t.alice).extraction.saveDraft({ projectId, studyId, draft: draftA });
    const mine = await as(t.alice).extraction.mine({ projectId, studyId });
    expect(mine.extraction?.draft).toEqual(draftA);
    const bobs = await as(t.bob).extraction.mine({ projectId, studyId });
    expect(bobs.extraction).toBeNull();
    expect(JSON.stringify(bobs)).not.toContain("L insula");
    const before = await fingerprint(h.db);
    expect(await codeOf(as(t.alice).extraction.compare({ projectId, studyId }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(as(t.adjudicator).extraction.compare({ projectId, studyId }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(as(t.viewer).extraction.mine({ projectId, studyId }))).toBe("FORBIDDEN");
    expect(await codeOf(as(t.viewer).extraction.saveDraft({ projectId, studyId, draft: draftA }))).toBe("FORBIDDEN");
    expect(await fingerprint(h.db)).toEqual(before);
    const status = await as(t.bob).extraction.status({ projectId });
    expect(status[0]).toMatchObject({ myStatus: null, reviewerCount: 1, submittedCount: 0 });
  });

  it("rejects invalid values on submit with every problem named, and accepts them once fixed", async () => {
    const { projectId } = t;
    const bad = experimentDraft([[-42, 22, -140, 5.1], [6, -60, 52, 2], [1, 2, 3, -3]], { n1: "0" });
    bad.foci[1].statistic = "p";
    bad.foci[2].direction = "increase";
    bad.outcomes[0].sd = "-1";
    const draft = { fields: studyFields("Li", 2015), experiments: { [rehoId]: bad, [alffId]: experimentDraft([[30, 10, 40, 4]]) } };
    await as(t.bob).extraction.saveDraft({ projectId, studyId, draft });
    let message = "";
    try {
      await as(t.bob).extraction.submit({ projectId, studyId });
    } catch (e) {
      expect((e as TRPCError).code).toBe("BAD_REQUEST");
      message = (e as Error).message;
    }
    expect(message).toMatch(/z = -140 lies outside ±100 mm/);
    expect(message).toMatch(/p = 2 must lie in \(0, 1\]/);
    expect(message).toMatch(/t = -3 contradicts direction "increase"/);
    expect(message).toMatch(/SD must be positive/);
    expect(message).toMatch(/n \(group 1\) must be a positive whole number/);
    const [row] = await h.db.select().from(extractions).where(and(eq(extractions.studyId, studyId), eq(extractions.reviewerId, t.bob.id)));
    expect(row.status).toBe("draft");

    // Bob's corrected extraction differs from Alice's in one focus (z of the precuneus peak) and the country.
    const good = { fields: studyFields("Li", 2015), experiments: { [rehoId]: experimentDraft([[-42, 22, -4, 5.1, "L insula"], [6, -60, 50, -4.2, "precuneus"]]), [alffId]: experimentDraft([[30, 10, 40, 4]]) } };
    await as(t.bob).extraction.saveDraft({ projectId, studyId, draft: good });
    await as(t.bob).extraction.submit({ projectId, studyId });
    expect(await codeOf(as(t.carol).extraction.saveDraft({ projectId, studyId, draft: good }))).toBe("CONFLICT");
    expect(await codeOf(as(t.bob).extraction.saveDraft({ projectId, studyId, draft: good }))).toBe("CONFLICT");
  });

  it("compares side by side after both submitted, highlighting exactly the differing field and focus row", async () => {
    const { projectId } = t;
    const draftA = { fields: { ...studyFields("Li", 2015), country: "Chi" }, experiments: { [rehoId]: experimentDraft([[-42, 22, -4, 5.1, "L insula"], [6, -60, 52, -4.2, "precuneus"]]), [alffId]: experimentDraft([[30, 10, 40, 4]]) } };
    await as(t.alice).extraction.saveDraft({ projectId, studyId, draft: draftA });
    await as(t.alice).extraction.submit({ projectId, studyId });
    expect(await codeOf(as(t.alice).extraction.reopen({ projectId, studyId }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(as(t.carol).extraction.compare({ projectId, studyId }))).toBe("FORBIDDEN");
    const view = await as(t.alice).extraction.compare({ projectId, studyId });
    expect(view.comparison.fields.filter((f) => !f.same).map((f) => [f.key, f.a, f.b])).toEqual([["country", "Chi", "China"]]);
    const reho = view.comparison.experiments.find((e) => e.id === rehoId)!;
    expect(reho.foci.map((r) => r.differing)).toEqual([[], ["z"]]);
    expect(reho.foci[1].a?.z).toBe(52);
    expect(reho.foci[1].b?.z).toBe(50);
    expect(view.comparison.differenceCount).toBe(2);
    expect(view.reviewers.map((r) => r.name).sort()).toEqual(["Alice", "Bob"]);
  });

  it("saves the consensus with who decided and why; a non-extractor reviewer may not decide", async () => {
    const { projectId } = t;
    const consensus = { fields: studyFields("Li", 2015), experiments: { [rehoId]: experimentDraft([[-42, 22, -4, 5.1, "L insula"], [6, -60, 52, -4.2, "precuneus"]]), [alffId]: experimentDraft([[30, 10, 40, 4]]) } };
    expect(await codeOf(as(t.alice).extraction.saveConsensus({ projectId, studyId, draft: consensus, rationale: "" }))).toBe("BAD_REQUEST");
    expect(await codeOf(as(t.carol).extraction.saveConsensus({ projectId, studyId, draft: consensus, rationale: "Table 2 says z = 52" }))).toBe("FORBIDDEN");
    await as(t.adjudicator).extraction.saveConsensus({ projectId, studyId, draft: consensus, rationale: "Table 2 says z = 52" });
    const view = await as(t.bob).extraction.compare({ projectId, studyId });
    expect(view.consensus).toMatchObject({ decidedBy: "Ada", rationale: "Table 2 says z = 52" });
    expect(view.consensus?.data.experiments[rehoId].foci[1]).toMatchObject({ x: 6, y: -60, z: 52, value: -4.2, direction: "decrease" });
    const actions = (await h.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.projectId, projectId))).map((a) => a.action);
    for (const a of ["study.create", "study.report.add", "experiment.create", "extraction.start", "extraction.draft", "extraction.submit", "extraction.consensus"]) expect(actions).toContain(a);
  });

  it("versions the form: a saved form is the next version and earlier extractions keep theirs", async () => {
    const { projectId } = t;
    const form = await as(t.viewer).extraction.form({ projectId });
    expect(form.version).toBe(1);
    expect(await codeOf(as(t.alice).extraction.saveForm({ projectId, name: "x", definition: form.definition }))).toBe("FORBIDDEN");
    expect(await codeOf(as(t.owner).extraction.saveForm({ projectId, name: "bad", definition: { fields: [{ key: "a", label: "A", type: "select" }] } }))).toBe("BAD_REQUEST");
    const next = await as(t.owner).extraction.saveForm({ projectId, name: "With ethics", definition: { fields: [...form.definition.fields, { key: "ethics", label: "Ethics approval", type: "yesno" }] } });
    expect(next.version).toBe(2);
    expect((await as(t.alice).extraction.mine({ projectId, studyId })).form.version).toBe(1);
    expect((await as(t.viewer).extraction.formVersions({ projectId })).map((v) => v.version)).toEqual([2, 1]);
  });

  it("previews pasted coordinates against the brain mask and converts Talairach", async () => {
    const { projectId } = t;
    const result = await as(t.alice).extraction.previewPaste({ projectId, text: "Region x y z t\nL insula (−42, 22, −4) 5.1\nOut 0 -100 -70 4\nBad 0 0 180 3", options: { space: "MNI" } });
    expect(result.rows.map((r) => r.status)).toEqual(["ok", "outside-mask", "rejected"]);
    const tal = await as(t.alice).extraction.previewPaste({ projectId, text: "-40 20 -6 4.1", options: { space: "TAL", variant: "spm" } });
    expect(tal.rows[0].original).toEqual([-40, 20, -6]);
    expect(tal.rows[0].mni).not.toEqual([-40, 20, -6]);
  });
});
