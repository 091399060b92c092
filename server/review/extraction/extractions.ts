import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { experiments, extractions, studies, users, type Role } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { roleAtLeast } from "../projects/roles";
import { assertUnlocked } from "../snapshot/lock-state";
import { compareExtractions, type ExtractionComparison } from "./compare";
import { draftSchema, emptyDraft, type ExtractionData, type ExtractionDraft, validateExtraction } from "./document";
import type { FieldIssue } from "./form-schema";
import { ensureForm, getActiveForm, getFormVersion } from "./forms";
import { parseInput } from "./parse-input";

type ExtractionRow = typeof extractions.$inferSelect;

async function studyExperiments(db: DbOrTx, projectId: string, studyId: string) {
  const [study] = await db.select().from(studies).where(and(eq(studies.id, studyId), eq(studies.projectId, projectId)));
  if (!study) throw new AppError("NOT_FOUND", "Study not found.");
  const exps = await db.select({ id: experiments.id, label: experiments.label, modality: experiments.modality, subgroup: experiments.subgroup }).from(experiments).where(eq(experiments.studyId, studyId)).orderBy(asc(experiments.position), asc(experiments.createdAt));
  return { study, experiments: exps };
}

async function reviewerRows(db: DbOrTx, studyId: string): Promise<ExtractionRow[]> {
  return db.select().from(extractions).where(and(eq(extractions.studyId, studyId), eq(extractions.kind, "reviewer"))).orderBy(asc(extractions.updatedAt));
}

function issuesError(issues: FieldIssue[]): AppError {
  const shown = issues.slice(0, 8).map((i) => `${i.path}: ${i.message}`).join("; ");
  return new AppError("BAD_REQUEST", `${issues.length} problem(s) to fix before submitting — ${shown}${issues.length > 8 ? "; …" : ""}`, { issues });
}

/** Status of every study for the caller: own status, how many others submitted (never their content), consensus. */
export async function listExtractionStatus(db: DbOrTx, projectId: string, userId: string) {
  const rows = await db.select({ id: studies.id, label: studies.label }).from(studies).where(eq(studies.projectId, projectId)).orderBy(asc(studies.label));
  const all = await db.select({ studyId: extractions.studyId, kind: extractions.kind, reviewerId: extractions.reviewerId, status: extractions.status }).from(extractions).where(eq(extractions.projectId, projectId));
  const exps = await db.select({ studyId: experiments.studyId }).from(experiments).where(eq(experiments.projectId, projectId));
  return rows.map((s) => {
    const mine = all.find((e) => e.studyId === s.id && e.kind === "reviewer" && e.reviewerId === userId);
    const reviewers = all.filter((e) => e.studyId === s.id && e.kind === "reviewer");
    const consensus = all.find((e) => e.studyId === s.id && e.kind === "consensus");
    return {
      studyId: s.id,
      label: s.label,
      experimentCount: exps.filter((e) => e.studyId === s.id).length,
      myStatus: mine?.status ?? null,
      reviewerCount: reviewers.length,
      submittedCount: reviewers.filter((r) => r.status === "submitted").length,
      consensus: consensus ? consensus.status : null,
    };
  });
}

/** The caller's own extraction of a study (never anyone else's), with the form and experiments. */
export async function getMyExtraction(db: DbOrTx, projectId: string, studyId: string, userId: string) {
  const { study, experiments: exps } = await studyExperiments(db, projectId, studyId);
  const [mine] = await db.select().from(extractions).where(and(eq(extractions.studyId, studyId), eq(extractions.kind, "reviewer"), eq(extractions.reviewerId, userId)));
  const form = mine ? await getFormVersion(db, projectId, mine.formVersion) : await getActiveForm(db, projectId);
  const slotsTaken = (await reviewerRows(db, studyId)).length;
  return {
    study: { id: study.id, label: study.label },
    experiments: exps,
    form,
    extraction: mine ? { id: mine.id, status: mine.status, draft: mine.draft as ExtractionDraft, updatedAt: mine.updatedAt, submittedAt: mine.submittedAt } : null,
    canStart: !mine && slotsTaken < 2,
  };
}

