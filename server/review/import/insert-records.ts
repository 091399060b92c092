import { sql } from "drizzle-orm";
import { driverClientOf, type DbOrTx } from "@/db/client";
import type { records } from "@/db/schema";

type RecordInsert = typeof records.$inferInsert;

/**
 * Rows per write: one COPY each on PGlite (whose text, blob and buffer copies are garbage once it
 * ran: 2,000 rows keep that under ~10 MB, 5,000 raised a 50,000-record import's peak by ~40 MB);
 * on PostgreSQL rows stream continuously and this is only how often they are handed over.
 */
export const INSERT_BATCH = 2000;

// Column and recordRow key of every column the import writes, in COPY order.
const COLUMNS: [column: string, key: keyof RecordInsert][] = [
  ["id", "id"],
  ["project_id", "projectId"],
  ["source_id", "sourceId"],
  ["source_index", "sourceIndex"],
  ["source_record_id", "sourceRecordId"],
  ["type", "type"],
  ["title", "title"],
  ["other_titles", "otherTitles"],
  ["abstract", "abstract"],
  ["authors", "authors"],
  ["year", "year"],
  ["journal", "journal"],
  ["volume", "volume"],
  ["issue", "issue"],
  ["pages", "pages"],
  ["doi", "doi"],
  ["pmid", "pmid"],
  ["keywords", "keywords"],
  ["language", "language"],
  ["url", "url"],
  ["raw", "raw"],
];
const COPY_RECORDS = `copy records (${COLUMNS.map(([c]) => `"${c}"`).join(", ")}) from`;

// COPY text format: backslash, tab, newline and carriage return are escaped; \N is NULL.
const SPECIAL = /[\\\t\n\r]/;
const escapeField = (s: string) => (SPECIAL.test(s) ? s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s);
// An array literal with every element quoted: {"a","b \"c\""}.
const arrayLiteral = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;

function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  if (Array.isArray(value)) return escapeField(arrayLiteral(value));
  if (typeof value === "object") return escapeField(JSON.stringify(value));
  return escapeField(String(value));
}

/**
 * Rows as COPY text. Strings must be free of NUL and lone surrogates (recordRow cleans them):
 * PostgreSQL refuses both in text.
 */
export function copyText(rows: RecordInsert[]): string {
  let text = "";
  for (const row of rows) {
    for (let c = 0; c < COLUMNS.length; c++) text += (c ? "\t" : "") + copyField(row[COLUMNS[c][1]]);
    text += "\n";
  }
  return text;
}

/** Where an import writes its rows; `end` waits until the database has them all. */
export interface RecordWriter {
  write(rows: RecordInsert[]): Promise<void>;
  end(): Promise<void>;
  /** Cancels an unfinished COPY (the file turned out malformed), so the transaction can roll back. */
  abort(reason: unknown): Promise<void>;
}

/**
 * Opens a COPY of new records inside the import's transaction: COPY skips the per-row statement
 * work of INSERT (parsing, planning, 21 parameters per row). On PostgreSQL the rows stream through
 * one COPY FROM STDIN while this process parses the next ones — the server inserts on the other
 * core; PGlite runs in this thread, so each batch is one COPY from an in-memory blob.
 */
export async function openRecordWriter(tx: DbOrTx): Promise<RecordWriter> {
  const driver = driverClientOf(tx);
  if (driver.kind === "pglite") {
    const client = driver.client as PgliteTx;
    return {
      write: async (rows) => {
        if (rows.length) await client.query(`${COPY_RECORDS} '/dev/blob'`, [], { blob: new Blob([copyText(rows)]) });
      },
      end: async () => {},
      abort: async () => {},
    };
  }
  return postgresCopy(driver.client as unknown as PostgresTx);
}

interface PgliteTx {
  query(sql: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}

type PostgresTx = import("postgres").TransactionSql;

async function postgresCopy(client: PostgresTx): Promise<RecordWriter> {
  const stream = await client.unsafe(`${COPY_RECORDS} stdin`).writable();
  let failure: Error | null = null;
  stream.on("error", (error: Error) => (failure = error));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  return {
    write: async (rows) => {
      if (failure) throw failure;
      if (rows.length && !stream.write(copyText(rows))) await new Promise<void>((resolve) => stream.once("drain", resolve));
    },
    end: async () => {
      stream.end();
      await finished;
    },
    abort: async (reason) => {
      if (stream.writableFinished || stream.destroyed) return;
      stream.destroy(new Error(`import cancelled: ${reason instanceof Error ? reason.message : String(reason)}`));
      await finished.catch(() => undefined);
    },
  };
}

/**
 * Session settings for one bulk import, local to its transaction. PostgreSQL servers built with
 * lz4 compress the wide rows (abstract, raw fields) with it instead of pglz, several times faster;
 * PGlite has no lz4 and keeps pglz.
 */
export async function beginBulkInsert(tx: DbOrTx): Promise<void> {
  await tx.execute(
    sql`select set_config('default_toast_compression', 'lz4', true) from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`,
  );
}

/**
 * Refreshes the planner statistics after a large import: without them the planner guesses a
 * handful of rows per project and picks plans that filter every record. PGlite has no autovacuum
 * to gather them, and on a server it runs only after commit. ANALYZE samples at most 30,000 rows,
 * so its cost stays bounded however large the table grows; only the columns queries filter and
 * join on are analysed — statistics of titles, abstracts and raw fields cost most and steer no plan.
 */
export async function endBulkInsert(tx: DbOrTx, inserted: number): Promise<void> {
  if (inserted >= ANALYZE_AFTER) await tx.execute(sql`analyze records (project_id, source_id, source_index, duplicate_of, removal_reason, year, doi, pmid)`);
}

/** Imports of at least this many records refresh the table's planner statistics. */
export const ANALYZE_AFTER = 1000;
