import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conflictResolutions, fullTexts, records, screeningDecisions, type ScreeningDecisionKind, type ScreeningStage } from "@/db/schema";
import { AppError } from "../errors";
import type { StageOutcome } from "./outcomes";

/** The outcome of one record at one stage, by the same rule as `outcomesSql` (kept in step by tests). */
export function outcomeOf(
  decisions: { decision: ScreeningDecisionKind; reason: string | null }[],
  resolution: { decision: ScreeningDecisionKind } | undefined,
  perRecord: number,
  stage: ScreeningStage,
): StageOutcome {
  if (resolution) return resolution.decision === "include" ? "include" : "exclude";
  if (decisions.length < perRecord) return "pending";
  if (decisions.every((d) => d.decision === "include")) return "include";
  const reasons = new Set(decisions.map((d) => d.reason));
  if (decisions.every((d) => d.decision === "exclude") && (stage === "title_abstract" || reasons.size <= 1)) return "exclude";
  return "conflict";
}

/** Current outcome of one record at one stage. */
export async function recordOutcome(db: DbOrTx, recordId: string, stage: ScreeningStage, perRecord: number): Promise<StageOutcome> {
  const [decisions, [resolution]] = await Promise.all([
    db.select({ decision: screeningDecisions.decision, reason: screeningDecisions.reason }).from(screeningDecisions)
      .where(and(eq(screeningDecisions.recordId, recordId), eq(screeningDecisions.stage, stage))),
    db.select({ decision: conflictResolutions.decision }).from(conflictResolutions)
      .where(and(eq(conflictResolutions.recordId, recordId), eq(conflictResolutions.stage, stage), isNull(conflictResolutions.supersededAt))),
  ]);
  return outcomeOf(decisions, resolution, perRecord, stage);
}

/**
 * Refuses records outside the stage's pool: another project's record, a duplicate or removed
 * record, and at full text a record not included at title/abstract or whose report is not retrieved.
 */
export async function assertInStagePool(db: DbOrTx, projectId: string, stage: ScreeningStage, recordId: string, perRecord: number): Promise<void> {
  // FOR SHARE: a removal or merge of this record in another transaction locks it for update, so
  // one of the two waits for the other and then sees its result (a decision never lands on a
  // record removed at the same moment, and a removal never misses a decision made at that moment)
  const [record] = await db.select({ duplicateOf: records.duplicateOf, removalReason: records.removalReason }).from(records)
    .where(and(eq(records.id, recordId), eq(records.projectId, projectId)))
    .for("share");
  if (!record) throw new AppError("NOT_FOUND", "No such record in this project.");
  if (record.duplicateOf || record.removalReason) throw new AppError("PRECONDITION_FAILED", "This record was removed before screening (duplicate or other reason).");
  if (stage === "title_abstract") return;
  if ((await recordOutcome(db, recordId, "title_abstract", perRecord)) !== "include") {
    throw new AppError("PRECONDITION_FAILED", "Only records included at title/abstract go to full-text screening.");
  }
  const [ft] = await db.select({ status: fullTexts.status }).from(fullTexts).where(eq(fullTexts.recordId, recordId));
  if (ft?.status !== "retrieved") throw new AppError("PRECONDITION_FAILED", "Retrieve the full text (upload the PDF or add a link) before screening it.");
}
