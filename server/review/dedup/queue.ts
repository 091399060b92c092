import { aliasedTable, and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { duplicatePairs, records, searchSources, users } from "@/db/schema";
import { normaliseText } from "@/server/engine/records";

/** Fields shown side by side, in display order. */
export const COMPARED_FIELDS = ["title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid", "abstract", "language", "type"] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

const kept = aliasedTable(records, "kept");
const other = aliasedTable(records, "other");
const pending = (projectId: string) =>
  and(eq(duplicatePairs.projectId, projectId), eq(duplicatePairs.status, "pending"), isNull(kept.duplicateOf), isNull(kept.removalReason), isNull(other.duplicateOf), isNull(other.removalReason));

async function recordsById(db: DbOrTx, ids: string[]) {
  if (!ids.length) return new Map();
  const rows = await db
    .select({
      id: records.id,
      title: records.title,
      otherTitles: records.otherTitles,
      authors: records.authors,
      year: records.year,
      journal: records.journal,
      volume: records.volume,
      issue: records.issue,
      pages: records.pages,
      doi: records.doi,
      pmid: records.pmid,
      abstract: records.abstract,
      language: records.language,
      type: records.type,
      sourceName: searchSources.name,
      sourceIndex: records.sourceIndex,
    })
    .from(records)
    .innerJoin(searchSources, eq(searchSources.id, records.sourceId))
    .where(inArray(records.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}
export type PairRecord = Awaited<ReturnType<typeof recordsById>> extends Map<string, infer R> ? R : never;

const show = (v: unknown) => (Array.isArray(v) ? v.join("; ") : v === null || v === undefined ? "" : String(v));

/** Fields whose normalised values differ (a field missing on one side counts as different). */
export function differingFields(a: Record<ComparedField, unknown>, b: Record<ComparedField, unknown>): ComparedField[] {
  return COMPARED_FIELDS.filter((f) => normaliseText(show(a[f])) !== normaliseText(show(b[f])));
}

/** The review queue: pending pairs whose records are both still in the pool, most likely duplicates first. */
export async function listDuplicateQueue(db: DbOrTx, projectId: string, page: { offset: number; limit: number }) {
  const base = db.select({ id: duplicatePairs.id }).from(duplicatePairs).innerJoin(kept, eq(kept.id, duplicatePairs.keptId)).innerJoin(other, eq(other.id, duplicatePairs.otherId));
  const [{ total }] = await db
    .select({ total: count() })
    .from(duplicatePairs)
    .innerJoin(kept, eq(kept.id, duplicatePairs.keptId))
    .innerJoin(other, eq(other.id, duplicatePairs.otherId))
    .where(pending(projectId));
  const ids = (await base.where(pending(projectId)).orderBy(desc(duplicatePairs.score), duplicatePairs.id).offset(page.offset).limit(page.limit)).map((r) => r.id);
  const pairs = ids.length ? await db.select().from(duplicatePairs).where(inArray(duplicatePairs.id, ids)).orderBy(desc(duplicatePairs.score), duplicatePairs.id) : [];
  const byId = await recordsById(db, pairs.flatMap((p) => [p.keptId, p.otherId]));
  return {
    total,
    pairs: pairs.map((p) => {
      const a = byId.get(p.keptId)!;
      const b = byId.get(p.otherId)!;
      return { id: p.id, score: p.score, auto: p.auto, evidence: p.evidence, kept: a, other: b, differing: differingFields(a, b) };
    }),
  };
}

/** Decided pairs (merges, automatic or not, and not-duplicate marks), newest first, for review and undo. */
export async function listDuplicateDecisions(db: DbOrTx, projectId: string, page: { offset: number; limit: number; status?: "merged" | "not_duplicate" }) {
  const where = and(eq(duplicatePairs.projectId, projectId), page.status ? eq(duplicatePairs.status, page.status) : sql`${duplicatePairs.status} <> 'pending'`);
  const [{ total }] = await db.select({ total: count() }).from(duplicatePairs).where(where);
  const rows = await db
    .select({ id: duplicatePairs.id, status: duplicatePairs.status, auto: duplicatePairs.auto, score: duplicatePairs.score, keptId: duplicatePairs.keptId, otherId: duplicatePairs.otherId, decidedAt: duplicatePairs.decidedAt, decidedBy: users.name })
    .from(duplicatePairs)
    .leftJoin(users, eq(users.id, duplicatePairs.decidedBy))
    .where(where)
    .orderBy(desc(duplicatePairs.decidedAt), duplicatePairs.id)
    .offset(page.offset)
    .limit(page.limit);
  const byId = await recordsById(db, rows.flatMap((r) => [r.keptId, r.otherId]));
  return { total, decisions: rows.map((r) => ({ ...r, kept: byId.get(r.keptId)!, other: byId.get(r.otherId)! })) };
}

/** Queue and decision counts for the duplicates page header. */
export async function duplicateStats(db: DbOrTx, projectId: string) {
  const [queue] = await db
    .select({ n: count() })
    .from(duplicatePairs)
    .innerJoin(kept, eq(kept.id, duplicatePairs.keptId))
    .innerJoin(other, eq(other.id, duplicatePairs.otherId))
    .where(pending(projectId));
  const rows = await db
    .select({ status: duplicatePairs.status, auto: duplicatePairs.auto, n: count() })
    .from(duplicatePairs)
    .where(eq(duplicatePairs.projectId, projectId))
    .groupBy(duplicatePairs.status, duplicatePairs.auto);
  const n = (status: string, auto?: boolean) => rows.filter((r) => r.status === status && (auto === undefined || r.auto === auto)).reduce((s, r) => s + r.n, 0);
  return { pending: queue.n, autoMerged: n("merged", true), manuallyMerged: n("merged", false), notDuplicate: n("not_duplicate") };
}
