import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { ScreeningStage } from "@/db/schema";
import { queryRows } from "./sql-rows";

/**
 * Where a record stands at one stage:
 * - pending: fewer decisions than reviewers per record, and no resolution
 * - include / exclude: every reviewer agreed (at full text: on the same exclusion reason too), or a resolution says so
 * - conflict: the reviewers disagreed or someone said maybe, and nobody has resolved it yet
 */
export type StageOutcome = "pending" | "include" | "exclude" | "conflict";

export interface RecordOutcome {
  recordId: string;
  outcome: StageOutcome;
  /** Number of reviewer decisions so far. */
  decisions: number;
  /** Full-text exclusion reason of the final decision (resolution first, else the agreed one). */
  reason: string | null;
  resolved: boolean;
}

/**
 * The records in the screening pool of a project: not a duplicate, not removed before screening
 * (see db/schema/records.ts). At full text: only those whose title/abstract outcome is include.
 */
export function poolSql(projectId: string): SQL {
  return sql`select r.id from records r where r.project_id = ${projectId} and r.duplicate_of is null and r.removal_reason is null`;
}

/**
 * One row per pool record of `stage` with its outcome. Written as one SQL statement (decisions
 * aggregated per record, joined to the current resolution) so counts over 20,000 records stay a
 * single round trip. `perRecord` is the reviewers-per-record setting.
 */
export function outcomesSql(projectId: string, stage: ScreeningStage, perRecord: number): SQL {
  const pool = stage === "title_abstract"
    ? poolSql(projectId)
    : sql`select t.record_id as id from (${outcomesSql(projectId, "title_abstract", perRecord)}) t where t.outcome = 'include'`;
  // At full text two excludes for different reasons disagree: PRISMA counts exclusions per reason.
  const sameReason = stage === "title_abstract" ? sql`true` : sql`d.n_reasons <= 1`;
  return sql`
    select p.id as record_id,
      coalesce(d.n, 0)::int as decisions,
      (cr.decision is not null) as resolved,
      case
        when cr.decision is not null then cr.decision::text
        when coalesce(d.n, 0) < ${perRecord} then 'pending'
        when d.n_include = d.n then 'include'
        when d.n_exclude = d.n and ${sameReason} then 'exclude'
        else 'conflict'
      end as outcome,
      case when cr.decision is not null then cr.reason else d.reason end as reason
    from (${pool}) p
    left join (
      select sd.record_id,
        count(*)::int as n,
        (count(*) filter (where sd.decision = 'include'))::int as n_include,
        (count(*) filter (where sd.decision = 'exclude'))::int as n_exclude,
        (count(distinct sd.reason) filter (where sd.decision = 'exclude'))::int as n_reasons,
        min(sd.reason) filter (where sd.decision = 'exclude') as reason
      from screening_decisions sd
      where sd.project_id = ${projectId} and sd.stage = ${stage}
      group by sd.record_id
    ) d on d.record_id = p.id
    left join conflict_resolutions cr
      on cr.record_id = p.id and cr.stage = ${stage} and cr.superseded_at is null`;
}

/** Every pool record's outcome at `stage`. */
export async function listOutcomes(db: DbOrTx, projectId: string, stage: ScreeningStage, perRecord: number): Promise<RecordOutcome[]> {
  const rows = await queryRows<{ record_id: string; outcome: StageOutcome; decisions: number; reason: string | null; resolved: boolean }>(
    db,
    outcomesSql(projectId, stage, perRecord),
  );
  return rows.map((r) => ({ recordId: r.record_id, outcome: r.outcome, decisions: Number(r.decisions), reason: r.reason, resolved: Boolean(r.resolved) }));
}
