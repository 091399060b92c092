import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { datasetSnapshots, projects, snapshotUnlocks } from "@/db/schema";
import { AppError } from "../errors";

/** Whether the project's dataset is locked, and the newest snapshot version (0 = none yet). */
export interface LockState {
  locked: boolean;
  latestVersion: number;
}

/** The lock is on while the newest snapshot has no unlock record. */
export async function getLockState(db: DbOrTx, projectId: string): Promise<LockState> {
  const [latest] = await db
    .select({ version: datasetSnapshots.version })
    .from(datasetSnapshots)
    .where(eq(datasetSnapshots.projectId, projectId))
    .orderBy(desc(datasetSnapshots.version))
    .limit(1);
  if (!latest) return { locked: false, latestVersion: 0 };
  const [unlock] = await db
    .select({ id: snapshotUnlocks.id })
    .from(snapshotUnlocks)
    .where(and(eq(snapshotUnlocks.projectId, projectId), eq(snapshotUnlocks.version, latest.version)));
  return { locked: !unlock, latestVersion: latest.version };
}

/**
 * Every write to studies, extraction and quality calls this first (inside its transaction):
 * locked data can only change after an explicit unlock.
 */
export async function assertUnlocked(db: DbOrTx, projectId: string): Promise<void> {
  // FOR SHARE on the project row: a concurrent lock (FOR UPDATE) waits for this write, or this write waits for the lock.
  await db.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("share");
  const state = await getLockState(db, projectId);
  if (state.locked) {
    throw new AppError("PRECONDITION_FAILED", `The dataset is locked (snapshot v${state.latestVersion}). An owner must unlock it before anything changes.`);
  }
}
