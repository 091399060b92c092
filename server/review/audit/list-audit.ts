import { and, desc, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog, users } from "@/db/schema";

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
  return { entries, nextCursor: more ? entries[entries.length - 1].id : null };
}
