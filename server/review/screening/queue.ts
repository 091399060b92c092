import { and, asc, count, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { screeningDecisions, type Role, type ScreeningStage } from "@/db/schema";
import { outcomesSql } from "./outcomes";
import { prioritiserCache } from "./prioritiser-cache";
import { nextTitleAbstract } from "./next-title-abstract";
import { loadRecordView, recordTitles, type ScreeningRecordView } from "./record-view";
import { isScreener } from "./screeners";
import { getScreeningSettings, type ScreeningSettings } from "./settings";
import { queryRows } from "./sql-rows";
import { stoppingState, type StoppingState } from "./stopping";

export interface NextRecord {
  record: ScreeningRecordView | null;
  /** Own progress at this stage: records decided / records in the stage pool. */
  mine: { done: number; total: number };
  /** Why there is no record: all done, waiting for full texts, the stopping rule, or not a screener. */
  reason: "ok" | "done" | "stopped" | "not_screener";
  prioritised: boolean;
}

/**
 * The next record the caller should screen: in the stage pool, not yet decided by the caller,
 * still short of the reviewers-per-record quota, and not resolved — first in the model's ranking
 * (prioritised title/abstract screening) or in import order. `skip` leaves out records the client
 * already holds (e.g. the one shown), so it can prefetch.
 */
export async function nextRecord(db: DbOrTx, userId: string, role: Role, projectId: string, stage: ScreeningStage, skip: string[] = []): Promise<NextRecord> {
  const settings = await getScreeningSettings(db, projectId);
  const prioritised = stage === "title_abstract" && settings.prioritise;
  if (!isScreener(settings, userId, role)) return { record: null, mine: { done: 0, total: 0 }, reason: "not_screener", prioritised };
  if (stage === "title_abstract") {
    const [{ record, done }, total, stop] = await Promise.all([
      nextTitleAbstract(db, settings, userId, projectId, prioritised, skip),
      prioritiserCache.poolSize(db, projectId),
      settings.stoppingRule.kind !== "none" ? stoppingState(db, projectId, settings) : null,
    ]);
    const mine = { done, total };
    if (!record) return { record: null, mine, reason: "done", prioritised };
    if (stop?.met) return { record: null, mine, reason: "stopped", prioritised };
    return { record, mine, reason: "ok", prioritised };
  }
  const [mine, recordId] = await Promise.all([ownProgress(db, userId, projectId, stage, settings), nextFullText(db, settings, userId, projectId, skip)]);
  if (!recordId) return { record: null, mine, reason: "done", prioritised };
  return { record: await loadRecordView(db, settings, userId, projectId, stage, recordId), mine, reason: "ok", prioritised };
}

/**
 * Full text: reports included at title/abstract and retrieved, in import order. Starts from the
 * project's retrieved full texts (a small set) and checks each one's outcomes by record id, rather
 * than aggregating every decision of the project.
 */
async function nextFullText(db: DbOrTx, settings: ScreeningSettings, userId: string, projectId: string, skip: string[]): Promise<string | null> {
  const skipClause = skip.length ? sql`and f.record_id not in (${sql.join(skip.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``;
  const quota = settings.reviewersPerRecord;
  const [row] = await queryRows<{ record_id: string }>(
    db,
    sql`select f.record_id from full_texts f join records r on r.id = f.record_id
        where f.project_id = ${projectId} and f.status = 'retrieved' and r.duplicate_of is null and r.removal_reason is null ${skipClause}
          and coalesce(
            (select cr.decision = 'include' from conflict_resolutions cr where cr.record_id = f.record_id and cr.stage = 'title_abstract' and cr.superseded_at is null),
            (select count(*) >= ${quota} and bool_and(d.decision = 'include') from screening_decisions d where d.record_id = f.record_id and d.stage = 'title_abstract'))
          and not exists (select 1 from conflict_resolutions cr where cr.record_id = f.record_id and cr.stage = 'full_text' and cr.superseded_at is null)
          and (select count(*) from screening_decisions d where d.record_id = f.record_id and d.stage = 'full_text') < ${quota}
          and not exists (select 1 from screening_decisions d where d.record_id = f.record_id and d.stage = 'full_text' and d.reviewer_id = ${userId})
        order by r.source_id, r.source_index limit 1`,
  );
  return row?.record_id ?? null;
}

async function ownProgress(db: DbOrTx, userId: string, projectId: string, stage: ScreeningStage, settings: ScreeningSettings) {
  const [[{ done }], total] = await Promise.all([
    db.select({ done: count() }).from(screeningDecisions)
      .where(and(eq(screeningDecisions.projectId, projectId), eq(screeningDecisions.stage, stage), eq(screeningDecisions.reviewerId, userId))),
    stagePoolSize(db, projectId, stage, settings),
  ]);
  return { done, total };
}

async function stagePoolSize(db: DbOrTx, projectId: string, stage: ScreeningStage, settings: ScreeningSettings): Promise<number> {
  if (stage === "title_abstract") return prioritiserCache.poolSize(db, projectId);
  const inner = sql`select 1 from (${outcomesSql(projectId, "title_abstract", settings.reviewersPerRecord)}) o where o.outcome = 'include'`;
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (${inner}) t`);
  return Number(row.n);
}

