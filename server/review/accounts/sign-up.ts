import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "./passwords";
import { signUpSchema, type SignUpInput } from "./schema";

export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

/** Creates an account. E-mail addresses are unique regardless of case. */
export async function signUp(db: DbOrTx, input: SignUpInput): Promise<PublicUser> {
  const data = signUpSchema.parse(input);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, data.email));
  if (existing) throw new AppError("CONFLICT", "An account with this e-mail already exists. Sign in instead.");
  const passwordHash = await hashPassword(data.password);
  const [user] = await db
    .insert(users)
    .values({ email: data.email, name: data.name, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email, name: users.name });
  if (!user) throw new AppError("CONFLICT", "An account with this e-mail already exists. Sign in instead.");
  await recordAudit(db, { projectId: null, userId: user.id, action: "account.create", entity: "user", entityId: user.id, after: { email: user.email, name: user.name } });
  return user;
}
