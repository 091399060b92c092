import { sql, type SQL } from "drizzle-orm";
import { uuidArray } from "@/server/review/uuid-array";
import type { DbOrTx } from "@/db/client";
import type { ScreeningDecisionKind } from "@/db/schema";
import { prioritiserCache } from "./prioritiser-cache";
import { closedHints, markClosed, openCandidates } from "./queue-hints";
import type { ScreeningRecordView } from "./record-view";
import type { ScreeningSettings } from "./settings";
import { queryRows } from "./sql-rows";

/** Candidates checked by the first query; later batches (only when hints were stale) grow fourfold. */
const firstBatch = 8;
const maxBatch = 2_048;

type RecordJson = Omit<ScreeningRecordView, "mine" | "others">;
interface CheckRow {
  closed_ids: string[] | null;
  record: RecordJson | null;
  others: { reviewerName: string; decision: ScreeningDecisionKind; reason: string | null; note: string }[] | null;
}

/**
 * The next title/abstract record for the caller, and their own decision count, usually in ONE
 * database round trip: the screening order (by relevance or import order), the records known to
 * be closed to the caller and their decision count are in memory (see queue-hints.ts), and a
 * single statement re-checks the first few open candidates (pool, own decision, quota, resolution
 * — each an index probe by record id) and returns the first open record with its fields.
 */
export async function nextTitleAbstract(
  db: DbOrTx, settings: ScreeningSettings, userId: string, projectId: string, prioritised: boolean, skip: readonly string[],
): Promise<{ record: ScreeningRecordView | null; done: number }> {
  const [order, hints] = await Promise.all([
    prioritiserCache.order(db, projectId, prioritised),
    closedHints(db, projectId, userId, settings.reviewersPerRecord),
  ]);
  const skipSet = new Set(skip);
  let from = 0;
  for (let size = firstBatch; ; size = Math.min(size * 4, maxBatch)) {
    const { ids, next } = openCandidates(hints, order, skipSet, size, from);
    const row = await checkCandidates(db, settings, userId, projectId, ids);
    markClosed(hints, row.closed_ids ?? []);
    if (row.record || next >= order.length) {
      const record = row.record && {
        ...row.record,
        title: row.record.title ?? "(no title)",
        // The caller has not decided a record served as next: co-reviewers' decisions show only when unblinded.
        mine: null,
        others: settings.unblinded ? row.others ?? [] : null,
      };
      return { record, done: hints.mine.size };
    }
    from = next;
  }
}

async function checkCandidates(db: DbOrTx, settings: ScreeningSettings, userId: string, projectId: string, ids: string[]): Promise<CheckRow> {
  const [row] = await queryRows<CheckRow>(db, checkCandidatesSql(settings, userId, projectId, ids));
  return row;
}

/** The statement behind {@link nextTitleAbstract} (exported for EXPLAIN in bench/screening-queue.bench.ts). */
export function checkCandidatesSql(settings: Pick<ScreeningSettings, "unblinded" | "reviewersPerRecord">, userId: string, projectId: string, ids: string[]): SQL {
  const others = settings.unblinded
    ? sql`(select json_agg(json_build_object('reviewerName', u.name, 'decision', d.decision, 'reason', d.reason, 'note', d.note) order by d.decided_at)
           from screening_decisions d join users u on u.id = d.reviewer_id
           where d.record_id = r.id and d.stage = 'title_abstract' and d.reviewer_id <> ${userId})`
    : sql`null::json`;
  return sql`with c as (select u.id, u.pos from unnest(${uuidArray(ids)}) with ordinality as u(id, pos)),
        s as (
          select c.id, c.pos,
            (r.id is null or r.duplicate_of is not null or r.removal_reason is not null
             or exists (select 1 from screening_decisions d where d.record_id = c.id and d.stage = 'title_abstract' and d.reviewer_id = ${userId})
             or (select count(*) from screening_decisions d where d.record_id = c.id and d.stage = 'title_abstract') >= ${settings.reviewersPerRecord}
             or exists (select 1 from conflict_resolutions cr where cr.record_id = c.id and cr.stage = 'title_abstract' and cr.superseded_at is null)) as closed
          from c left join records r on r.id = c.id and r.project_id = ${projectId}
        ),
        pick as (select id from s where not closed order by pos limit 1)
        select
          (select json_agg(s.id) from s where s.closed) as closed_ids,
          case when r.id is null then null else json_build_object(
            'id', r.id, 'title', r.title, 'authors', r.authors, 'journal', r.journal, 'year', r.year, 'abstract', r.abstract,
            'keywords', r.keywords, 'doi', r.doi, 'pmid', r.pmid, 'url', r.url) end as record,
          ${others} as others
        from (select 1) one left join pick on true left join records r on r.id = pick.id`;
}