/** One record for screening by id (arrow keys through one's own history). */
export async function screeningRecord(db: DbOrTx, userId: string, projectId: string, stage: ScreeningStage, recordId: string): Promise<ScreeningRecordView> {
  const settings = await getScreeningSettings(db, projectId);
  return loadRecordView(db, settings, userId, projectId, stage, recordId);
}

/** The caller's decided records at this stage, oldest first, for moving back and forth with the arrow keys. */
export async function myHistory(db: DbOrTx, userId: string, projectId: string, stage: ScreeningStage) {
  const rows = await db
    .select({ recordId: screeningDecisions.recordId, decision: screeningDecisions.decision, decidedAt: screeningDecisions.decidedAt })
    .from(screeningDecisions)
    .where(and(eq(screeningDecisions.projectId, projectId), eq(screeningDecisions.stage, stage), eq(screeningDecisions.reviewerId, userId)))
    .orderBy(asc(screeningDecisions.decidedAt), asc(screeningDecisions.id));
  const titles = await recordTitles(db, projectId, rows.slice(-200).map((r) => r.recordId));
  return rows.map((r) => ({ ...r, title: titles.get(r.recordId) ?? null }));
}

/** Team progress per stage: outcomes, and decisions per screener (counts only: no one's decisions are revealed). */
export async function teamProgress(db: DbOrTx, projectId: string, stage: ScreeningStage) {
  const settings = await getScreeningSettings(db, projectId);
  const [outcomes, perReviewer, stop] = await Promise.all([
    queryRows<{ outcome: string; n: number }>(db, sql`select outcome, count(*)::int as n from (${outcomesSql(projectId, stage, settings.reviewersPerRecord)}) o group by 1`),
    queryRows<{ reviewer_id: string; name: string; n: number }>(
      db,
      sql`select d.reviewer_id, u.name, count(*)::int as n from screening_decisions d join users u on u.id = d.reviewer_id
          where d.project_id = ${projectId} and d.stage = ${stage} group by 1, 2 order by 2`,
    ),
    stage === "title_abstract" ? stoppingState(db, projectId, settings) : Promise.resolve<StoppingState | null>(null),
  ]);
  const by = Object.fromEntries(outcomes.map((o) => [o.outcome, Number(o.n)]));
  const total = outcomes.reduce((s, o) => s + Number(o.n), 0);
  return {
    total,
    pending: by.pending ?? 0,
    include: by.include ?? 0,
    exclude: by.exclude ?? 0,
    conflict: by.conflict ?? 0,
    reviewers: perReviewer.map((r) => ({ userId: r.reviewer_id, name: r.name, done: Number(r.n) })),
    stopping: stop,
  };
}
