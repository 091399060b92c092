import { and, asc, eq, getTableColumns, isNotNull, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { records } from "@/db/schema";
import { writeCsv, writeRis } from "@/server/engine/records";
import { AppError } from "@/server/review/errors";
import { citationOf } from "./record-row";
import { screenableWhere } from "./screenable";

/**
 * A named set of records that can be exported. Later stages add their own sets (e.g. screening's
 * "included" / "excluded") with {@link registerRecordSet} from their own module, without editing this file.
 */
export interface RecordSetDefinition {
  key: string;
  label: string;
  /** WHERE on `records` for the project; `arg` is the part after ":" in the set name ("source:<id>"). */
  where(projectId: string, arg: string | null): SQL;
}

const sets = new Map<string, RecordSetDefinition>();

export function registerRecordSet(definition: RecordSetDefinition): void {
  sets.set(definition.key, definition);
}

registerRecordSet({ key: "all", label: "All records", where: (projectId) => eq(records.projectId, projectId) });
registerRecordSet({ key: "screenable", label: "Records for screening (after deduplication)", where: (projectId) => screenableWhere(projectId) });
registerRecordSet({ key: "duplicates", label: "Removed duplicates", where: (projectId) => and(eq(records.projectId, projectId), isNotNull(records.duplicateOf))! });
registerRecordSet({
  key: "source",
  label: "One search source",
  where: (projectId, arg) => {
    if (!arg || !/^[0-9a-f-]{36}$/i.test(arg)) throw new AppError("BAD_REQUEST", "source:<id> needs a search source id.");
    return and(eq(records.projectId, projectId), eq(records.sourceId, arg))!;
  },
});

/** The registered sets (for the export menu). */
export function recordSets(): { key: string; label: string }[] {
  return [...sets.values()].map(({ key, label }) => ({ key, label }));
}

/** Resolves a set name like "all" or "source:<uuid>" to its WHERE clause. */
export function recordSetWhere(projectId: string, name: string): SQL {
  const [key, ...rest] = name.split(":");
  const set = sets.get(key);
  if (!set) throw new AppError("BAD_REQUEST", `Unknown record set "${name}"; expected one of: ${[...sets.keys()].join(", ")}.`);
  return set.where(projectId, rest.length ? rest.join(":") : null);
}

const exportColumns = getTableColumns(records);

/** Records read per query while exporting, so a 50,000-record export never sits in memory at once. */
export const EXPORT_BATCH = 2000;

/**
 * Streams a record set as RIS or CSV text chunks, in import order. Keyset paging on
 * (source_id, source_index) keeps every batch query cheap. The engine's writers format each batch;
 * for CSV only the first chunk keeps the BOM and header row.
 */
export async function* exportRecordSet(db: DbOrTx, projectId: string, setName: string, format: "ris" | "csv", batchSize = EXPORT_BATCH): AsyncGenerator<string> {
  const where = recordSetWhere(projectId, setName);
  let after: { sourceId: string; sourceIndex: number } | null = null;
  let first = true;
  for (;;) {
    const cursor: SQL | undefined = after ? sql`(${records.sourceId}, ${records.sourceIndex}) > (${after.sourceId}::uuid, ${after.sourceIndex})` : undefined;
    const rows = await db.select(exportColumns).from(records).where(and(where, cursor)).orderBy(asc(records.sourceId), asc(records.sourceIndex)).limit(batchSize);
    if (!rows.length && !first) return;
    const citations = rows.map(citationOf);
    if (format === "ris") {
      if (rows.length) yield writeRis(citations);
    } else {
      const text = writeCsv(citations);
      const body = text.slice(text.indexOf("\r\n") + 2);
      if (first) yield text;
      else if (rows.length) yield "\r\n" + body;
    }
    first = false;
    if (rows.length < batchSize) return;
    const last: { sourceId: string; sourceIndex: number } = rows[rows.length - 1];
    after = { sourceId: last.sourceId, sourceIndex: last.sourceIndex };
  }
}
