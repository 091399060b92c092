import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { outcomesSql } from "./outcomes";
import { getScreeningSettings } from "./settings";
import { queryRows } from "./sql-rows";

/**
 * Ids of the records finally included after full-text screening: both reviewers included (or
 * the conflict was resolved as include), the report was not marked "not retrieved", and the
 * record is still in the pool. Sorted by id so callers get a stable order.
 */
export async function listIncludedRecordIds(db: DbOrTx, projectId: string): Promise<string[]> {
  const { reviewersPerRecord } = await getScreeningSettings(db, projectId);
  const rows = await queryRows<{ record_id: string }>(
    db,
    sql`select o.record_id from (${outcomesSql(projectId, "full_text", reviewersPerRecord)}) o
        left join full_texts f on f.record_id = o.record_id
        where o.outcome = 'include' and coalesce(f.status::text, 'sought') <> 'not_retrieved'
        order by o.record_id`,
  );
  return rows.map((r) => r.record_id);
}
