import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getMembershipRole, getProject } from "@/server/review/projects/projects";
import { requireUser } from "./require-user";

/**
 * For project pages: the project and the caller's role, or a 404 for non-members (the same
 * answer as for a project that does not exist, as in the API).
 */
export const requireProjectAccess = cache(async (projectId: string) => {
  const user = await requireUser(`/projects/${projectId}`);
  if (!/^[0-9a-f-]{36}$/i.test(projectId)) notFound();
  const db = await getDb();
  const role = await getMembershipRole(db, projectId, user.id);
  if (!role) notFound();
  const project = await getProject(db, projectId);
  return { user, role, project };
});
