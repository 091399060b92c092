import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { records } from "@/db/schema";
import { idIn } from "@/server/review/uuid-array";
import { knownPairs, planDedup, readDedupViews, writeDedupPlan, type FreshRecord } from "./run-dedup";

/** A record merged into a record that is going away. */
export interface Orphan {
  id: string;
  duplicateOf: string;
}

export interface RehomeOutcome {
  /** Orphans back in the screening pool. */
  restored: number;
  /** Orphans merged again, into another orphan of the same record. */
  merged: number;
  /** Pairs of orphans queued for a person to decide. */
  queued: number;
}

/**
 * Gives records merged into a deleted record their place back. Each returns to the pool — unless
 * several were merged into the same record: they are copies of one work, so the engine compares
 * them again among themselves (as a fresh import would), merging the certain ones into one kept
 * copy and queueing the uncertain pairs, and a pair a person already decided is left as decided.
 * Call it after the deleted records' pairs are gone (they cascade with the records).
 */
export async function rehomeDuplicates(tx: DbOrTx, projectId: string, orphans: Orphan[]): Promise<RehomeOutcome> {
  if (orphans.length === 0) return { restored: 0, merged: 0, queued: 0 };
  await tx.update(records).set({ duplicateOf: null, removalReason: null }).where(idIn(records.id, orphans.map((o) => o.id)));
  const byFormerKept = new Map<string, string[]>();
  for (const o of orphans) {
    const ids = byFormerKept.get(o.duplicateOf);
    if (ids) ids.push(o.id);
    else byFormerKept.set(o.duplicateOf, [o.id]);
  }
  const siblings = [...byFormerKept.values()].filter((ids) => ids.length > 1);
  if (siblings.length === 0) return { restored: orphans.length, merged: 0, queued: 0 };
  const known = await knownPairs(tx, projectId);
  // read in pool order (source, then position), as everywhere else dedup runs, and dealt out by group
  const groupOf = new Map(siblings.flatMap((ids, g) => ids.map((id) => [id, g] as const)));
  const pools = siblings.map((): FreshRecord[] => []);
  for (const view of await readDedupViews(tx, and(eq(records.projectId, projectId), idIn(records.id, [...groupOf.keys()]))!)) pools[groupOf.get(view.id)!].push(view);
  const plans = pools.map((pool) => planDedup(pool, pool.map(() => true), known));
  // one write for every group: a source of 20,000 records can leave thousands of groups
  const { autoMerged: merged, queued } = await writeDedupPlan(tx, projectId, { merges: plans.flatMap((p) => p.merges), queued: plans.flatMap((p) => p.queued), comparedPairs: 0 });
  return { restored: orphans.length - merged, merged, queued };
}
