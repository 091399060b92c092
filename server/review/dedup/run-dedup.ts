import { and, eq, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { duplicatePairs, records } from "@/db/schema";
import { abstractChars, dedupRawFields, findDuplicates, PUBLICATION_TYPE_FIELDS, RICH_ABSTRACT_CHARS, richnessWith, type CitationRecord, type DuplicateGroup, type DuplicatePair } from "@/server/engine/records";
import { citationOf } from "@/server/review/import/record-row";
import { uuidArray } from "@/server/review/uuid-array";

export interface DedupOutcome {
  /** Records merged automatically into a kept record. */
  autoMerged: number;
  /** Pairs added to the review queue. */
  queued: number;
  comparedPairs: number;
}

/** Merges per UPDATE and pairs per INSERT. */
const WRITE_BATCH = 5000;

interface PairRow {
  keptId: string;
  otherId: string;
  score: number;
  evidence: Record<string, unknown>;
}

/**
 * A record as dedup sees it. Dedup compares no abstract text — the abstract counts only by its
 * length, in `richness` — so the citation leaves it out (`abstract` is null): 50,000 records stay
 * in memory during an import.
 */
export interface FreshRecord {
  id: string;
  sourceId: string;
  citation: CitationRecord;
  richness: number;
}

// richness() counts at most 10 keywords: load no more than that
const KEYWORDS = 10;

/**
 * The raw fields dedup reads, straight from the jsonb: publication types only (errata, retraction
 * notices and replies are told apart by them), never the whole raw record.
 */
export const dedupRawColumn = sql<Record<string, string[]>>`(select coalesce(jsonb_object_agg(f.key, f.value), '{}'::jsonb) from jsonb_each(${records.raw}) f
  where lower(f.key) in (${sql.join(PUBLICATION_TYPE_FIELDS.map((name) => sql`${name}`), sql`, `)}))`;

type DedupSource = Omit<Parameters<typeof citationOf>[0], "abstract">;

/** The citation dedup keeps of a record: no abstract, 10 keywords, publication-type raw fields. */
function dedupCitation(row: DedupSource, raw: Record<string, string[]>): CitationRecord {
  return citationOf({ ...row, abstract: null, keywords: row.keywords.slice(0, KEYWORDS), raw });
}

/**
 * What dedup reads of a new row, built from the row itself: exactly what {@link readDedupViews}
 * returns for it once stored. The strings are copies: a parsed field is a slice of a decoded
 * megabyte of the upload, and views kept until dedup runs would otherwise keep the whole file alive.
 */
export function dedupView(row: Parameters<typeof citationOf>[0]): Omit<FreshRecord, "id" | "sourceId"> {
  const citation = dedupCitation(row, dedupRawFields(row.raw));
  return { citation: copyStrings(citation), richness: richnessWith(citation, abstractChars(row.abstract)) };
}

function copyStrings(citation: CitationRecord): CitationRecord {
  const copy = <T extends string | null>(s: T): T => (s && s.length > 12 ? (Buffer.from(s, "utf8").toString("utf8") as T) : s);
  const raw: Record<string, string[]> = {};
  for (const field in citation.raw) raw[field] = citation.raw[field].map(copy);
  return {
    ...citation,
    sourceRecordId: copy(citation.sourceRecordId),
    title: copy(citation.title),
    otherTitles: citation.otherTitles.map(copy),
    authors: citation.authors.map(copy),
    journal: copy(citation.journal),
    volume: copy(citation.volume),
    issue: copy(citation.issue),
    pages: copy(citation.pages),
    doi: copy(citation.doi),
    pmid: copy(citation.pmid),
    keywords: citation.keywords.map(copy),
    language: copy(citation.language),
    url: copy(citation.url),
    raw,
  };
}

/**
 * Deduplicates the records of one new search source against every record still in the pool
 * (`duplicate_of IS NULL AND removal_reason IS NULL`) with the engine's `findDuplicates`. Only groups
 * that contain a new record are acted on, so people's earlier decisions stand:
 * - an `auto` group merges into its richest member — or, when it holds one earlier record, into that
 *   record, so records already in the pool (and any screening on them) keep their identity;
 * - an `auto` group that joins two or more earlier records (which a person kept apart or unmerged),
 *   or repeats a pair marked not-duplicate, goes to the review queue instead;
 * - `review` groups become pending pairs between the records that stay after the automatic merges.
 *
 * `fresh` are the new source's records in file order, when the caller still holds them (the import
 * does): only the earlier records are then read back, which halves the rows loaded for a first import
 * of 50,000 and skips it entirely for the second. The pool keeps the order of the query
 * (source id, then position), so groups come out exactly as when every row is read back.
 */
export async function dedupAfterImport(tx: DbOrTx, projectId: string, newSourceId: string, fresh?: FreshRecord[]): Promise<DedupOutcome> {
  const inPool = and(eq(records.projectId, projectId), isNull(records.duplicateOf), isNull(records.removalReason));
  const storedPool = await readDedupViews(tx, fresh ? and(inPool, ne(records.sourceId, newSourceId))! : inPool!);
  let pool: FreshRecord[] = storedPool;
  if (fresh) {
    // uuid order in PostgreSQL is byte order, i.e. the order of the lower-case hex text
    const at = storedPool.findIndex((r) => r.sourceId > newSourceId);
    pool = at < 0 ? [...storedPool, ...fresh] : [...storedPool.slice(0, at), ...fresh, ...storedPool.slice(at)];
  }
  return writeDedupPlan(tx, projectId, planDedup(pool, pool.map((r) => r.sourceId === newSourceId), await knownPairs(tx, projectId)));
}

/** The records matching `where` as dedup sees them (see {@link FreshRecord}), in pool order: source id, then position. */
export async function readDedupViews(tx: DbOrTx, where: SQL): Promise<FreshRecord[]> {
  const stored = await tx
    .select({
      id: records.id,
      sourceId: records.sourceId,
      sourceRecordId: records.sourceRecordId,
      type: records.type,
      title: records.title,
      otherTitles: records.otherTitles,
      abstractChars: sql<number>`least(coalesce(char_length(${records.abstract}), 0), ${sql.raw(String(RICH_ABSTRACT_CHARS))})`.mapWith(Number),
      authors: records.authors,
      year: records.year,
      journal: records.journal,
      volume: records.volume,
      issue: records.issue,
      pages: records.pages,
      doi: records.doi,
      pmid: records.pmid,
      keywords: sql<string[]>`coalesce(${records.keywords}[1:${sql.raw(String(KEYWORDS))}], '{}')`,
      language: records.language,
      url: records.url,
      raw: dedupRawColumn,
    })
    .from(records)
    .where(where)
    .orderBy(records.sourceId, records.sourceIndex);
  return stored.map((r) => {
    const citation = dedupCitation(r, r.raw);
    return { id: r.id, sourceId: r.sourceId, citation, richness: richnessWith(citation, r.abstractChars) };
  });
}

/** What dedup will write: automatic merges and pairs for the review queue. */
export interface DedupPlan {
  merges: PairRow[];
  queued: PairRow[];
  comparedPairs: number;
}

/**
 * Runs the engine over `pool` and decides what to do with the groups that hold a record marked in
 * `isNew`, as {@link dedupAfterImport} describes; `known` are the project's recorded pairs
 * ({@link knownPairs}). Writes nothing, so several plans can be written at once.
 */
export function planDedup(pool: FreshRecord[], isNew: boolean[], known: Set<string>): DedupPlan {
  const citations = pool.map((r) => r.citation);
  const result = findDuplicates(citations, { richness: pool.map((r) => r.richness) });
  const keyOf = (a: number, b: number) => (pool[a].id < pool[b].id ? `${pool[a].id}|${pool[b].id}` : `${pool[b].id}|${pool[a].id}`);

  const mergedInto = new Map<number, number>();
  const merges: PairRow[] = [];
  const reviewPairs: DuplicatePair[] = [];
  for (const group of result.groups) {
    if (group.confidence !== "auto" || !group.members.some((m) => isNew[m])) continue;
    const earlier = group.members.filter((m) => !isNew[m]);
    if (earlier.length >= 2 || group.pairs.some((p) => known.has(keyOf(p.a, p.b)))) {
      reviewPairs.push(...group.pairs.filter((p) => !(!isNew[p.a] && !isNew[p.b])));
      continue;
    }
    const kept = earlier.length === 1 ? earlier[0] : group.primary;
    for (const m of group.members) {
      if (m === kept) continue;
      mergedInto.set(m, kept);
      merges.push({ keptId: pool[kept].id, otherId: pool[m].id, ...pairEvidence(group, kept, m) });
    }
  }
  for (const group of result.groups) {
    if (group.confidence === "review" && group.members.some((m) => isNew[m])) reviewPairs.push(...group.pairs);
  }
  return { merges, queued: queuePairs(reviewPairs, mergedInto, pool, known, keyOf), comparedPairs: result.stats.comparedPairs };
}

/** Applies the merges of a plan and stores its pairs. */
export async function writeDedupPlan(tx: DbOrTx, projectId: string, plan: DedupPlan): Promise<DedupOutcome> {
  await applyMerges(tx, plan.merges);
  await insertPairs(tx, projectId, plan.merges, true);
  await insertPairs(tx, projectId, plan.queued, false);
  return { autoMerged: plan.merges.length, queued: plan.queued.length, comparedPairs: plan.comparedPairs };
}

/** Pairs already recorded for the project (any status), as sorted "id|id" keys. */
export async function knownPairs(tx: DbOrTx, projectId: string): Promise<Set<string>> {
  const rows = await tx.select({ a: duplicatePairs.keptId, b: duplicatePairs.otherId }).from(duplicatePairs).where(eq(duplicatePairs.projectId, projectId));
  return new Set(rows.map(({ a, b }) => (a < b ? `${a}|${b}` : `${b}|${a}`)));
}

/** The evidence linking a merged member to the kept record: their own pair if compared, else the member's strongest pair. */
function pairEvidence(group: DuplicateGroup, kept: number, member: number): { score: number; evidence: Record<string, unknown> } {
  const direct = group.pairs.find((p) => (p.a === kept && p.b === member) || (p.a === member && p.b === kept));
  const best = direct ?? group.pairs.filter((p) => p.a === member || p.b === member).sort((x, y) => y.evidence.score - x.evidence.score)[0];
  return best ? { score: best.evidence.score, evidence: { ...best.evidence, decision: best.decision, direct: Boolean(direct) } } : { score: 1, evidence: {} };
}

/** Review pairs between the records that remain after the automatic merges, one per record pair (strongest evidence). */
function queuePairs(
  pairs: DuplicatePair[],
  mergedInto: Map<number, number>,
  pool: FreshRecord[],
  known: Set<string>,
  keyOf: (a: number, b: number) => string,
): PairRow[] {
  const best = new Map<string, PairRow>();
  for (const p of pairs) {
    const a = mergedInto.get(p.a) ?? p.a;
    const b = mergedInto.get(p.b) ?? p.b;
    if (a === b) continue;
    const key = keyOf(a, b);
    if (known.has(key)) continue;
    const [kept, other] = pool[b].richness > pool[a].richness ? [b, a] : [a, b];
    const row = { keptId: pool[kept].id, otherId: pool[other].id, score: p.evidence.score, evidence: { ...p.evidence, decision: p.decision } };
    const seen = best.get(key);
    if (!seen || seen.score < row.score) best.set(key, row);
  }
  return [...best.values()];
}

// Each write takes its rows as one or two array/JSON parameters: 50,000 merges (a file imported
// twice) went in 1,000-row statements of 2,000–9,000 parameters each, which PGlite took ~15 s to
// parse and bind.
async function applyMerges(tx: DbOrTx, merges: PairRow[]) {
  for (let i = 0; i < merges.length; i += WRITE_BATCH) {
    const batch = merges.slice(i, i + WRITE_BATCH);
    await tx.execute(sql`update ${records} set duplicate_of = v.kept, removal_reason = 'duplicate'
      from unnest(${uuidArray(batch.map((m) => m.otherId))}, ${uuidArray(batch.map((m) => m.keptId))}) as v(id, kept) where ${records.id} = v.id`);
  }
}

async function insertPairs(tx: DbOrTx, projectId: string, rows: PairRow[], auto: boolean) {
  const status = auto ? "merged" : "pending";
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const batch = JSON.stringify(rows.slice(i, i + WRITE_BATCH).map((r) => ({ kept_id: r.keptId, other_id: r.otherId, score: r.score, evidence: r.evidence })));
    await tx.execute(sql`insert into ${duplicatePairs} (project_id, kept_id, other_id, score, evidence, auto, status, decided_at)
      select ${projectId}::uuid, p.kept_id, p.other_id, p.score, p.evidence, ${auto}, ${status}::duplicate_pair_status, ${auto ? sql`now()` : sql`null`}
      from json_to_recordset(${batch}::json) as p(kept_id uuid, other_id uuid, score real, evidence jsonb)`);
  }
}
