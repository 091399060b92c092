import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { conflictResolutions, records, screeningDecisions, users, type Role, type ScreeningStage } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { roleAtLeast } from "../projects/roles";
import { recordOutcome } from "./eligibility";
import { outcomesSql } from "./outcomes";
import { prioritiserCache } from "./prioritiser-cache";
import type { ResolveInput } from "./schema";
import { getScreeningSettings } from "./settings";
import { queryRows } from "./sql-rows";

export interface ConflictItem {
  recordId: string;
  title: string;
  year: number | null;
  journal: string | null;
  status: "open" | "resolved";
  decisions: { reviewerId: string; reviewerName: string; decision: string; reason: string | null; note: string; decidedAt: Date }[];
  resolution: { decision: string; reason: string | null; rationale: string; consensus: boolean; resolvedByName: string; resolvedAt: Date } | null;
}

/**
 * Open conflicts (and, with `includeResolved`, the resolved ones) of a stage. Only records on which
 * the required number of reviewers have decided can be in conflict, so listing their decisions
 * never breaks blinding.
 */
export async function listConflicts(db: DbOrTx, projectId: string, stage: ScreeningStage, includeResolved: boolean): Promise<ConflictItem[]> {
  const settings = await getScreeningSettings(db, projectId);
  const rows = await queryRows<{ record_id: string; outcome: string; resolved: boolean }>(
    db,
    sql`select record_id, outcome, resolved from (${outcomesSql(projectId, stage, settings.reviewersPerRecord)}) o
        where o.outcome = 'conflict' ${includeResolved ? sql`or o.resolved` : sql``}`,
  );
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.record_id);
  const [recs, decisions, resolutions] = await Promise.all([
    db.select({ id: records.id, title: records.title, year: records.year, journal: records.journal, sourceIndex: records.sourceIndex }).from(records).where(inArray(records.id, ids)),
    db.select({ recordId: screeningDecisions.recordId, reviewerId: screeningDecisions.reviewerId, reviewerName: users.name, decision: screeningDecisions.decision, reason: screeningDecisions.reason, note: screeningDecisions.note, decidedAt: screeningDecisions.decidedAt })
      .from(screeningDecisions).innerJoin(users, eq(users.id, screeningDecisions.reviewerId))
      .where(and(inArray(screeningDecisions.recordId, ids), eq(screeningDecisions.stage, stage))).orderBy(asc(screeningDecisions.decidedAt)),
    db.select({ recordId: conflictResolutions.recordId, decision: conflictResolutions.decision, reason: conflictResolutions.reason, rationale: conflictResolutions.rationale, consensus: conflictResolutions.consensus, resolvedByName: users.name, resolvedAt: conflictResolutions.resolvedAt })
      .from(conflictResolutions).innerJoin(users, eq(users.id, conflictResolutions.resolvedBy))
      .where(and(inArray(conflictResolutions.recordId, ids), eq(conflictResolutions.stage, stage), isNull(conflictResolutions.supersededAt))),
  ]);
  const byId = new Map(recs.map((r) => [r.id, r]));
  return rows
    .map((r) => {
      const rec = byId.get(r.record_id)!;
      const res = resolutions.find((x) => x.recordId === r.record_id) ?? null;
      return {
        recordId: r.record_id,
        title: rec.title ?? "(no title)",
        year: rec.year,
        journal: rec.journal,
        status: r.resolved ? ("resolved" as const) : ("open" as const),
        decisions: decisions.filter((d) => d.recordId === r.record_id).map(({ recordId: _, ...d }) => d),
        resolution: res && { decision: res.decision, reason: res.reason, rationale: res.rationale, consensus: res.consensus, resolvedByName: res.resolvedByName, resolvedAt: res.resolvedAt },
      };
    })
    .sort((a, b) => (a.status === b.status ? a.title.localeCompare(b.title) : a.status === "open" ? -1 : 1));
}

/** Every resolution of one record at one stage, current last (the history shown beside a conflict). */
export async function resolutionHistory(db: DbOrTx, projectId: string, recordId: string, stage: ScreeningStage) {
  return db
    .select({ decision: conflictResolutions.decision, reason: conflictResolutions.reason, rationale: conflictResolutions.rationale, consensus: conflictResolutions.consensus, resolvedByName: users.name, resolvedAt: conflictResolutions.resolvedAt, supersededAt: conflictResolutions.supersededAt })
    .from(conflictResolutions).innerJoin(users, eq(users.id, conflictResolutions.resolvedBy))
    .where(and(eq(conflictResolutions.projectId, projectId), eq(conflictResolutions.recordId, recordId), eq(conflictResolutions.stage, stage)))
    .orderBy(asc(conflictResolutions.resolvedAt));
}

/**
 * Settles a conflict. Adjudicators and owners may resolve any conflict; a reviewer only as a
 * consensus of the record's own reviewers. Re-resolving supersedes the earlier resolution (kept
 * for the history). Resolving the same way twice is a no-op.
 */
export async function resolveConflict(db: DbOrTx, actorId: string, role: Role, projectId: string, input: ResolveInput): Promise<{ changed: boolean }> {
  const settings = await getScreeningSettings(db, projectId);
  const reason = input.stage === "full_text" && input.decision === "exclude" ? input.reason ?? null : null;
  if (input.stage === "full_text" && input.decision === "exclude" && (!reason || !settings.fullTextReasons.includes(reason))) {
    throw new AppError("BAD_REQUEST", "Excluding at full text needs a reason from the project's list.");
  }
  const result = await db.transaction(async (tx) => {
    const decisions = await tx.select({ reviewerId: screeningDecisions.reviewerId }).from(screeningDecisions)
      .where(and(eq(screeningDecisions.projectId, projectId), eq(screeningDecisions.recordId, input.recordId), eq(screeningDecisions.stage, input.stage)));
    if (!roleAtLeast(role, "adjudicator") && !(input.consensus && decisions.some((d) => d.reviewerId === actorId))) {
      throw new AppError("FORBIDDEN", "Only an adjudicator or the owner resolves conflicts; reviewers record a consensus on their own records.");
    }
    const [current] = await tx.select().from(conflictResolutions)
      .where(and(eq(conflictResolutions.projectId, projectId), eq(conflictResolutions.recordId, input.recordId), eq(conflictResolutions.stage, input.stage), isNull(conflictResolutions.supersededAt)))
      .for("update");
    if (!current && (await recordOutcome(tx, input.recordId, input.stage, settings.reviewersPerRecord)) !== "conflict") {
      throw new AppError("PRECONDITION_FAILED", "This record is not in conflict at this stage.");
    }
    if (current && current.decision === input.decision && current.reason === reason && current.rationale === input.rationale) return { changed: false };
    if (current) await tx.update(conflictResolutions).set({ supersededAt: new Date() }).where(eq(conflictResolutions.id, current.id));
    const values = { projectId, recordId: input.recordId, stage: input.stage, decision: input.decision, reason, rationale: input.rationale, consensus: input.consensus, resolvedBy: actorId };
    const [created] = await tx.insert(conflictResolutions).values(values).returning({ id: conflictResolutions.id });
    await recordAudit(tx, {
      projectId, userId: actorId, action: current ? "screening.re-resolve" : "screening.resolve", entity: "conflict_resolution", entityId: created.id,
      before: current ? { decision: current.decision, reason: current.reason, rationale: current.rationale } : null,
      after: values,
    });
    return { changed: true };
  });
  if (result.changed && input.stage === "title_abstract") prioritiserCache.invalidateLabels(projectId);
  return result;
}
