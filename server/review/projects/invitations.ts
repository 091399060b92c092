import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { invitations, memberships, projects, users, type Role } from "@/db/schema";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { inviteSchema } from "./schema";

export const invitationLifetimeMs = 14 * 24 * 3600 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface CreatedInvitation {
  id: string;
  email: string;
  role: Role;
  /** The secret part of the link; shown once to the owner, never stored. */
  token: string;
  expiresAt: Date;
}

/** Creates a one-time invitation; the owner passes the link on (no mail server needed). */
export async function createInvitation(db: DbOrTx, actorId: string, projectId: string, input: { email: string; role: Role }): Promise<CreatedInvitation> {
  const { email, role } = inviteSchema.parse(input);
  return db.transaction(async (tx) => {
    const [alreadyMember] = await tx
      .select({ id: users.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.projectId, projectId), eq(users.email, email)));
    if (alreadyMember) throw new AppError("CONFLICT", `${email} is already a member of this project.`);
    const token = randomBytes(24).toString("base64url");
    const expiresAt = new Date(Date.now() + invitationLifetimeMs);
    const [row] = await tx
      .insert(invitations)
      .values({ projectId, email, role, tokenHash: hashToken(token), invitedBy: actorId, expiresAt })
      .returning({ id: invitations.id });
    await recordAudit(tx, { projectId, userId: actorId, action: "invitation.create", entity: "invitation", entityId: row.id, after: { email, role } });
    return { id: row.id, email, role, token, expiresAt };
  });
}

export async function listInvitations(db: DbOrTx, projectId: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .where(eq(invitations.projectId, projectId))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(db: DbOrTx, actorId: string, projectId: string, invitationId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, invitationId), eq(invitations.projectId, projectId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id, email: invitations.email });
    if (!row) throw new AppError("NOT_FOUND", "No open invitation with that id.");
    await recordAudit(tx, { projectId, userId: actorId, action: "invitation.revoke", entity: "invitation", entityId: row.id, before: { email: row.email } });
  });
}

export interface InvitationPreview {
  projectTitle: string;
  email: string;
  role: Role;
  status: "open" | "accepted" | "revoked" | "expired";
}

async function findByToken(db: DbOrTx, token: string) {
  const [row] = await db
    .select({ inv: invitations, projectTitle: projects.title })
    .from(invitations)
    .innerJoin(projects, eq(projects.id, invitations.projectId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  return row;
}

function statusOf(inv: typeof invitations.$inferSelect, now: Date): InvitationPreview["status"] {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  if (inv.expiresAt < now) return "expired";
  return "open";
}

/** What the invitee sees before accepting (project title and role); null for an unknown token. */
export async function previewInvitation(db: DbOrTx, token: string): Promise<InvitationPreview | null> {
  const row = await findByToken(db, token);
  if (!row) return null;
  return { projectTitle: row.projectTitle, email: row.inv.email, role: row.inv.role, status: statusOf(row.inv, new Date()) };
}

/**
 * Joins the signed-in user to the project. The link works once; whoever holds it may accept with
 * any account (the owner shared it deliberately), and the audit log records who did.
 */
export async function acceptInvitation(db: DbOrTx, userId: string, token: string): Promise<{ projectId: string }> {
  return db.transaction(async (tx) => {
    const row = await findByToken(tx, token);
    if (!row) throw new AppError("NOT_FOUND", "This invitation link is not valid.");
    const [locked] = await tx.select().from(invitations).where(eq(invitations.id, row.inv.id)).for("update");
    const status = statusOf(locked, new Date());
    if (status !== "open") throw new AppError("PRECONDITION_FAILED", status === "expired" ? "This invitation has expired; ask the owner for a new link." : `This invitation has already been ${status}; ask the owner for a new link.`);
    const projectId = locked.projectId;
    const [existing] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
    if (!existing) await tx.insert(memberships).values({ projectId, userId, role: locked.role });
    await tx.update(invitations).set({ acceptedAt: new Date(), acceptedBy: userId }).where(eq(invitations.id, locked.id));
    await recordAudit(tx, {
      projectId,
      userId,
      action: "invitation.accept",
      entity: "membership",
      entityId: userId,
      after: { role: existing?.role ?? locked.role, invitedEmail: locked.email },
    });
    return { projectId };
  });
}
