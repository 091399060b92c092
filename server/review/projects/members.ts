import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, users, type Role } from "@/db/schema";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record-audit";

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
}

export async function listMembers(db: DbOrTx, projectId: string): Promise<Member[]> {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, joinedAt: memberships.joinedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.projectId, projectId))
    .orderBy(asc(memberships.joinedAt));
}

async function ownerCount(db: DbOrTx, projectId: string): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.role, "owner")));
  return n;
}

async function requireMember(db: DbOrTx, projectId: string, userId: string) {
  // FOR UPDATE serialises concurrent role changes so two owners cannot demote each other at once.
  const [m] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)))
    .for("update");
  if (!m) throw new AppError("NOT_FOUND", "That person is not a member of this project.");
  return m;
}

async function lockOwners(db: DbOrTx, projectId: string) {
  await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.projectId, projectId)).for("update");
}

export async function changeRole(db: DbOrTx, actorId: string, projectId: string, userId: string, role: Role): Promise<Member[]> {
  await db.transaction(async (tx) => {
    await lockOwners(tx, projectId);
    const m = await requireMember(tx, projectId, userId);
    if (m.role === role) return;
    if (m.role === "owner" && (await ownerCount(tx, projectId)) <= 1) {
      throw new AppError("PRECONDITION_FAILED", "A project needs at least one owner. Make someone else an owner first.");
    }
    await tx.update(memberships).set({ role }).where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
    await recordAudit(tx, { projectId, userId: actorId, action: "member.role", entity: "membership", entityId: userId, before: { role: m.role }, after: { role } });
  });
  return listMembers(db, projectId);
}

export async function removeMember(db: DbOrTx, actorId: string, projectId: string, userId: string): Promise<Member[]> {
  await db.transaction(async (tx) => {
    await lockOwners(tx, projectId);
    const m = await requireMember(tx, projectId, userId);
    if (m.role === "owner" && (await ownerCount(tx, projectId)) <= 1) {
      throw new AppError("PRECONDITION_FAILED", "The last owner cannot be removed. Make someone else an owner first.");
    }
    await tx.delete(memberships).where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
    await recordAudit(tx, { projectId, userId: actorId, action: "member.remove", entity: "membership", entityId: userId, before: { role: m.role } });
  });
  return listMembers(db, projectId);
}
