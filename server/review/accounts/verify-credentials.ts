import { and, count, eq, gt, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { loginFailures, users } from "@/db/schema";
import { hashPassword, verifyPassword } from "./passwords";
import { signInSchema } from "./schema";
import type { PublicUser } from "./sign-up";

/** After this many failures within the window, sign-in for that e-mail is refused until the window passes. */
export const maxFailures = 5;
export const failureWindowMs = 15 * 60 * 1000;

export type CredentialCheck =
  | { ok: true; user: PublicUser }
  | { ok: false; reason: "invalid" | "rate_limited"; retryAfterSeconds?: number };

// A hash to verify against when the e-mail is unknown, so timing does not reveal which
// addresses have accounts.
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(crypto.randomUUID()));

export async function verifyCredentials(db: DbOrTx, input: { email: string; password: string }, now = new Date()): Promise<CredentialCheck> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;
  const since = new Date(now.getTime() - failureWindowMs);
  const [{ failures }] = await db
    .select({ failures: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.at, since)));
  if (failures >= maxFailures) return { ok: false, reason: "rate_limited", retryAfterSeconds: failureWindowMs / 1000 };

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const valid = await verifyPassword(user?.passwordHash ?? (await decoy()), password);
  if (!user || !valid) {
    await db.insert(loginFailures).values({ email, at: now });
    return { ok: false, reason: "invalid" };
  }
  // Old failures are no longer needed once the person gets in.
  await db.delete(loginFailures).where(and(eq(loginFailures.email, email), lt(loginFailures.at, now)));
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
