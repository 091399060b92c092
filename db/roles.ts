// Plain constants (no drizzle import) so client components can use them too.
export const roles = ["viewer", "reviewer", "adjudicator", "owner"] as const;
export type Role = (typeof roles)[number];
