import type { Role } from "@/db/roles";

// Roles form a ladder: each can do what the ones below can. An adjudicator screens like a
// reviewer and also settles conflicts; the owner manages the project.
const rank: Record<Role, number> = { viewer: 0, reviewer: 1, adjudicator: 2, owner: 3 };

export function roleAtLeast(role: Role, minRole: Role): boolean {
  return rank[role] >= rank[minRole];
}

export const roleDescriptions: Record<Role, string> = {
  owner: "manages the project, members, settings and the lock",
  adjudicator: "screens and extracts, and resolves conflicts",
  reviewer: "screens records and extracts data",
  viewer: "reads everything, changes nothing",
};
