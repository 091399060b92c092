import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conflictResolutions, screeningDecisions, type Role, type ScreeningStage } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { assertInStagePool } from "./eligibility";
import { prioritiserCache } from "./prioritiser-cache";
import { decisionMade, reopenRecords } from "./queue-hints";
import type { DecideInput } from "./schema";
import { requireScreener } from "./screeners";
import { getScreeningSettings } from "./settings";

export interface DecideResult {
  recordId: string;
  stage: ScreeningStage;
  /** False when the same decision was already stored (a double submit). */
  changed: boolean;
}

/**
 * Stores the caller's decision on a record. Unique per (record, stage, reviewer): inserting
 * first with ON CONFLICT DO NOTHING means two simultaneous submits of one reviewer serialise on
 * the unique index and the second becomes a no-op or an update; other reviewers' rows are never touched.
 */
export async function decide(db: DbOrTx, actorId: string, role: Role, projectId: string, input: DecideInput): Promise<DecideResult> {
  const settings = await getScreeningSettings(db, projectId);
  requireScreener(settings, actorId, role);
  const reason = checkReason(input, settings.fullTextReasons);
  const note = (input.note ?? "").trim();
  const result = await db.transaction(async (tx) => {
    await assertInStagePool(tx, projectId, input.stage, input.recordId, settings.reviewersPerRecord);
    await assertUnresolved(tx, input.recordId, input.stage);
    const values = { projectId, recordId: input.recordId, stage: input.stage, reviewerId: actorId, decision: input.decision, reason, note };
    const [created] = await tx.insert(screeningDecisions).values(values).onConflictDoNothing().returning();
    if (created) {
      await audit(tx, actorId, projectId, "screening.decide", created.id, null, values);
      return { recordId: input.recordId, stage: input.stage, changed: true, relabel: false };
    }
    const key = and(eq(screeningDecisions.recordId, input.recordId), eq(screeningDecisions.stage, input.stage), eq(screeningDecisions.reviewerId, actorId));
    const [existing] = await tx.select().from(screeningDecisions).where(key).for("update");
    if (existing.decision === input.decision && existing.reason === reason && (input.note === undefined || existing.note === note)) {
      return { recordId: input.recordId, stage: input.stage, changed: false, relabel: false };
    }
    const after = { decision: input.decision, reason, note: input.note === undefined ? existing.note : note };
    await tx.update(screeningDecisions).set({ ...after, decidedAt: new Date() }).where(key);
    await audit(tx, actorId, projectId, "screening.change", existing.id, { decision: existing.decision, reason: existing.reason, note: existing.note }, after);
    return { recordId: input.recordId, stage: input.stage, changed: true, relabel: true };
  });
  // A changed decision may withdraw a label (include → maybe), which the incremental model cannot unlearn.
  if (input.stage === "title_abstract") decisionMade(projectId, actorId, input.recordId);
  if (result.changed && input.stage === "title_abstract") prioritiserCache.invalidateLabels(projectId, { rebuild: result.relabel });
  return { recordId: result.recordId, stage: result.stage, changed: result.changed };
}

/** Removes the caller's most recent decision at this stage (the U key); returns its record, or null when there is none. */
export async function undoLastDecision(db: DbOrTx, actorId: string, role: Role, projectId: string, stage: ScreeningStage): Promise<{ recordId: string } | null> {
  const settings = await getScreeningSettings(db, projectId);
  requireScreener(settings, actorId, role);
  const undone = await db.transaction(async (tx) => {
    const [last] = await tx.select().from(screeningDecisions)
      .where(and(eq(screeningDecisions.projectId, projectId), eq(screeningDecisions.stage, stage), eq(screeningDecisions.reviewerId, actorId)))
      .orderBy(desc(screeningDecisions.decidedAt)).limit(1).for("update");
    if (!last) return null;
    await assertUnresolved(tx, last.recordId, stage);
    await tx.delete(screeningDecisions).where(eq(screeningDecisions.id, last.id));
    await audit(tx, actorId, projectId, "screening.undo", last.id, { recordId: last.recordId, stage, decision: last.decision, reason: last.reason, note: last.note }, null);
    return { recordId: last.recordId };
  });
  if (undone && stage === "title_abstract") {
    reopenRecords(projectId);
    prioritiserCache.invalidateLabels(projectId, { rebuild: true });
  }
  return undone;
}

function checkReason(input: DecideInput, reasons: string[]): string | null {
  if (input.stage === "title_abstract") return null;
  if (input.decision === "maybe") throw new AppError("BAD_REQUEST", "At full text decide include or exclude (maybe is for title/abstract).");
  if (input.decision === "include") return null;
  if (!input.reason) throw new AppError("BAD_REQUEST", "An exclusion at full text needs a reason from the project's list.");
  if (!reasons.includes(input.reason)) throw new AppError("BAD_REQUEST", `"${input.reason}" is not one of the project's exclusion reasons.`);
  return input.reason;
}

async function assertUnresolved(tx: DbOrTx, recordId: string, stage: ScreeningStage) {
  const [resolution] = await tx.select({ id: conflictResolutions.id }).from(conflictResolutions)
    .where(and(eq(conflictResolutions.recordId, recordId), eq(conflictResolutions.stage, stage), isNull(conflictResolutions.supersededAt)));
  if (resolution) throw new AppError("PRECONDITION_FAILED", "This record's conflict has been resolved; decisions on it are final.");
}

function audit(tx: DbOrTx, actorId: string, projectId: string, action: string, entityId: string, before: unknown, after: unknown) {
  return recordAudit(tx, { projectId, userId: actorId, action, entity: "screening_decision", entityId, before, after });
}
