import "server-only";
import { getDb } from "@/db/client";
import type { Role } from "@/db/roles";
import { getMembershipRole } from "@/server/review/projects/projects";
import { roleAtLeast } from "@/server/review/projects/roles";
import { currentUser } from "./session";

/**
 * For file downloads served by route handlers: the database when the signed-in caller is a member
 * with at least `minRole`, otherwise null (answer 404, as the API does for non-members).
 */
export async function downloadAccess(projectId: string, minRole: Role = "viewer") {
  const user = await currentUser();
  if (!user || !/^[0-9a-f-]{36}$/i.test(projectId)) return null;
  const db = await getDb();
  const role = await getMembershipRole(db, projectId, user.id);
  if (!role || !roleAtLeast(role, minRole)) return null;
  return { db, user, role };
}
