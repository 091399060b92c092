/**
 * Free-text search of a project's records (title, other titles, authors, abstract) from an
 * in-memory inverted index, one per search source.
 *
 * Why not the database: a GIN-indexed tsvector column was most of the cost of a large import
 * (per 20,000 records: 4.9 of 9.2 s on PostgreSQL, 14.7 of 20.4 s on PGlite), and the
 * searchable fields of a record never change after import. Sources only come and go whole (import,
 * delete), so an index per source stays exact: every search compares the project's source ids
 * with the cached ones, loads a missing source from the database and forgets a deleted one. The
 * import builds its source's index while it inserts (search-index-job.ts) and hands it over after commit.
 * Each process (app, worker) keeps its own cache; a 50,000-record project takes ~30 MB.
 */
import { and, asc, eq, gt } from "drizzle-orm";
import { driverClientOf, type Db, type DbOrTx } from "@/db/client";
import { records, searchSources } from "@/db/schema";
import { type SourceIndex, SourceIndexBuilder } from "./search-index-builder";
import { startIndexJob } from "./search-index-job";
import { searchConditions, type SearchCondition } from "./search-text";

export { SourceIndexBuilder, type SourceIndex };

/** First term index ≥ `value` (binary search). */
function lowerBound(terms: string[], value: string): number {
  let lo = 0;
  let hi = terms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (terms[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Marks the records of a source that satisfy one condition. */
function markCondition(index: SourceIndex, condition: SearchCondition, marks: Uint8Array): void {
  const key = "prefix" in condition ? condition.prefix : condition.term;
  let t = lowerBound(index.terms, key);
  const matches = (term: string) => ("prefix" in condition ? term.startsWith(key) : term === key);
  for (; t < index.terms.length && matches(index.terms[t]); t++) {
    for (let p = index.offsets[t]; p < index.offsets[t + 1]; p++) marks[index.postings[p]] = 1;
  }
}

/** Ids of the source's records that satisfy every condition. */
export function searchSource(index: SourceIndex, conditions: SearchCondition[]): string[] {
  let result: Uint8Array | null = null;
  for (const condition of conditions) {
    const marks = new Uint8Array(index.ids.length);
    markCondition(index, condition, marks);
    if (result) for (let i = 0; i < marks.length; i++) result[i] &= marks[i];
    else result = marks;
  }
  const ids: string[] = [];
  if (result) for (let i = 0; i < result.length; i++) if (result[i]) ids.push(index.ids[i]);
  return ids;
}

/** Records read per query while a source's index is built from the database. */
const LOAD_BATCH = 5000;

/** Builds a source's index from its stored records, in batches so memory stays flat. */
async function loadSourceIndex(db: DbOrTx, source: { id: string; recordCount: number }): Promise<SourceIndex> {
  const job = startIndexJob(source.recordCount, driverClientOf(db).kind === "pglite");
  try {
    for (let after = 0; ; ) {
      const rows = await db
        .select({ id: records.id, index: records.sourceIndex, title: records.title, otherTitles: records.otherTitles, authors: records.authors, abstract: records.abstract })
        .from(records)
        .where(and(eq(records.sourceId, source.id), gt(records.sourceIndex, after)))
        .orderBy(asc(records.sourceIndex))
        .limit(LOAD_BATCH);
      job.add(rows);
      if (rows.length < LOAD_BATCH) return await job.finish();
      after = rows[rows.length - 1].index;
    }
  } catch (error) {
    job.cancel();
    throw error;
  }
}

/** Source id → its index (or the promise of it while loading), for one project. */
type ProjectCache = Map<string, Promise<SourceIndex>>;

/** Projects whose indexes stay cached per process; the least recently searched one goes first. */
const CACHED_PROJECTS = 8;
// Keyed by the database handle, so test databases (and their projects) never share entries.
const caches = new WeakMap<object, Map<string, ProjectCache>>();

/** The project's cache, marked as the most recently used. */
function projectCache(db: object, projectId: string): ProjectCache {
  let projects = caches.get(db);
  if (!projects) caches.set(db, (projects = new Map()));
  const cache = projects.get(projectId) ?? new Map();
  projects.delete(projectId);
  projects.set(projectId, cache);
  if (projects.size > CACHED_PROJECTS) projects.delete(projects.keys().next().value!);
  return cache;
}

/**
 * Hands the index an import built (or is still building) to the cache, after its transaction
 * committed; if building fails, the next search loads the source from the database instead.
 */
export function rememberSourceIndex(db: Db, projectId: string, sourceId: string, index: Promise<SourceIndex>): void {
  const cache = projectCache(db, projectId);
  cache.set(sourceId, index);
  index.catch((error: unknown) => {
    console.warn(`search index of source ${sourceId} was not built during its import (${error instanceof Error ? error.message : String(error)}); the next search rebuilds it from the tables`);
    if (cache.get(sourceId) === index) cache.delete(sourceId);
  });
}

/** The project's cache with every current source loaded or loading; deleted sources are dropped. */
async function currentSources(db: DbOrTx, projectId: string): Promise<Promise<SourceIndex>[]> {
  const cache = projectCache(db, projectId);
  const sources = await db.select({ id: searchSources.id, recordCount: searchSources.recordCount }).from(searchSources).where(eq(searchSources.projectId, projectId));
  const current = new Set(sources.map((s) => s.id));
  for (const id of cache.keys()) if (!current.has(id)) cache.delete(id);
  return sources.map((source) => {
    let pending = cache.get(source.id);
    if (!pending) {
      pending = loadSourceIndex(db, source);
      cache.set(source.id, pending);
      pending.catch(() => cache.get(source.id) === pending && cache.delete(source.id));
    }
    return pending;
  });
}

/**
 * Ids of the project's records matching what a person typed, or null when the text has no
 * searchable word (no filter). Sources deleted since they were cached leave the cache here.
 */
export async function searchRecordIds(db: DbOrTx, projectId: string, text: string): Promise<string[] | null> {
  const conditions = searchConditions(text);
  if (!conditions) return null;
  const ids: string[] = [];
  for (const pending of await currentSources(db, projectId)) for (const id of searchSource(await pending, conditions)) ids.push(id);
  return ids;
}

/**
 * Starts loading the project's indexes in the background (the records table calls this when it
 * opens), so the first search after a restart does not wait ~4–5 s for 50,000 records to be read.
 */
export function warmSearchIndex(db: DbOrTx, projectId: string): void {
  currentSources(db, projectId).then(
    (loading) => Promise.allSettled(loading),
    () => undefined,
  );
}
