import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { outcomesSql, type StageOutcome } from "./outcomes";
import { getScreeningSettings } from "./settings";
import { queryRows } from "./sql-rows";

/**
 * The screening boxes of the PRISMA 2020 flow diagram (databases and registers column), with the
 * PRISMA2020 app's variable names in the TSDoc. Counts are of records/reports in the screening
 * pool (not a duplicate, not removed before screening); work still in progress is reported apart
 * so the diagram can say so instead of silently showing partial numbers.
 */
export interface ScreeningCounts {
  /** Records in the pool (`records_screened` once screening is complete). */
  recordsToScreen: number;
  /** Records with a final title/abstract decision (agreed or resolved). */
  recordsScreened: number;
  /** `records_excluded`: excluded at title/abstract. */
  recordsExcluded: number;
  /** Title/abstract: still waiting for decisions, and open conflicts. */
  recordsPending: number;
  recordsInConflict: number;
  /** `dbr_sought_reports`: included at title/abstract. */
  reportsSought: number;
  /** `dbr_notretrieved_reports`. */
  reportsNotRetrieved: number;
  /** `dbr_assessed`: reports sought minus not retrieved. */
  reportsAssessed: number;
  /** Full text: final decisions made (include or exclude). */
  reportsDecided: number;
  reportsPending: number;
  reportsInConflict: number;
  /** `dbr_excluded`: full-text exclusions per reason, largest first. */
  reportsExcluded: number;
  excludedByReason: { reason: string; n: number }[];
  /** `new_reports`: reports included after full text. */
  reportsIncluded: number;
}

/** PRISMA counts of both screening stages for one project, from two SQL aggregates. */
export async function getScreeningCounts(db: DbOrTx, projectId: string): Promise<ScreeningCounts> {
  const { reviewersPerRecord } = await getScreeningSettings(db, projectId);
  const ta = await tally(db, sql`select outcome, null::text as reason, false as not_retrieved from (${outcomesSql(projectId, "title_abstract", reviewersPerRecord)}) o`);
  const ft = await tally(
    db,
    sql`select o.outcome, o.reason, (coalesce(f.status::text, 'sought') = 'not_retrieved') as not_retrieved
        from (${outcomesSql(projectId, "full_text", reviewersPerRecord)}) o
        left join full_texts f on f.record_id = o.record_id`,
  );
  const reportsSought = ft.total;
  // A report not retrieved cannot be assessed, whatever decisions were made before it was marked so.
  const assessable = ft.rows.filter((r) => !r.notRetrieved);
  const excluded = assessable.filter((r) => r.outcome === "exclude");
  const byReason = new Map<string, number>();
  for (const r of excluded) byReason.set(r.reason ?? "No reason given", (byReason.get(r.reason ?? "No reason given") ?? 0) + r.n);
  const count = (rows: Tally[], outcome: StageOutcome) => rows.filter((r) => r.outcome === outcome).reduce((s, r) => s + r.n, 0);
  return {
    recordsToScreen: ta.total,
    recordsScreened: count(ta.rows, "include") + count(ta.rows, "exclude"),
    recordsExcluded: count(ta.rows, "exclude"),
    recordsPending: count(ta.rows, "pending"),
    recordsInConflict: count(ta.rows, "conflict"),
    reportsSought,
    reportsNotRetrieved: ft.rows.filter((r) => r.notRetrieved).reduce((s, r) => s + r.n, 0),
    reportsAssessed: assessable.reduce((s, r) => s + r.n, 0),
    reportsDecided: count(assessable, "include") + count(assessable, "exclude"),
    reportsPending: count(assessable, "pending"),
    reportsInConflict: count(assessable, "conflict"),
    reportsExcluded: count(assessable, "exclude"),
    excludedByReason: [...byReason].map(([reason, n]) => ({ reason, n })).sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason)),
    reportsIncluded: count(assessable, "include"),
  };
}

interface Tally {
  outcome: StageOutcome;
  reason: string | null;
  notRetrieved: boolean;
  n: number;
}

async function tally(db: DbOrTx, inner: ReturnType<typeof sql>): Promise<{ rows: Tally[]; total: number }> {
  const raw = await queryRows<{ outcome: StageOutcome; reason: string | null; not_retrieved: boolean; n: number }>(
    db,
    sql`select t.outcome, t.reason, t.not_retrieved, count(*)::int as n from (${inner}) t group by 1, 2, 3`,
  );
  const rows = raw.map((r) => ({ outcome: r.outcome, reason: r.reason, notRetrieved: Boolean(r.not_retrieved), n: Number(r.n) }));
  return { rows, total: rows.reduce((s, r) => s + r.n, 0) };
}
