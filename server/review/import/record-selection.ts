import { and, eq, exists, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { conflictResolutions, fullTexts, records, screeningDecisions, studyReports } from "@/db/schema";
import { AppError } from "@/server/review/errors";
import { idIn } from "@/server/review/uuid-array";
import { listMatchingRecordIds, recordQuerySchema } from "./list-records";

/** Ids a person ticked in the records table (a few pages at most). */
export const MAX_PICKED = 5_000;
/** Records one "everything matching the filter" action may touch. */
export const MAX_MATCHING = 50_000;

/**
 * Which records an action applies to: ids ticked in the table, or every record matching the table's
 * filter. The filter form carries the count the person confirmed, so an import or a co-reviewer's
 * change in between cannot widen the action unseen.
 */
export const recordSelectionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ids"), recordIds: z.array(z.uuid()).min(1).max(MAX_PICKED) }),
  z.object({
    kind: z.literal("filter"),
    filter: recordQuerySchema.pick({ q: true, sourceId: true, status: true, yearFrom: true, yearTo: true }),
    expectedCount: z.number().int().min(1),
  }),
]);
export type RecordSelection = z.input<typeof recordSelectionSchema>;

/** The selected record ids, checked to belong to the project. */
export async function resolveSelection(tx: DbOrTx, projectId: string, selection: RecordSelection): Promise<string[]> {
  const parsed = recordSelectionSchema.parse(selection);
  if (parsed.kind === "ids") {
    const ids = [...new Set(parsed.recordIds)];
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(records).where(and(eq(records.projectId, projectId), idIn(records.id, ids)));
    if (n !== ids.length) throw new AppError("NOT_FOUND", `${ids.length - n} of the selected records are not in this project.`);
    return ids;
  }
  const ids = await listMatchingRecordIds(tx, projectId, parsed.filter);
  if (ids.length !== parsed.expectedCount) {
    throw new AppError("CONFLICT", `${ids.length.toLocaleString("en")} records match the filter now, not the ${parsed.expectedCount.toLocaleString("en")} you confirmed; look at the list again.`);
  }
  if (ids.length > MAX_MATCHING) throw new AppError("BAD_REQUEST", `At most ${MAX_MATCHING.toLocaleString("en")} records at a time; narrow the filter.`);
  return ids;
}

/** Which of the records matching `where` reached screening (a decision, a resolution, a full text) or a study. */
export async function recordUsage(tx: DbOrTx, where: SQL): Promise<{ screened: number; inStudies: number }> {
  const used = (table: typeof screeningDecisions | typeof conflictResolutions | typeof fullTexts | typeof studyReports) =>
    exists(tx.select({ one: sql`1` }).from(table).where(eq(table.recordId, records.id)));
  const screened = or(used(screeningDecisions), used(conflictResolutions), used(fullTexts))!;
  const [row] = await tx
    .select({ screened: sql<number>`count(*) filter (where ${screened})::int`, inStudies: sql<number>`count(*) filter (where ${used(studyReports)})::int` })
    .from(records)
    .where(and(where, or(screened, used(studyReports))));
  return row;
}
