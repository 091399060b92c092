import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { queryRows } from "./sql-rows";

/**
 * Per reviewer, the title/abstract records already known to be closed to them (decided by them,
 * at the reviewers-per-record quota, resolved, or no longer in the pool), so that serving the next
 * record walks the in-memory order past them without asking the database about each.
 *
 * These are hints, never the truth: the queue re-checks every candidate in SQL before serving it,
 * so a stale hint costs one more candidate batch, and a record wrongly hinted closed (only after an
 * undo or a superseded resolution in another server process) comes back when the hints are reloaded
 * (at most every `reloadMs`, in the background).
 */
interface UserHints {
  closed: Set<string>;
  /** Records the caller has decided at title/abstract (their progress), kept in step by {@link decisionMade}. */
  mine: Set<string>;
  /** Decisions made while a reload was running: the reload's snapshot may predate them. */
  madeDuringReload: string[];
  loadedAt: number;
  reloading: Promise<void> | null;
  /** Index in `scanOrder` before which every id is closed (hints only grow between resets). */
  scanFrom: number;
  scanOrder: readonly string[] | null;
}

const reloadMs = 30_000;
const projects = new Map<string, { generation: number; users: Map<string, UserHints> }>();

function project(projectId: string) {
  let p = projects.get(projectId);
  if (!p) {
    p = { generation: 0, users: new Map() };
    projects.set(projectId, p);
    if (projects.size > 500) projects.delete(projects.keys().next().value!);
  }
  return p;
}

/** The caller's hints; the first call per (project, reviewer) loads them in one index-only query. */
export async function closedHints(db: DbOrTx, projectId: string, userId: string, quota: number): Promise<UserHints> {
  const p = project(projectId);
  let hints = p.users.get(userId);
  if (!hints) {
    const generation = p.generation;
    const { closed, mine } = await loadClosed(db, projectId, userId, quota);
    hints = { closed, mine, madeDuringReload: [], loadedAt: Date.now(), reloading: null, scanFrom: 0, scanOrder: null };
    if (p.generation === generation) p.users.set(userId, hints);
    return hints;
  }
  if (Date.now() - hints.loadedAt > reloadMs && !hints.reloading) {
    const h = hints;
    const generation = p.generation;
    h.reloading = loadClosed(db, projectId, userId, quota)
      .then(({ closed, mine }) => {
        if (p.generation !== generation) return;
        for (const id of h.madeDuringReload) {
          closed.add(id);
          mine.add(id);
        }
        h.closed = closed;
        h.mine = mine;
        h.scanFrom = 0;
        h.scanOrder = null;
      })
      .catch(() => undefined)
      .finally(() => {
        h.madeDuringReload = [];
        h.loadedAt = Date.now();
        h.reloading = null;
      });
  }
  return hints;
}

/**
 * The first `limit` ids of `order` not hinted closed and not in `skip`, resuming where the last
 * walk over the same order stopped (everything before it is closed).
 */
export function openCandidates(hints: UserHints, order: readonly string[], skip: ReadonlySet<string>, limit: number, from = 0): { ids: string[]; next: number } {
  if (hints.scanOrder !== order) {
    hints.scanOrder = order;
    hints.scanFrom = 0;
  }
  let i = Math.max(from, hints.scanFrom);
  const ids: string[] = [];
  let allClosedSoFar = from <= hints.scanFrom;
  for (; i < order.length && ids.length < limit; i++) {
    const id = order[i];
    if (hints.closed.has(id)) {
      if (allClosedSoFar) hints.scanFrom = i + 1;
      continue;
    }
    allClosedSoFar = false;
    if (!skip.has(id)) ids.push(id);
  }
  return { ids, next: i };
}

/** Records the SQL check found closed to the caller. */
export function markClosed(hints: UserHints, ids: Iterable<string>): void {
  for (const id of ids) hints.closed.add(id);
}

/** A decision of `userId` on a record closes it to them (called after the write commits). */
export function decisionMade(projectId: string, userId: string, recordId: string): void {
  const hints = projects.get(projectId)?.users.get(userId);
  if (!hints) return;
  hints.closed.add(recordId);
  hints.mine.add(recordId);
  if (hints.reloading) hints.madeDuringReload.push(recordId);
}

/**
 * Something may have reopened records (an undo, a re-resolution, a change of the quota or the
 * screeners): every reviewer's hints of the project are reloaded on their next request.
 */
export function reopenRecords(projectId: string): void {
  const p = projects.get(projectId);
  if (!p) return;
  p.generation++;
  p.users.clear();
}

/** Settings changed (the quota decides what is closed). */
export function screeningSettingsChanged(projectId: string): void {
  reopenRecords(projectId);
}

/**
 * Closed to the caller: decided by them (`mine`), at the quota, or resolved. Reads only the
 * (project_id, stage, record_id, reviewer_id) index of the decisions (see db/schema/screening.ts).
 */
async function loadClosed(db: DbOrTx, projectId: string, userId: string, quota: number): Promise<{ closed: Set<string>; mine: Set<string> }> {
  const rows = await queryRows<{ record_id: string; mine: boolean }>(db, closedRecordsSql(projectId, userId, quota));
  return { closed: new Set(rows.map((r) => r.record_id)), mine: new Set(rows.filter((r) => r.mine).map((r) => r.record_id)) };
}

/** The statement behind the hints (exported for EXPLAIN in bench/screening-queue.bench.ts). */
export function closedRecordsSql(projectId: string, userId: string, quota: number): SQL {
  return sql`select record_id, bool_or(mine) as mine from (
        select record_id, bool_or(reviewer_id = ${userId}) as mine from screening_decisions
        where project_id = ${projectId} and stage = 'title_abstract'
        group by record_id having count(*) >= ${quota} or bool_or(reviewer_id = ${userId})
        union all
        select record_id, false from conflict_resolutions
        where project_id = ${projectId} and stage = 'title_abstract' and superseded_at is null) t
        group by record_id`;
}
