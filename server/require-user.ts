import "server-only";
import { redirect } from "next/navigation";
import { currentUser } from "./session";
import type { SessionUser } from "./trpc";

/** For pages: the signed-in user, or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent(returnTo)}`);
  return user;
}
