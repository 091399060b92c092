import { and, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { records, searchSources } from "@/db/schema";
import { recordAudit } from "@/server/review/audit/record-audit";
import { rehomeDuplicates, type Orphan, type RehomeOutcome } from "@/server/review/dedup/rehome-duplicates";
import { AppError } from "@/server/review/errors";
import { prioritiserCache } from "@/server/review/screening/prioritiser-cache";
import { assertUnlocked } from "@/server/review/snapshot/lock-state";
import { recordUsage } from "./record-selection";

export interface DeleteSourceOutcome {
  sourceId: string;
  name: string;
  /** Records deleted with the source. */
  records: number;
  /** Records of other sources that had been merged into one of them (see {@link rehomeDuplicates}). */
  duplicatesOfThem: RehomeOutcome;
}

/**
 * Deletes a search source imported by mistake, with its records, in one transaction with its audit
 * row. Refused while the dataset is locked, and when any of its records reached screening or a
 * study: from then on the record is part of the review's history, so the source stays and its
 * records are excluded in screening instead. Duplicate pairs go with the records; records of other
 * sources merged into one of its records return to the pool.
 */
export async function deleteSource(db: Db, userId: string, projectId: string, sourceId: string): Promise<DeleteSourceOutcome> {
  const outcome = await db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const [source] = await tx.select().from(searchSources).where(and(eq(searchSources.id, sourceId), eq(searchSources.projectId, projectId))).for("update");
    if (!source) throw new AppError("NOT_FOUND", "This search source does not exist in the project.");
    const ofSource = eq(records.sourceId, sourceId);
    const usage = await recordUsage(tx, ofSource);
    if (usage.screened + usage.inStudies > 0) {
      const n = (k: number, one: string, many: string) => `${k.toLocaleString("en")} of its records ${k === 1 ? one : many}`;
      const parts = [usage.screened > 0 && n(usage.screened, "has screening decisions", "have screening decisions"), usage.inStudies > 0 && n(usage.inStudies, "is part of a study", "are part of a study")].filter(Boolean);
      throw new AppError("PRECONDITION_FAILED", `"${source.name}" cannot be deleted: ${parts.join(" and ")}. Exclude unwanted records in screening instead.`, usage);
    }
    const orphans = (await tx
      .select({ id: records.id, duplicateOf: records.duplicateOf })
      .from(records)
      .where(and(eq(records.projectId, projectId), ne(records.sourceId, sourceId), isNotNull(records.duplicateOf), inArray(records.duplicateOf, tx.select({ id: records.id }).from(records).where(ofSource))))
      .for("update")) as Orphan[];
    const [{ removed }] = await tx.select({ removed: sql<number>`count(*)::int` }).from(records).where(ofSource);
    await tx.delete(searchSources).where(eq(searchSources.id, sourceId));
    const duplicatesOfThem = await rehomeDuplicates(tx, projectId, orphans);
    const { warnings: _warnings, ...audited } = source;
    await recordAudit(tx, { projectId, userId, action: "records.delete-source", entity: "search_source", entityId: sourceId, before: { ...audited, records: removed }, after: { duplicatesOfThem } });
    return { sourceId, name: source.name, records: removed, duplicatesOfThem };
  });
  // pool changed: a deleted kept record and its restored duplicate can leave the pool's size as it was
  prioritiserCache.drop(projectId);
  return outcome;
}
