import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { records } from "@/db/schema";
import { recordAudit } from "@/server/review/audit/record-audit";
import { AppError } from "@/server/review/errors";
import { prioritiserCache } from "@/server/review/screening/prioritiser-cache";
import { idIn } from "@/server/review/uuid-array";
import { recordSelectionSchema, recordUsage, resolveSelection } from "./record-selection";

/**
 * The PRISMA 2020 reasons a person gives for removing records before screening. 'duplicate' is
 * not among them: merges go through dedup, which keeps the pair so the merge can be undone there.
 */
export const manualRemovalReasons = ["automation", "other"] as const;

export const removeRecordsSchema = z.object({
  selection: recordSelectionSchema,
  reason: z.enum(manualRemovalReasons),
  /** The tool and its setting ("RobotSearch RCT classifier, threshold 0.1"), or the reason ("published before 2000"). */
  note: z.string().trim().max(2000).default(""),
});
export const restoreRecordsSchema = z.object({ selection: recordSelectionSchema });

type Locked = Pick<typeof records.$inferSelect, "id" | "duplicateOf" | "removalReason" | "removalNote">;

/** The selected rows, locked in id order (two overlapping actions then queue instead of deadlocking). */
async function lockSelected(tx: DbOrTx, projectId: string, ids: string[]): Promise<Locked[]> {
  return tx
    .select({ id: records.id, duplicateOf: records.duplicateOf, removalReason: records.removalReason, removalNote: records.removalNote })
    .from(records)
    .where(and(eq(records.projectId, projectId), idIn(records.id, ids)))
    .orderBy(asc(records.id))
    .for("update");
}

const isDuplicate = (r: Locked) => r.duplicateOf !== null || r.removalReason === "duplicate";
const isRemoved = (r: Locked) => !isDuplicate(r) && r.removalReason !== null;
const some = (n: number, total: number) => (n === total ? (n === 1 ? "the record is" : `all ${n.toLocaleString("en")} records are`) : `${n.toLocaleString("en")} of the ${total.toLocaleString("en")} records ${n === 1 ? "is" : "are"}`);

/** Refuses the whole action, naming each kind of record that stands in its way. */
function refuse(verb: string, problems: [count: number, what: string][], total: number): void {
  const found = problems.filter(([n]) => n > 0);
  if (found.length > 0) throw new AppError("CONFLICT", `Nothing was ${verb}: ${found.map(([n, what]) => `${some(n, total)} ${what}`).join("; ")}.`);
}

/**
 * Marks records as removed before screening (PRISMA 2020: "marked as ineligible by automation
 * tools" or "removed for other reasons"), with the note saying how. All or nothing: records already
 * merged or removed, and records that reached screening or a study, refuse the whole call.
 */
export async function removeRecords(db: Db, userId: string, projectId: string, input: z.input<typeof removeRecordsSchema>): Promise<{ removed: number }> {
  const { selection, reason, note } = removeRecordsSchema.parse(input);
  const result = await db.transaction(async (tx) => {
    const ids = await resolveSelection(tx, projectId, selection);
    const rows = await lockSelected(tx, projectId, ids);
    refuse("removed", [
      [rows.filter(isDuplicate).length, "already merged into another record as a duplicate (undo the merge under Duplicates to change that)"],
      [rows.filter(isRemoved).length, "already removed before screening (restore first to give another reason)"],
    ], ids.length);
    const usage = await recordUsage(tx, idIn(records.id, ids));
    if (usage.screened + usage.inStudies > 0) {
      const parts = [usage.screened > 0 && `${some(usage.screened, ids.length)} already screened`, usage.inStudies > 0 && `${some(usage.inStudies, ids.length)} part of a study`].filter(Boolean);
      throw new AppError("PRECONDITION_FAILED", `Nothing was removed: ${parts.join(" and ")}. A record that reached screening counts as screened in the PRISMA diagram; exclude it in screening instead.`, usage);
    }
    await tx.update(records).set({ removalReason: reason, removalNote: note || null }).where(idIn(records.id, ids));
    await recordAudit(tx, {
      projectId, userId, action: "records.remove-before-screening", entity: "record", entityId: ids.length === 1 ? ids[0] : null,
      // ids once (a filter can take in thousands): every one of them was in the pool before
      before: { removalReason: null, removalNote: null },
      after: { recordIds: ids, removalReason: reason, removalNote: note || null, selection: selection.kind === "filter" ? selection.filter : "picked" },
    });
    return { removed: ids.length };
  });
  // the screening order caches the pool: this process drops it now; others notice at their next pool check
  prioritiserCache.drop(projectId);
  return result;
}

/** The records' removals, one entry per reason and note (a removal by filter gave thousands the same). */
function removalGroups(rows: Locked[]): { removalReason: string | null; removalNote: string | null; recordIds: string[] }[] {
  const groups = new Map<string, { removalReason: string | null; removalNote: string | null; recordIds: string[] }>();
  for (const r of rows) {
    const key = JSON.stringify([r.removalReason, r.removalNote]);
    const group = groups.get(key) ?? groups.set(key, { removalReason: r.removalReason, removalNote: r.removalNote, recordIds: [] }).get(key)!;
    group.recordIds.push(r.id);
  }
  return [...groups.values()];
}

/** Puts records removed for automation or other reasons back into the screening pool. */
export async function restoreRecords(db: Db, userId: string, projectId: string, input: z.input<typeof restoreRecordsSchema>): Promise<{ restored: number }> {
  const { selection } = restoreRecordsSchema.parse(input);
  const result = await db.transaction(async (tx) => {
    const ids = await resolveSelection(tx, projectId, selection);
    const rows = await lockSelected(tx, projectId, ids);
    refuse("restored", [
      [rows.filter(isDuplicate).length, "merged into another record as a duplicate (undo the merge under Duplicates instead)"],
      [rows.filter((r) => !isDuplicate(r) && !isRemoved(r)).length, "in the screening pool, not removed"],
    ], ids.length);
    await tx.update(records).set({ removalReason: null, removalNote: null }).where(idIn(records.id, ids));
    await recordAudit(tx, {
      projectId, userId, action: "records.restore-to-screening", entity: "record", entityId: ids.length === 1 ? ids[0] : null,
      before: { removals: removalGroups(rows) },
      after: { recordIds: ids, removalReason: null, removalNote: null },
    });
    return { restored: ids.length };
  });
  prioritiserCache.drop(projectId);
  return result;
}
