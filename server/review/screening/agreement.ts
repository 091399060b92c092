import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { ScreeningStage } from "@/db/schema";
import { screeningAgreement, type ScreeningDecision } from "@/server/engine/screening/agreement";
import { queryRows } from "./sql-rows";

export interface PairAgreement {
  reviewerA: { id: string; name: string };
  reviewerB: { id: string; name: string };
  n: number;
  categories: string[];
  /** counts[i][j]: records A put in categories[i] and B in categories[j]. */
  counts: number[][];
  percentAgreement: number;
  /** NaN (sent as null) when kappa is undefined: both reviewers used one category only. */
  kappa: number | null;
  ci95: [number, number] | null;
  se: number | null;
}

/**
 * Agreement per reviewer pair at one stage (records both decided, duplicates and removed records
 * left out), with the screening engine's Cohen's kappa, 95% CI, percent agreement and 2×2/3×3 table.
 * Pairs are ordered by name so A/B are stable.
 */
export async function stageAgreement(db: DbOrTx, projectId: string, stage: ScreeningStage): Promise<PairAgreement[]> {
  const rows = await queryRows<{ a_id: string; a_name: string; b_id: string; b_name: string; a: ScreeningDecision; b: ScreeningDecision }>(
    db,
    sql`select ua.id as a_id, ua.name as a_name, ub.id as b_id, ub.name as b_name, da.decision as a, db.decision as b
        from screening_decisions da
        join screening_decisions db on db.record_id = da.record_id and db.stage = da.stage and db.reviewer_id <> da.reviewer_id
        join users ua on ua.id = da.reviewer_id
        join users ub on ub.id = db.reviewer_id
        join records r on r.id = da.record_id and r.duplicate_of is null and r.removal_reason is null
        where da.project_id = ${projectId} and da.stage = ${stage} and (ua.name, ua.id) < (ub.name, ub.id)`,
  );
  const pairs = new Map<string, { a: { id: string; name: string }; b: { id: string; name: string }; decisions: [ScreeningDecision, ScreeningDecision][] }>();
  for (const r of rows) {
    const key = `${r.a_id}|${r.b_id}`;
    let p = pairs.get(key);
    if (!p) pairs.set(key, (p = { a: { id: r.a_id, name: r.a_name }, b: { id: r.b_id, name: r.b_name }, decisions: [] }));
    p.decisions.push([r.a, r.b]);
  }
  return [...pairs.values()]
    .sort((x, y) => `${x.a.name}${x.b.name}`.localeCompare(`${y.a.name}${y.b.name}`))
    .map(({ a, b, decisions }) => {
      const result = screeningAgreement(decisions);
      const defined = Number.isFinite(result.kappa.kappa);
      return {
        reviewerA: a, reviewerB: b, n: result.table.n, categories: [...result.table.categories], counts: result.table.counts,
        percentAgreement: result.percentAgreement,
        kappa: defined ? result.kappa.kappa : null,
        ci95: defined ? result.kappa.ci95 : null,
        se: defined ? result.kappa.se : null,
      };
    });
}
