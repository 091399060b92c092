import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/**
 * Runs raw SQL and returns its rows: postgres-js answers with an array, PGlite with `{ rows }`.
 * Aggregates are cast to int in the SQL itself, so both drivers return numbers.
 */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
