import { and, count, desc, eq, inArray, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog, screeningDecisions, users } from "@/db/schema";
import { getScreeningSettings } from "../screening/settings";

export interface AuditPage {
  entries: {
    id: number;
    at: Date;
    action: string;
    entity: string;
    entityId: string | null;
    before: unknown;
    after: unknown;
    userEmail: string | null;
    userName: string | null;
  }[];
  nextCursor: number | null;
}

/** Newest first, paged by id so the owner can scroll back through a long history. */
export async function listAudit(db: DbOrTx, projectId: string, opts: { cursor?: number; limit?: number } = {}): Promise<AuditPage> {
  const limit = Math.min(opts.limit ?? 50, 200);
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
      userEmail: users.email,
      userName: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.projectId, projectId), opts.cursor ? lt(auditLog.id, opts.cursor) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const entries = more ? rows.slice(0, limit) : rows;
  return { entries: await redactBlindDecisions(db, projectId, entries), nextCursor: more ? entries[entries.length - 1].id : null };
}

type Entry = AuditPage["entries"][number];

/** What replaces the before/after of a screening decision that is still blind. */
export const blindRedaction = { redacted: "blind screening: shown once every reviewer of this record has decided" } as const;

/**
 * Blinding holds in the audit log too: an owner who also screens must not read a co-reviewer's
 * decision here before deciding. While the project is blinded, the before/after of every
 * screening-decision entry (decide, change, undo) whose record still has fewer decisions at that
 * stage than the reviewers-per-record quota is replaced by {@link blindRedaction} — for every
 * caller, which covers any owner who may still screen that record. Who acted and when stay visible
 * (progress counts are public to the team anyway). Entries whose record can no longer be found
 * (a changed decision later undone) are redacted too.
 */
async function redactBlindDecisions(db: DbOrTx, projectId: string, entries: Entry[]): Promise<Entry[]> {
  const decisionEntries = entries.filter((e) => e.entity === "screening_decision");
  if (decisionEntries.length === 0) return entries;
  const settings = await getScreeningSettings(db, projectId);
  if (settings.unblinded) return entries;
  const target = new Map<number, { recordId: string; stage: string } | null>();
  const changeIds: string[] = [];
  for (const e of decisionEntries) {
    const data = (e.after ?? e.before) as { recordId?: string; stage?: string } | null;
    if (data?.recordId && data.stage) target.set(e.id, { recordId: data.recordId, stage: data.stage });
    else if (e.entityId) changeIds.push(e.entityId);
  }
  if (changeIds.length > 0) {
    const rows = await db.select({ id: screeningDecisions.id, recordId: screeningDecisions.recordId, stage: screeningDecisions.stage })
      .from(screeningDecisions).where(inArray(screeningDecisions.id, changeIds));
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const e of decisionEntries) if (!target.has(e.id)) target.set(e.id, (e.entityId && byId.get(e.entityId)) || null);
  }
  const recordIds = [...new Set([...target.values()].flatMap((t) => (t ? [t.recordId] : [])))];
  const counts = recordIds.length === 0 ? [] : await db
    .select({ recordId: screeningDecisions.recordId, stage: screeningDecisions.stage, n: count() })
    .from(screeningDecisions)
    .where(and(eq(screeningDecisions.projectId, projectId), inArray(screeningDecisions.recordId, recordIds)))
    .groupBy(screeningDecisions.recordId, screeningDecisions.stage);
  const decided = new Map(counts.map((c) => [`${c.recordId}|${c.stage}`, Number(c.n)]));
  return entries.map((e) => {
    if (e.entity !== "screening_decision") return e;
    const t = target.get(e.id);
    const blind = !t || (decided.get(`${t.recordId}|${t.stage}`) ?? 0) < settings.reviewersPerRecord;
    return blind ? { ...e, before: e.before === null ? null : blindRedaction, after: e.after === null ? null : blindRedaction } : e;
  });
}
