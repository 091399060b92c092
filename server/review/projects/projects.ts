import { and, asc, count, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, projects, type Role } from "@/db/schema";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { projectFieldsSchema, type ProjectFields } from "./schema";

export type Project = typeof projects.$inferSelect;

/** Creates a project with its creator as owner, in one transaction. */
export async function createProject(db: DbOrTx, userId: string, fields: ProjectFields): Promise<Project> {
  const data = projectFieldsSchema.parse(fields);
  return db.transaction(async (tx) => {
    const [project] = await tx
      .insert(projects)
      .values({ ...data, registrationId: data.registrationId ?? null, createdBy: userId })
      .returning();
    await tx.insert(memberships).values({ projectId: project.id, userId, role: "owner" });
    await recordAudit(tx, { projectId: project.id, userId, action: "project.create", entity: "project", entityId: project.id, after: data });
    return project;
  });
}

export async function updateProject(db: DbOrTx, userId: string, projectId: string, fields: ProjectFields): Promise<Project> {
  const data = projectFieldsSchema.parse(fields);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(projects).where(eq(projects.id, projectId));
    if (!before) throw new AppError("NOT_FOUND", "Project not found.");
    const [after] = await tx
      .update(projects)
      .set({ ...data, registrationId: data.registrationId ?? null, updatedAt: new Date() })
      .where(eq(projects.id, projectId))
      .returning();
    await recordAudit(tx, {
      projectId,
      userId,
      action: "project.update",
      entity: "project",
      entityId: projectId,
      before: pickFields(before),
      after: pickFields(after),
    });
    return after;
  });
}

function pickFields(p: Project) {
  return { title: p.title, reviewQuestion: p.reviewQuestion, registrationId: p.registrationId, description: p.description };
}

export interface ProjectSummary {
  id: string;
  title: string;
  reviewQuestion: string;
  role: Role;
  memberCount: number;
  updatedAt: Date;
}

/** The projects the user belongs to, most recently changed first. */
export async function listProjects(db: DbOrTx, userId: string): Promise<ProjectSummary[]> {
  const mine = await db
    .select({
      id: projects.id,
      title: projects.title,
      reviewQuestion: projects.reviewQuestion,
      role: memberships.role,
      updatedAt: projects.updatedAt,
    })
    .from(memberships)
    .innerJoin(projects, eq(projects.id, memberships.projectId))
    .where(eq(memberships.userId, userId))
    .orderBy(desc(projects.updatedAt), asc(projects.title));
  const counts = await db
    .select({ projectId: memberships.projectId, n: count() })
    .from(memberships)
    .groupBy(memberships.projectId);
  const byProject = new Map(counts.map((c) => [c.projectId, c.n]));
  return mine.map((p) => ({ ...p, memberCount: byProject.get(p.id) ?? 1 }));
}

export async function getProject(db: DbOrTx, projectId: string): Promise<Project> {
  const [project] = await db.select().from(projects).where(eq(projects.id, projectId));
  if (!project) throw new AppError("NOT_FOUND", "Project not found.");
  return project;
}

export async function getMembershipRole(db: DbOrTx, projectId: string, userId: string): Promise<Role | null> {
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, userId)));
  return m?.role ?? null;
}