/**
 * Saves what the reviewer typed (autosave). Creates the extraction on first save when one of the
 * two reviewer slots is free; a submitted extraction must be reopened first.
 */
export async function saveDraft(db: DbOrTx, userId: string, projectId: string, studyId: string, rawDraft: unknown) {
  const draft = parseInput(draftSchema, rawDraft, "extraction draft");
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    await studyExperiments(tx, projectId, studyId);
    const rows = await reviewerRows(tx, studyId);
    const mine = rows.find((r) => r.reviewerId === userId);
    if (mine?.status === "submitted") throw new AppError("CONFLICT", "This extraction is submitted; reopen it to edit.");
    if (!mine && rows.length >= 2) throw new AppError("CONFLICT", "Two reviewers already extract this study.");
    const now = new Date();
    if (mine) {
      await tx.update(extractions).set({ draft, updatedAt: now }).where(eq(extractions.id, mine.id));
      // Autosave is frequent: audit the save, not the whole draft each time.
      await recordAudit(tx, { projectId, userId, action: "extraction.draft", entity: "extraction", entityId: mine.id, after: { studyId, bytes: JSON.stringify(draft).length } });
      return { id: mine.id, updatedAt: now };
    }
    const form = await ensureForm(tx, projectId, userId);
    const [row] = await tx.insert(extractions).values({ projectId, studyId, kind: "reviewer", reviewerId: userId, formVersion: form.version, draft, updatedAt: now }).returning();
    await recordAudit(tx, { projectId, userId, action: "extraction.start", entity: "extraction", entityId: row.id, after: { studyId, formVersion: form.version } });
    return { id: row.id, updatedAt: now };
  });
}

/** Validates the draft and submits it; BAD_REQUEST lists every problem with its place. */
export async function submitExtraction(db: DbOrTx, userId: string, projectId: string, studyId: string) {
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const { experiments: exps } = await studyExperiments(tx, projectId, studyId);
    const [mine] = await tx.select().from(extractions).where(and(eq(extractions.studyId, studyId), eq(extractions.kind, "reviewer"), eq(extractions.reviewerId, userId))).for("update");
    if (!mine) throw new AppError("NOT_FOUND", "Start the extraction first.");
    if (mine.status === "submitted") throw new AppError("CONFLICT", "Already submitted.");
    if (exps.length === 0) throw new AppError("PRECONDITION_FAILED", "The study has no experiments yet; add at least one (e.g. 'Patients vs controls, ReHo').");
    const form = await getFormVersion(tx, projectId, mine.formVersion);
    const { data, issues } = validateExtraction(form.definition, draftSchema.parse(mine.draft), exps);
    if (issues.length) throw issuesError(issues);
    const now = new Date();
    await tx.update(extractions).set({ status: "submitted", data, submittedAt: now, updatedAt: now }).where(eq(extractions.id, mine.id));
    await recordAudit(tx, { projectId, userId, action: "extraction.submit", entity: "extraction", entityId: mine.id, before: { status: "draft" }, after: { status: "submitted", data } });
    return { id: mine.id, status: "submitted" as const };
  });
}

/** Reopens one's own submitted extraction — only while the other reviewer has not submitted (nobody has compared yet). */
export async function reopenExtraction(db: DbOrTx, userId: string, projectId: string, studyId: string) {
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const rows = await reviewerRows(tx, studyId);
    const mine = rows.find((r) => r.reviewerId === userId && r.projectId === projectId);
    if (!mine) throw new AppError("NOT_FOUND", "No extraction of yours for this study.");
    if (rows.filter((r) => r.status === "submitted").length >= 2) throw new AppError("PRECONDITION_FAILED", "Both extractions are submitted and may have been compared; changes now go into the consensus.");
    await tx.update(extractions).set({ status: "draft", updatedAt: new Date() }).where(eq(extractions.id, mine.id));
    await recordAudit(tx, { projectId, userId, action: "extraction.reopen", entity: "extraction", entityId: mine.id, before: { status: mine.status }, after: { status: "draft" } });
    return { id: mine.id, status: "draft" as const };
  });
}

