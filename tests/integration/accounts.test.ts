import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { maxFailures, verifyCredentials } from "@/server/review/accounts/verify-credentials";
import { callerFor, openTestDatabase, type TestDatabase } from "./harness";

describe("accounts: sign-up, password check and rate limiting", () => {
  let handle: TestDatabase;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle?.close());

  it("stores an argon2id hash, never the password, and refuses a second account for the same e-mail", async () => {
    const user = await callerFor(handle.db, null).accounts.signUp({ email: "  Ana@Example.org ", name: "Ana", password: "s3cret-enough" });
    expect(user.email).toBe("ana@example.org");
    const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("s3cret-enough");
    await expect(callerFor(handle.db, null).accounts.signUp({ email: "ana@example.org", name: "Ana 2", password: "another-password" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(callerFor(handle.db, null).accounts.signUp({ email: "bad", name: "X", password: "s3cret-enough" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(handle.db, null).accounts.signUp({ email: "b@example.org", name: "X", password: "short" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("accepts the right password, rejects a wrong one, and rate-limits after repeated failures", async () => {
    await callerFor(handle.db, null).accounts.signUp({ email: "ben@example.org", name: "Ben", password: "right-password" });
    expect(await verifyCredentials(handle.db, { email: "BEN@example.org", password: "right-password" })).toMatchObject({ ok: true });
    expect(await verifyCredentials(handle.db, { email: "ben@example.org", password: "wrong" })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials(handle.db, { email: "nobody@example.org", password: "wrong" })).toEqual({ ok: false, reason: "invalid" });
    for (let i = 1; i < maxFailures; i++) await verifyCredentials(handle.db, { email: "ben@example.org", password: `wrong-${i}` });
    // now even the right password is refused until the window passes
    expect(await verifyCredentials(handle.db, { email: "ben@example.org", password: "right-password" })).toMatchObject({ ok: false, reason: "rate_limited" });
    const later = new Date(Date.now() + 16 * 60 * 1000);
    expect(await verifyCredentials(handle.db, { email: "ben@example.org", password: "right-password" }, later)).toMatchObject({ ok: true });
  });
});
