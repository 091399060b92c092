import { and, count, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { records, searchSources, type removalReasons } from "@/db/schema";

export interface IdentificationCounts {
  /** One entry per imported search export, in import order; `count` = records identified from it. */
  sources: { id: string; name: string; kind: string; searchDate: string | null; count: number }[];
  /** Records identified from databases and registers (PRISMA splits "other methods" apart). */
  identified: { databases: number; registers: number; otherMethods: number; total: number };
  /** PRISMA "records removed before screening", by reason. */
  removed: Record<(typeof removalReasons)[number], number> & { total: number };
  /** Records left for title/abstract screening (`duplicate_of IS NULL AND removal_reason IS NULL`). */
  remaining: number;
}

/** The PRISMA 2020 identification box: per-source counts, removals by reason and what remains to screen. */
export async function getIdentificationCounts(db: DbOrTx, projectId: string): Promise<IdentificationCounts> {
  const sources = await db
    .select({ id: searchSources.id, name: searchSources.name, kind: searchSources.kind, searchDate: searchSources.searchDate, count: count(records.id) })
    .from(searchSources)
    .leftJoin(records, eq(records.sourceId, searchSources.id))
    .where(eq(searchSources.projectId, projectId))
    .groupBy(searchSources.id)
    .orderBy(searchSources.importedAt, searchSources.id);
  const reasons = await db
    .select({ reason: records.removalReason, n: count() })
    .from(records)
    .where(and(eq(records.projectId, projectId), sql`(${records.removalReason} is not null or ${records.duplicateOf} is not null)`))
    .groupBy(records.removalReason);
  const [{ remaining }] = await db
    .select({ remaining: count() })
    .from(records)
    .where(and(eq(records.projectId, projectId), sql`${records.duplicateOf} is null and ${records.removalReason} is null`));
  const removed = { duplicate: 0, automation: 0, other: 0, total: 0 };
  // a record linked as a duplicate without a reason still counts as a duplicate removal
  for (const r of reasons) removed[r.reason ?? "duplicate"] += r.n;
  removed.total = removed.duplicate + removed.automation + removed.other;
  const sum = (kinds: string[]) => sources.filter((s) => kinds.includes(s.kind)).reduce((t, s) => t + s.count, 0);
  const databases = sum(["database"]);
  const registers = sum(["register"]);
  const total = sources.reduce((t, s) => t + s.count, 0);
  return { sources, identified: { databases, registers, otherMethods: total - databases - registers, total }, removed, remaining };
}
