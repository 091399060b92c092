import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { openDatabase, type Db, type OpenDatabase } from "@/db/client";
import * as schema from "@/db/schema";
import { appRouter } from "@/server/routers";
import { createCallerFactory, type SessionUser } from "@/server/trpc";
import { signUp } from "@/server/review/accounts/sign-up";

export interface TestDatabase extends OpenDatabase {
  label: string;
}

/**
 * A fresh, migrated database for one test file: PGlite in memory always, or — when DATABASE_URL
 * points at a PostgreSQL server — a scratch database created on that server and dropped afterwards.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase("memory://");
    return { ...handle, label: "PGlite" };
  }
  const { default: postgres } = await import("postgres");
  const name = `concord_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase(url.toString());
  return {
    ...handle,
    label: "PostgreSQL",
    async close() {
      await handle.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

const createCaller = createCallerFactory(appRouter);

export function callerFor(db: Db, user: SessionUser | null) {
  return createCaller({ db, user });
}

let counter = 0;
/** Creates an account and returns the session user a signed-in caller would have. */
export async function makeUser(db: Db, name = "Reviewer"): Promise<SessionUser> {
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}.${counter}.${randomBytes(3).toString("hex")}@example.org`;
  return signUp(db, { email, name, password: "correct horse battery" });
}

/**
 * A fingerprint of every table's full contents. Refused calls must leave it unchanged.
 * Tables are found from the drizzle schema, so tables added by later stages are covered too.
 */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
  const out: Record<string, string> = {};
  for (const table of tables) {
    const name = getTableName(table);
    const rows = await db.execute(sql.raw(`select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from "${name}" t`));
    const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { f: string }[];
    out[name] = list[0].f;
  }
  return out;
}

/** The tRPC error code a call ends with ("OK" when it succeeds), for authorization tables. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : `non-tRPC error: ${String(error)}`;
  }
}
