import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { records } from "@/db/schema";

type RecordInsert = typeof records.$inferInsert;

/**
 * Rows per INSERT. The whole batch travels as ONE json parameter (see `insertRecords`), so the
 * size is bounded by memory, not by PostgreSQL's 65,535 parameters: 5,000 rows are ~6–8 MB of JSON.
 */
export const INSERT_BATCH = 5000;

// Column, JSON key (recordRow's field) and SQL type of every column the import writes.
const COLUMNS: [column: string, key: keyof RecordInsert, type: string][] = [
  ["id", "id", "uuid"],
  ["project_id", "projectId", "uuid"],
  ["source_id", "sourceId", "uuid"],
  ["source_index", "sourceIndex", "int"],
  ["source_record_id", "sourceRecordId", "text"],
  ["type", "type", "text"],
  ["title", "title", "text"],
  ["other_titles", "otherTitles", "text[]"],
  ["abstract", "abstract", "text"],
  ["authors", "authors", "text[]"],
  ["year", "year", "int"],
  ["journal", "journal", "text"],
  ["volume", "volume", "text"],
  ["issue", "issue", "text"],
  ["pages", "pages", "text"],
  ["doi", "doi", "text"],
  ["pmid", "pmid", "text"],
  ["keywords", "keywords", "text[]"],
  ["language", "language", "text"],
  ["url", "url", "text"],
  ["raw", "raw", "jsonb"],
  ["search_text", "searchText", "text"],
  ["search_vector", "searchVector", "tsvector"],
];
const TARGET = sql.raw(COLUMNS.map(([c]) => `"${c}"`).join(", "));
const SOURCE = sql.raw(COLUMNS.map(([, k]) => `"${k}"`).join(", "));
const SHAPE = sql.raw(COLUMNS.map(([, k, t]) => `"${k}" ${t}`).join(", "));

/**
 * Inserts rows with `INSERT … SELECT … FROM json_to_recordset($1)`: one parameter per batch instead
 * of 22 per row. Building, sending and binding ~110,000 parameters per 5,000 rows (drizzle's
 * multi-row VALUES) cost more CPU than the JSON text, on PGlite (where it all runs in this process)
 * and on PostgreSQL. Strings must be free of NUL and lone surrogates (recordRow cleans them):
 * PostgreSQL refuses both in text.
 */
export async function insertRecords(tx: DbOrTx, rows: RecordInsert[]): Promise<void> {
  if (!rows.length) return;
  await tx.execute(sql`insert into records (${TARGET}) select ${SOURCE} from json_to_recordset(${JSON.stringify(rows)}::json) as x(${SHAPE})`);
}

/**
 * Session settings for one bulk import, local to its transaction. The GIN index on `search_vector`
 * takes ~130 words per record; with a 64 MB pending list (instead of 4 MB) and as much work memory
 * to merge it, the index absorbs the new entries in a few large sorted passes instead of dozens of
 * small ones. PostgreSQL servers built with lz4 compress the wide rows (abstract, raw fields,
 * vector) with it instead of pglz, several times faster; PGlite has no lz4 and keeps pglz.
 */
export async function beginBulkInsert(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`select set_config('gin_pending_list_limit', '64MB', true), set_config('work_mem', '128MB', true)`);
  await tx.execute(
    sql`select set_config('default_toast_compression', 'lz4', true) from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`,
  );
}

/**
 * Merges what is left in the GIN pending list into the index before the transaction commits
 * (PGlite has no autovacuum to do it, and every search scans the pending list sequentially until
 * then), and refreshes the planner statistics after a large import.
 */
export async function endBulkInsert(tx: DbOrTx, inserted: number): Promise<void> {
  await tx.execute(sql`select set_config('maintenance_work_mem', '128MB', true)`);
  await tx.execute(sql`select gin_clean_pending_list('records_search_vector_idx'::regclass)`);
  // Without statistics the planner guesses a handful of rows per project and filters every record
  // of the project by its vector instead of asking the GIN index (10× slower searches at 10,000
  // records). PGlite has no autovacuum to gather them, and on a server it runs only after commit.
  // ANALYZE samples at most 30,000 rows, so its cost stays bounded however large the table grows.
  if (inserted >= ANALYZE_AFTER) await tx.execute(sql`analyze records`);
}

/** Imports of at least this many records refresh the table's planner statistics. */
export const ANALYZE_AFTER = 1000;
