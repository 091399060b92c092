import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The drizzle handle every service takes: the same type for PGlite and PostgreSQL. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Services accept either the database or an open transaction, so callers can compose them. */
export type DbOrTx = Db | Tx;

export type DatabaseMode = "embedded" | "postgres";

export interface OpenDatabase {
  db: Db;
  mode: DatabaseMode;
  /** The URL it was opened with (for pg-boss, which opens its own PostgreSQL connections). */
  url: string;
  /** The underlying client, for pg-boss and for closing. */
  raw: { kind: "pglite"; client: import("@electric-sql/pglite").PGlite } | { kind: "postgres"; client: import("postgres").Sql };
  close(): Promise<void>;
}

const migrationsFolder = () => path.join(/*turbopackIgnore: true*/ process.cwd(), "drizzle");

/** Where the embedded database keeps its files: CONCORD_DATA_DIR (default `.data`) + `/pglite`. */
export function embeddedDataDir(): string {
  return path.join(path.resolve(/*turbopackIgnore: true*/ process.env.CONCORD_DATA_DIR ?? ".data"), "pglite");
}

/**
 * Opens the database named by `url` and applies the committed migrations in `drizzle/`.
 * `postgres://…` uses the postgres driver; `pglite:<dir>` or `memory://` uses embedded PGlite.
 */
export async function openDatabase(url: string): Promise<OpenDatabase> {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  return openPglite(url);
}

async function openPostgres(url: string): Promise<OpenDatabase> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: Number(process.env.CONCORD_DB_POOL ?? 10), onnotice: () => {} });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return {
    db: db as unknown as Db,
    mode: "postgres",
    url,
    raw: { kind: "postgres", client },
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * The embedded database's buffer cache. PostgreSQL's default (128 MB) lives in this process's
 * WebAssembly memory, which never shrinks; with 64 MB a 50,000-record import peaks ~80 MB lower and
 * is as fast, and the records table's queries at that size are unchanged (bench/import.bench.ts).
 * 32 MB was slower on sorted pages and peaked higher while they ran.
 */
const EMBEDDED_SHARED_BUFFERS = "64MB";

async function openPglite(url: string): Promise<OpenDatabase> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const dataDir = url.startsWith("pglite:") ? url.slice("pglite:".length) : url;
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = new PGlite(dataDir, { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`] });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return {
    db: db as unknown as Db,
    mode: "embedded",
    url,
    raw: { kind: "pglite", client },
    close: () => client.close(),
  };
}

/**
 * The driver client behind a drizzle handle or transaction: PGlite's (in this thread) or the
 * postgres driver's. For the few statements drizzle cannot express, such as COPY.
 */
export function driverClientOf(db: DbOrTx): { kind: "pglite"; client: unknown } | { kind: "postgres"; client: import("postgres").Sql } {
  const client = (db._.session as unknown as { client: { unsafe?: unknown } }).client;
  return typeof client.unsafe === "function" ? { kind: "postgres", client: client as import("postgres").Sql } : { kind: "pglite", client };
}

/** The URL the app uses: DATABASE_URL when set, otherwise the embedded file-backed PGlite. */
export function appDatabaseUrl(): string {
  return process.env.DATABASE_URL || `pglite:${embeddedDataDir()}`;
}

// PGlite allows exactly one opener per data directory, and Next bundles routes and
// instrumentation as separate module graphs, so the app's handle lives on globalThis.
const globalKey = Symbol.for("concord.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<OpenDatabase> };

/** The app's shared database, opened (and migrated) once per process. */
export function getDatabase(): Promise<OpenDatabase> {
  const g = globalThis as GlobalWithDb;
  g[globalKey] ??= openDatabase(appDatabaseUrl()).catch((error) => {
    delete g[globalKey];
    throw error;
  });
  return g[globalKey]!;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
