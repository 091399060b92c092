import { and, asc, eq, isNull, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { records } from "@/db/schema";

/** The condition every stage uses for "records to screen": not merged away, not removed before screening. */
export function screenableWhere(projectId: string): SQL {
  return and(eq(records.projectId, projectId), isNull(records.duplicateOf), isNull(records.removalReason))!;
}

/**
 * The records that go to title/abstract screening, in import order (source, then position in the
 * file): `duplicate_of IS NULL AND removal_reason IS NULL`.
 */
export async function listScreenableRecords(db: DbOrTx, projectId: string) {
  return db
    .select({ id: records.id, title: records.title, abstract: records.abstract, authors: records.authors, year: records.year, journal: records.journal, doi: records.doi, pmid: records.pmid, keywords: records.keywords })
    .from(records)
    .where(screenableWhere(projectId))
    .orderBy(asc(records.sourceId), asc(records.sourceIndex));
}
