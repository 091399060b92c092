import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { duplicatePairs, records } from "@/db/schema";
import { recordAudit } from "@/server/review/audit/record-audit";
import { AppError } from "@/server/review/errors";
import { recordUsage } from "@/server/review/import/record-selection";

type PairRow = typeof duplicatePairs.$inferSelect;

async function loadPair(tx: DbOrTx, projectId: string, pairId: string): Promise<PairRow> {
  const [pair] = await tx.select().from(duplicatePairs).where(and(eq(duplicatePairs.id, pairId), eq(duplicatePairs.projectId, projectId))).for("update");
  if (!pair) throw new AppError("NOT_FOUND", "This duplicate pair does not exist in the project.");
  return pair;
}

/** The records' pool state, locked (in id order, so overlapping actions queue instead of deadlocking). */
async function statesOf(tx: DbOrTx, ids: string[]) {
  const rows = await tx.select({ id: records.id, duplicateOf: records.duplicateOf, removalReason: records.removalReason }).from(records)
    .where(inArray(records.id, ids)).orderBy(asc(records.id)).for("update");
  return new Map(rows.map((r) => [r.id, r]));
}

const audited = (p: PairRow) => ({ pairId: p.id, keptId: p.keptId, otherId: p.otherId, status: p.status, auto: p.auto, score: p.score });

/**
 * Merges a pending pair: `other` becomes a duplicate of `kept` (pass `keepId` = the pair's other
 * record to keep that one instead). Both records must still be in the pool, and the one merged away
 * must not have reached screening or a study.
 */
export async function mergePair(db: Db, userId: string, projectId: string, pairId: string, keepId?: string) {
  return db.transaction(async (tx) => {
    const pair = await loadPair(tx, projectId, pairId);
    if (pair.status !== "pending") throw new AppError("CONFLICT", `This pair was already decided (${pair.status.replace("_", " ")}).`);
    if (keepId && keepId !== pair.keptId && keepId !== pair.otherId) throw new AppError("BAD_REQUEST", "keepId must be one of the pair's two records.");
    const [keptId, otherId] = keepId === pair.otherId ? [pair.otherId, pair.keptId] : [pair.keptId, pair.otherId];
    const states = await statesOf(tx, [keptId, otherId]);
    for (const id of [keptId, otherId]) {
      const s = states.get(id);
      if (!s || s.duplicateOf || s.removalReason) throw new AppError("CONFLICT", "One of these records has already been merged or removed; undo that first.");
    }
    // a record merged away leaves the pool before screening: one that reached screening or a study must stay
    const usage = await recordUsage(tx, eq(records.id, otherId));
    if (usage.screened + usage.inStudies > 0) {
      throw new AppError("PRECONDITION_FAILED", `The record you would merge away was already ${usage.screened ? "screened" : "added to a study"}; keep that one and merge the other into it.`, usage);
    }
    await tx.update(records).set({ duplicateOf: keptId, removalReason: "duplicate" }).where(eq(records.id, otherId));
    const [after] = await tx
      .update(duplicatePairs)
      .set({ keptId, otherId, status: "merged", decidedBy: userId, decidedAt: new Date() })
      .where(eq(duplicatePairs.id, pair.id))
      .returning();
    await recordAudit(tx, { projectId, userId, action: "records.merge", entity: "duplicate_pair", entityId: pair.id, before: audited(pair), after: audited(after) });
    return { pairId: pair.id, keptId, otherId };
  });
}

/** Marks a pending pair as two different works; both records stay in the pool. */
export async function markNotDuplicate(db: Db, userId: string, projectId: string, pairId: string) {
  return db.transaction(async (tx) => {
    const pair = await loadPair(tx, projectId, pairId);
    if (pair.status !== "pending") throw new AppError("CONFLICT", `This pair was already decided (${pair.status.replace("_", " ")}).`);
    const [after] = await tx.update(duplicatePairs).set({ status: "not_duplicate", decidedBy: userId, decidedAt: new Date() }).where(eq(duplicatePairs.id, pair.id)).returning();
    await recordAudit(tx, { projectId, userId, action: "records.not-duplicate", entity: "duplicate_pair", entityId: pair.id, before: audited(pair), after: audited(after) });
    return { pairId: pair.id };
  });
}

/**
 * Undoes a decision on a pair — an automatic or manual merge (the duplicate returns to the pool) or
 * a not-duplicate mark — and puts the pair back in the review queue.
 */
export async function undoPairDecision(db: Db, userId: string, projectId: string, pairId: string) {
  return db.transaction(async (tx) => {
    const pair = await loadPair(tx, projectId, pairId);
    if (pair.status === "pending") throw new AppError("CONFLICT", "This pair has no decision to undo.");
    if (pair.status === "merged") {
      const s = (await statesOf(tx, [pair.otherId])).get(pair.otherId);
      if (!s || s.duplicateOf !== pair.keptId || s.removalReason !== "duplicate") {
        throw new AppError("CONFLICT", "The merged record has changed since this merge; it cannot be undone here.");
      }
      await tx.update(records).set({ duplicateOf: null, removalReason: null }).where(eq(records.id, pair.otherId));
    }
    const [after] = await tx.update(duplicatePairs).set({ status: "pending", decidedBy: userId, decidedAt: new Date() }).where(eq(duplicatePairs.id, pair.id)).returning();
    const action = pair.status === "merged" ? "records.unmerge" : "records.undo-not-duplicate";
    await recordAudit(tx, { projectId, userId, action, entity: "duplicate_pair", entityId: pair.id, before: audited(pair), after: audited(after) });
    return { pairId: pair.id, status: after.status };
  });
}
