import { sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * A list of ids as ONE uuid[] parameter: tens of thousands of ids as separate parameters would pass
 * PostgreSQL's 65,535-parameter limit (a filter can select every record of a project).
 */
export const uuidArray = (ids: readonly string[]): SQL => sql`${`{${ids.join(",")}}`}::uuid[]`;

/** `column = any(ids)` with the ids as one uuid[] parameter. */
export const idIn = (column: AnyPgColumn, ids: readonly string[]): SQL => sql`${column} = any(${uuidArray(ids)})`;
