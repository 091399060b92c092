import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { qualityAssessments, studies, users, type Role } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { roleAtLeast } from "../projects/roles";
import { assertUnlocked } from "../snapshot/lock-state";
import { type Checklist, type ChecklistItem, ensureChecklist, getActiveChecklist } from "./checklists";
import { parseInput } from "../extraction/parse-input";

export const itemScoreSchema = z.object({
  score: z.number().finite().nullable(),
  note: z.string().max(2000).default(""),
  quote: z.string().max(2000).default(""),
});
export const scoresSchema = z.record(z.string().max(32), itemScoreSchema);
export type ItemScores = z.infer<typeof scoresSchema>;

type AssessmentRow = typeof qualityAssessments.$inferSelect;

/** Checks every item has one of its option scores; returns the total. */
export function scoreTotal(items: ChecklistItem[], scores: ItemScores): { total: number; problems: string[] } {
  const problems: string[] = [];
  let total = 0;
  for (const item of items) {
    const s = scores[item.key]?.score;
    if (s === null || s === undefined) problems.push(`item ${item.key.replace(/^q/, "")} is not scored`);
    else if (!item.options.some((o) => o.score === s)) problems.push(`item ${item.key}: ${s} is not one of ${item.options.map((o) => o.score).join(" / ")}`);
    else total += s;
  }
  return { total, problems };
}

async function requireStudy(db: DbOrTx, projectId: string, studyId: string) {
  const [s] = await db.select().from(studies).where(and(eq(studies.id, studyId), eq(studies.projectId, projectId)));
  if (!s) throw new AppError("NOT_FOUND", "Study not found.");
  return s;
}

async function raterRows(db: DbOrTx, studyId: string, checklistId: string): Promise<AssessmentRow[]> {
  return db.select().from(qualityAssessments).where(and(eq(qualityAssessments.studyId, studyId), eq(qualityAssessments.checklistId, checklistId), eq(qualityAssessments.kind, "reviewer"))).orderBy(asc(qualityAssessments.updatedAt));
}

/** Per study: own status and score, count of submitted raters (no content), consensus total. */
export async function listQualityStatus(db: DbOrTx, projectId: string, userId: string) {
  const checklist = await getActiveChecklist(db, projectId);
  const list = await db.select({ id: studies.id, label: studies.label }).from(studies).where(eq(studies.projectId, projectId)).orderBy(asc(studies.label));
  const rows = checklist.id ? await db.select().from(qualityAssessments).where(and(eq(qualityAssessments.projectId, projectId), eq(qualityAssessments.checklistId, checklist.id))) : [];
  return {
    checklist,
    studies: list.map((s) => {
      const mine = rows.find((r) => r.studyId === s.id && r.kind === "reviewer" && r.raterId === userId);
      const raters = rows.filter((r) => r.studyId === s.id && r.kind === "reviewer");
      const consensus = rows.find((r) => r.studyId === s.id && r.kind === "consensus");
      return { studyId: s.id, label: s.label, myStatus: mine?.status ?? null, myTotal: mine?.status === "submitted" ? mine.total : null, raterCount: raters.length, submittedCount: raters.filter((r) => r.status === "submitted").length, consensusTotal: consensus?.total ?? null };
    }),
  };
}

/** The caller's own scores for a study (never another rater's). */
export async function getMyAssessment(db: DbOrTx, projectId: string, studyId: string, userId: string) {
  const study = await requireStudy(db, projectId, studyId);
  const checklist = await getActiveChecklist(db, projectId);
  const rows = checklist.id ? await raterRows(db, studyId, checklist.id) : [];
  const mine = rows.find((r) => r.raterId === userId);
  return { study: { id: study.id, label: study.label }, checklist, assessment: mine ? { status: mine.status, scores: mine.scores as ItemScores, total: mine.total } : null, canStart: !mine && rows.length < 2 };
}

/** Saves (and optionally submits) the caller's scores; two raters per study. */
export async function saveAssessment(db: DbOrTx, userId: string, projectId: string, studyId: string, rawScores: unknown, submit: boolean) {
  const scores = parseInput(scoresSchema, rawScores, "scores");
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    await requireStudy(tx, projectId, studyId);
    const checklist = await ensureChecklist(tx, projectId, userId);
    const rows = await raterRows(tx, studyId, checklist.id);
    const mine = rows.find((r) => r.raterId === userId);
    if (mine?.status === "submitted") throw new AppError("CONFLICT", "Your scores are submitted; they can no longer change (disagreements go to consensus).");
    if (!mine && rows.length >= 2) throw new AppError("CONFLICT", "Two reviewers already score this study.");
    const { total, problems } = scoreTotal(checklist.items, scores);
    if (submit && problems.length) throw new AppError("BAD_REQUEST", `Score every item before submitting: ${problems.join("; ")}.`);
    const now = new Date();
    const values = { scores, total: problems.length ? null : total, status: submit ? ("submitted" as const) : ("draft" as const), updatedAt: now, submittedAt: submit ? now : null };
    let id: string;
    if (mine) {
      await tx.update(qualityAssessments).set(values).where(eq(qualityAssessments.id, mine.id));
      id = mine.id;
    } else {
      [{ id }] = await tx.insert(qualityAssessments).values({ projectId, studyId, checklistId: checklist.id, kind: "reviewer", raterId: userId, ...values }).returning({ id: qualityAssessments.id });
    }
    await recordAudit(tx, { projectId, userId, action: submit ? "quality.submit" : "quality.draft", entity: "quality_assessment", entityId: id, before: mine ? { scores: mine.scores, status: mine.status } : undefined, after: { studyId, scores, total: values.total, status: values.status } });
    return { id, status: values.status, total: values.total };
  });
}