async function bothSubmitted(db: DbOrTx, studyId: string, userId: string, role: Role) {
  const rows = await reviewerRows(db, studyId);
  // The caller's own side is shown as A; otherwise the first to submit.
  const submitted = rows
    .filter((r) => r.status === "submitted")
    .sort((p, q) => Number(q.reviewerId === userId) - Number(p.reviewerId === userId) || (p.submittedAt?.getTime() ?? 0) - (q.submittedAt?.getTime() ?? 0));
  if (submitted.length < 2) throw new AppError("PRECONDITION_FAILED", "Both reviewers must submit before the extractions can be compared.");
  if (!submitted.some((r) => r.reviewerId === userId) && !roleAtLeast(role, "adjudicator")) throw new AppError("FORBIDDEN", "Only the two extractors or an adjudicator can compare and decide.");
  return submitted as [ExtractionRow, ExtractionRow];
}

/** The two submitted extractions side by side (blind until both are submitted — enforced here). */
export async function getComparison(db: DbOrTx, projectId: string, studyId: string, userId: string, role: Role) {
  const { study, experiments: exps } = await studyExperiments(db, projectId, studyId);
  const [a, b] = await bothSubmitted(db, studyId, userId, role);
  const form = await getFormVersion(db, projectId, a.formVersion);
  const [consensus] = await db.select().from(extractions).where(and(eq(extractions.studyId, studyId), eq(extractions.kind, "consensus")));
  const ids = [a.reviewerId, b.reviewerId, consensus?.decidedBy].filter((x): x is string => !!x);
  const names = ids.length ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)) : [];
  const nameOf = (id: string | null) => names.find((n) => n.id === id)?.name ?? "—";
  const comparison: ExtractionComparison = compareExtractions(form.definition, a.data as ExtractionData, b.data as ExtractionData, exps);
  return {
    study: { id: study.id, label: study.label },
    experiments: exps,
    form,
    reviewers: [{ id: a.reviewerId, name: nameOf(a.reviewerId) }, { id: b.reviewerId, name: nameOf(b.reviewerId) }],
    a: a.data as ExtractionData,
    b: b.data as ExtractionData,
    comparison,
    consensus: consensus ? { data: consensus.data as ExtractionData, decidedBy: nameOf(consensus.decidedBy), rationale: consensus.rationale, updatedAt: consensus.updatedAt } : null,
  };
}

/** Saves the consensus version with who decided and why (the extractors or an adjudicator). */
export async function saveConsensus(db: DbOrTx, userId: string, role: Role, projectId: string, studyId: string, rawDraft: unknown, rationale: string) {
  const draft = parseInput(draftSchema, rawDraft, "extraction draft");
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const { experiments: exps } = await studyExperiments(tx, projectId, studyId);
    const [a, b] = await bothSubmitted(tx, studyId, userId, role);
    const form = await getFormVersion(tx, projectId, a.formVersion);
    const { data, issues } = validateExtraction(form.definition, draft, exps);
    if (issues.length) throw issuesError(issues);
    const differences = compareExtractions(form.definition, a.data as ExtractionData, b.data as ExtractionData, exps).differenceCount;
    const why = rationale.trim();
    if (differences > 0 && why.length < 3) throw new AppError("BAD_REQUEST", "Say why the consensus was decided this way (the extractions differ in " + differences + " place(s)).");
    const [existing] = await tx.select().from(extractions).where(and(eq(extractions.studyId, studyId), eq(extractions.kind, "consensus")));
    const now = new Date();
    const values = { status: "submitted" as const, draft, data, decidedBy: userId, rationale: why, updatedAt: now, submittedAt: now, formVersion: a.formVersion };
    let id: string;
    if (existing) {
      await tx.update(extractions).set(values).where(eq(extractions.id, existing.id));
      id = existing.id;
    } else {
      const [row] = await tx.insert(extractions).values({ projectId, studyId, kind: "consensus", reviewerId: null, ...values }).returning();
      id = row.id;
    }
    await recordAudit(tx, { projectId, userId, action: "extraction.consensus", entity: "extraction", entityId: id, before: existing ? { data: existing.data, rationale: existing.rationale } : undefined, after: { data, rationale: why, differences } });
    return { id, differences };
  });
}

export { emptyDraft };
