import PgBoss from "pg-boss";
import type { OpenDatabase } from "@/db/client";

/** The durable queue of analysis runs (pg-boss on the project's own PostgreSQL or PGlite). */
export const analysisQueue = "analysis-run";

export interface AnalysisJob {
  runId: string;
}

/**
 * pg-boss talks to PostgreSQL through `pg`; for embedded PGlite it gets an adapter. PGlite's
 * `query` takes one statement with parameters and `exec` a parameterless script, and pg-boss
 * sends both kinds (its schema migrations are multi-statement scripts).
 */
function pgliteAdapter(client: import("@electric-sql/pglite").PGlite): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length) return client.query(text, values);
      const results = await client.exec(text);
      return { rows: results.length ? results[results.length - 1].rows : [] };
    },
  };
}

const bosses = new WeakMap<OpenDatabase, Promise<PgBoss>>();

/** Starts (once per database handle) pg-boss and makes sure the analysis queue exists. */
export function getQueue(handle: OpenDatabase): Promise<PgBoss> {
  let boss = bosses.get(handle);
  if (!boss) {
    boss = startBoss(handle);
    bosses.set(handle, boss);
  }
  return boss;
}

async function startBoss(handle: OpenDatabase): Promise<PgBoss> {
  const common = { schema: "pgboss", monitorStateIntervalSeconds: 60, maintenanceIntervalSeconds: 120 } as const;
  const boss =
    handle.raw.kind === "pglite"
      ? new PgBoss({ ...common, db: pgliteAdapter(handle.raw.client) })
      : new PgBoss({ ...common, connectionString: handle.url, max: 4 });
  boss.on("error", (error) => console.error("job queue:", error));
  await boss.start();
  await boss.createQueue(analysisQueue, {
    name: analysisQueue,
    // A run that outlives this is failed by pg-boss; our own heartbeat sweeper usually acts first.
    expireInHours: 12,
    retryLimit: 2,
    retryDelay: 5,
  });
  return boss;
}

export async function stopQueue(handle: OpenDatabase): Promise<void> {
  const boss = bosses.get(handle);
  if (!boss) return;
  bosses.delete(handle);
  await (await boss).stop({ graceful: true, wait: true, timeout: 10_000 });
}

/** The JobQueue the tRPC context offers, backed by pg-boss on this database. */
export function jobQueueFor(handle: OpenDatabase) {
  return {
    async enqueueAnalysis(runId: string) {
      const boss = await getQueue(handle);
      await boss.send(analysisQueue, { runId } satisfies AnalysisJob);
    },
  };
}
