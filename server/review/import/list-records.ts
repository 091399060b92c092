import { and, count, desc, eq, gte, isNotNull, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { records, searchSources, users } from "@/db/schema";
import { AppError } from "@/server/review/errors";
import { idIn } from "@/server/review/uuid-array";
import { searchRecordIds, warmSearchIndex } from "./search-index";
import { screenableWhere } from "./screenable";

export const recordStatuses = ["all", "screenable", "duplicate", "removed"] as const;
export const recordSorts = ["imported", "title", "year", "journal", "author"] as const;

/** Server-side paging, sorting and filtering of a project's records (zod shared with the table). */
export const recordQuerySchema = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
  sort: z.enum(recordSorts).default("imported"),
  desc: z.boolean().default(false),
  q: z.string().max(500).default(""),
  sourceId: z.uuid().nullable().default(null),
  status: z.enum(recordStatuses).default("all"),
  yearFrom: z.number().int().nullable().default(null),
  yearTo: z.number().int().nullable().default(null),
});
export type RecordQuery = z.input<typeof recordQuerySchema>;

/** The WHERE of a record query; `matching` are the ids free-text search found (null: no search). */
function recordFilter(projectId: string, query: z.output<typeof recordQuerySchema>, matching: string[] | null): SQL {
  const parts: (SQL | undefined)[] = [eq(records.projectId, projectId)];
  if (query.sourceId) parts.push(eq(records.sourceId, query.sourceId));
  if (query.status === "screenable") parts.push(screenableWhere(projectId));
  if (query.status === "duplicate") parts.push(isNotNull(records.duplicateOf));
  if (query.status === "removed") parts.push(sql`${records.removalReason} is not null and ${records.duplicateOf} is null`);
  if (query.yearFrom !== null) parts.push(gte(records.year, query.yearFrom));
  if (query.yearTo !== null) parts.push(lte(records.year, query.yearTo));
  if (matching) parts.push(idIn(records.id, matching));
  return and(...parts)!;
}

function orderFor(query: z.output<typeof recordQuerySchema>): SQL[] {
  const dir = (x: SQL) => (query.desc ? sql`${x} desc nulls last` : sql`${x} asc nulls last`);
  switch (query.sort) {
    case "title":
      return [dir(sql`lower(${records.title})`), sql`${records.id}`];
    case "year":
      return [dir(sql`${records.year}`), sql`${records.id}`];
    case "journal":
      return [dir(sql`lower(${records.journal})`), sql`${records.id}`];
    case "author":
      return [dir(sql`lower(${records.authors}[1])`), sql`${records.id}`];
    case "imported":
      return [dir(sql`${searchSources.importedAt}`), dir(sql`${records.sourceIndex}`)];
  }
}

/** One page of records with the total matching count. */
export async function listRecords(db: DbOrTx, projectId: string, input: RecordQuery) {
  const query = recordQuerySchema.parse(input);
  const matching = await searchRecordIds(db, projectId, query.q);
  if (!matching) warmSearchIndex(db, projectId);
  if (matching?.length === 0) return { total: 0, rows: [] };
  const where = recordFilter(projectId, query, matching);
  const [{ total }] = await db.select({ total: count() }).from(records).where(where);
  const rows = await db
    .select({
      id: records.id,
      title: records.title,
      authors: sql<string[]>`${records.authors}[1:4]`,
      authorCount: sql<number>`coalesce(cardinality(${records.authors}), 0)`,
      year: records.year,
      journal: records.journal,
      doi: records.doi,
      pmid: records.pmid,
      type: records.type,
      sourceId: records.sourceId,
      sourceName: searchSources.name,
      duplicateOf: records.duplicateOf,
      removalReason: records.removalReason,
      removalNote: records.removalNote,
    })
    .from(records)
    .innerJoin(searchSources, eq(searchSources.id, records.sourceId))
    .where(where)
    .orderBy(...orderFor(query))
    .offset(query.offset)
    .limit(query.limit);
  return { total, rows };
}

/**
 * Ids of every record matching a table filter (search included), for actions on "everything
 * matching": one query, where paging through `listRecords` would repeat the count and the sort on
 * every page.
 */
export async function listMatchingRecordIds(db: DbOrTx, projectId: string, input: RecordQuery): Promise<string[]> {
  const query = recordQuerySchema.parse(input);
  const matching = await searchRecordIds(db, projectId, query.q);
  if (matching?.length === 0) return [];
  const rows = await db.select({ id: records.id }).from(records).where(recordFilter(projectId, query, matching));
  return rows.map((r) => r.id);
}

/** Every field of one record, with its source and the duplicates merged into it. */
export async function getRecord(db: DbOrTx, projectId: string, recordId: string) {
  const [row] = await db
    .select({ record: records, sourceName: searchSources.name, sourceFile: searchSources.fileName })
    .from(records)
    .innerJoin(searchSources, eq(searchSources.id, records.sourceId))
    .where(and(eq(records.projectId, projectId), eq(records.id, recordId)));
  if (!row) throw new AppError("NOT_FOUND", "This record does not exist in the project.");
  const duplicates = await db
    .select({ id: records.id, title: records.title, sourceName: searchSources.name })
    .from(records)
    .innerJoin(searchSources, eq(searchSources.id, records.sourceId))
    .where(eq(records.duplicateOf, recordId));
  return { ...row.record, sourceName: row.sourceName, sourceFile: row.sourceFile, duplicates };
}

/** The project's search sources with their record and duplicate counts, newest first. */
export async function listSources(db: DbOrTx, projectId: string) {
  const dupCounts = db
    .select({ sourceId: records.sourceId, duplicates: count().as("duplicates") })
    .from(records)
    .where(and(eq(records.projectId, projectId), isNotNull(records.duplicateOf)))
    .groupBy(records.sourceId)
    .as("dups");
  return db
    .select({
      id: searchSources.id,
      name: searchSources.name,
      kind: searchSources.kind,
      searchDate: searchSources.searchDate,
      query: searchSources.query,
      notes: searchSources.notes,
      fileName: searchSources.fileName,
      format: searchSources.format,
      recordCount: searchSources.recordCount,
      warnings: searchSources.warnings,
      duplicates: sql<number>`coalesce(${dupCounts.duplicates}, 0)::int`,
      importedAt: searchSources.importedAt,
      importedBy: users.name,
    })
    .from(searchSources)
    .leftJoin(dupCounts, eq(dupCounts.sourceId, searchSources.id))
    .leftJoin(users, eq(users.id, searchSources.importedBy))
    .where(eq(searchSources.projectId, projectId))
    .orderBy(desc(searchSources.importedAt));
}