async function bothSubmitted(db: DbOrTx, studyId: string, checklist: Checklist, userId: string, role: Role) {
  const rows = checklist.id ? await raterRows(db, studyId, checklist.id) : [];
  // The caller's own side is shown as A; otherwise the first to submit.
  const submitted = rows
    .filter((r) => r.status === "submitted")
    .sort((p, q) => Number(q.raterId === userId) - Number(p.raterId === userId) || (p.submittedAt?.getTime() ?? 0) - (q.submittedAt?.getTime() ?? 0));
  if (submitted.length < 2) throw new AppError("PRECONDITION_FAILED", "Both raters must submit before the scores can be compared.");
  if (!submitted.some((r) => r.raterId === userId) && !roleAtLeast(role, "adjudicator")) throw new AppError("FORBIDDEN", "Only the two raters or an adjudicator can compare and decide.");
  return submitted as [AssessmentRow, AssessmentRow];
}

/** Both raters' scores item by item, with the consensus if any (after both submitted). */
export async function getQualityComparison(db: DbOrTx, projectId: string, studyId: string, userId: string, role: Role) {
  const study = await requireStudy(db, projectId, studyId);
  const checklist = await getActiveChecklist(db, projectId);
  const [a, b] = await bothSubmitted(db, studyId, checklist, userId, role);
  const [consensus] = await db.select().from(qualityAssessments).where(and(eq(qualityAssessments.studyId, studyId), eq(qualityAssessments.checklistId, checklist.id!), eq(qualityAssessments.kind, "consensus")));
  const ids = [a.raterId, b.raterId, consensus?.decidedBy].filter((x): x is string => !!x);
  const names = ids.length ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)) : [];
  const nameOf = (id: string | null) => names.find((n) => n.id === id)?.name ?? "—";
  const sa = a.scores as ItemScores;
  const sb = b.scores as ItemScores;
  return {
    study: { id: study.id, label: study.label },
    checklist,
    raters: [{ name: nameOf(a.raterId), total: a.total }, { name: nameOf(b.raterId), total: b.total }],
    items: checklist.items.map((i) => ({ key: i.key, text: i.text, a: sa[i.key], b: sb[i.key], same: sa[i.key]?.score === sb[i.key]?.score })),
    consensus: consensus ? { scores: consensus.scores as ItemScores, total: consensus.total, decidedBy: nameOf(consensus.decidedBy), thirdReviewer: consensus.thirdReviewer, rationale: consensus.rationale } : null,
  };
}

/**
 * Saves the consensus scores. The raters settle it themselves or a third reviewer
 * (adjudicator or owner) decides; `thirdReviewer` records which.
 */
export async function saveQualityConsensus(db: DbOrTx, userId: string, role: Role, projectId: string, studyId: string, rawScores: unknown, rationale: string) {
  const scores = parseInput(scoresSchema, rawScores, "scores");
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    await requireStudy(tx, projectId, studyId);
    const checklist = await getActiveChecklist(tx, projectId);
    const [a, b] = await bothSubmitted(tx, studyId, checklist, userId, role);
    const { total, problems } = scoreTotal(checklist.items, scores);
    if (problems.length) throw new AppError("BAD_REQUEST", `Score every item: ${problems.join("; ")}.`);
    const disagreements = checklist.items.filter((i) => (a.scores as ItemScores)[i.key]?.score !== (b.scores as ItemScores)[i.key]?.score).length;
    const why = rationale.trim();
    if (disagreements > 0 && why.length < 3) throw new AppError("BAD_REQUEST", `Say why (the raters disagree on ${disagreements} item(s)).`);
    const thirdReviewer = a.raterId !== userId && b.raterId !== userId;
    const [existing] = await tx.select().from(qualityAssessments).where(and(eq(qualityAssessments.studyId, studyId), eq(qualityAssessments.checklistId, checklist.id!), eq(qualityAssessments.kind, "consensus")));
    const now = new Date();
    const values = { scores, total, status: "submitted" as const, decidedBy: userId, thirdReviewer, rationale: why, updatedAt: now, submittedAt: now };
    let id: string;
    if (existing) {
      await tx.update(qualityAssessments).set(values).where(eq(qualityAssessments.id, existing.id));
      id = existing.id;
    } else {
      [{ id }] = await tx.insert(qualityAssessments).values({ projectId, studyId, checklistId: checklist.id!, kind: "consensus", raterId: null, ...values }).returning({ id: qualityAssessments.id });
    }
    await recordAudit(tx, { projectId, userId, action: "quality.consensus", entity: "quality_assessment", entityId: id, before: existing ? { scores: existing.scores, total: existing.total } : undefined, after: { studyId, scores, total, thirdReviewer, rationale: why } });
    return { id, total, thirdReviewer };
  });
}
