import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { auth } from "./auth";
import type { SessionUser } from "./trpc";

/**
 * The signed-in user for this request, re-read from the database so a deleted account's
 * still-valid cookie grants nothing.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const [user] = await (await getDb()).select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, id));
  return user ?? null;
});
