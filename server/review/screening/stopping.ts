import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { StoppingRule } from "@/db/schema";
import { prioritiserCache } from "./prioritiser-cache";
import type { ScreeningSettings } from "./settings";
import { queryRows } from "./sql-rows";

export interface StoppingState {
  rule: StoppingRule;
  /** True once the documented rule says title/abstract screening may stop. */
  met: boolean;
  /** Title/abstract decisions in a row, most recent first, that were excludes (any reviewer). */
  consecutiveIrrelevant: number;
  /** Expected relevant records still unscreened (null until the model has both classes). */
  estimatedRemaining: number | null;
}

/** Evaluates the project's stopping rule against the decisions so far. */
export async function stoppingState(db: DbOrTx, projectId: string, settings: ScreeningSettings): Promise<StoppingState> {
  const rule = settings.stoppingRule;
  const window = Math.max(rule.n, 1);
  const [recent, stats] = await Promise.all([
    queryRows<{ decision: string }>(db, recentDecisionsSql(projectId, rule.kind === "consecutive_irrelevant" ? window : 200)),
    prioritiserCache.stats(db, projectId),
  ]);
  let consecutiveIrrelevant = 0;
  while (consecutiveIrrelevant < recent.length && recent[consecutiveIrrelevant].decision === "exclude") consecutiveIrrelevant++;
  const estimatedRemaining = stats.remaining?.expected ?? null;
  const met =
    rule.kind === "consecutive_irrelevant" ? rule.n > 0 && consecutiveIrrelevant >= rule.n
      : rule.kind === "estimated_remaining" ? estimatedRemaining !== null && estimatedRemaining < rule.n
        : false;
  return { rule, met, consecutiveIrrelevant, estimatedRemaining };
}

/** The latest title/abstract decisions of a project, newest first (exported for EXPLAIN in the bench). */
export function recentDecisionsSql(projectId: string, limit: number): SQL {
  return sql`select decision from screening_decisions where project_id = ${projectId} and stage = 'title_abstract'
             order by decided_at desc limit ${limit}`;
}
