import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { datasetSnapshots, projects, snapshotUnlocks, users } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { canonicalJson, sha256Hex } from "./canonical-json";
import { buildDataset, checkReadiness, type SnapshotDataset } from "./dataset";
import { getLockState } from "./lock-state";

export interface SnapshotInfo {
  version: number;
  sha256: string;
  studyCount: number;
  experimentCount: number;
  fociCount: number;
  lockedAt: Date;
  lockedBy: string;
  unlocked: { at: Date; by: string; reason: string } | null;
}

/** Every snapshot, newest first, with its unlock (if any). */
export async function listSnapshots(db: DbOrTx, projectId: string): Promise<SnapshotInfo[]> {
  const rows = await db
    .select({ version: datasetSnapshots.version, sha256: datasetSnapshots.sha256, studyCount: datasetSnapshots.studyCount, experimentCount: datasetSnapshots.experimentCount, fociCount: datasetSnapshots.fociCount, lockedAt: datasetSnapshots.lockedAt, lockedBy: users.name })
    .from(datasetSnapshots)
    .innerJoin(users, eq(users.id, datasetSnapshots.lockedBy))
    .where(eq(datasetSnapshots.projectId, projectId))
    .orderBy(desc(datasetSnapshots.version));
  const unlocks = await db.select({ version: snapshotUnlocks.version, at: snapshotUnlocks.unlockedAt, reason: snapshotUnlocks.reason, by: users.name }).from(snapshotUnlocks).innerJoin(users, eq(users.id, snapshotUnlocks.unlockedBy)).where(eq(snapshotUnlocks.projectId, projectId));
  return rows.map((r) => {
    const u = unlocks.find((x) => x.version === r.version);
    return { ...r, unlocked: u ? { at: u.at, by: u.by, reason: u.reason } : null };
  });
}

/** Lock state, readiness and the snapshot history for the lock page. */
export async function getLockOverview(db: DbOrTx, projectId: string) {
  const [state, readiness, snapshots] = await Promise.all([getLockState(db, projectId), checkReadiness(db, projectId), listSnapshots(db, projectId)]);
  return { ...state, readiness, snapshots };
}

async function lockProjectRow(tx: DbOrTx, projectId: string) {
  // FOR UPDATE on the project row: writes hold FOR SHARE (assertUnlocked), so none runs during the lock.
  const [p] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("update");
  if (!p) throw new AppError("NOT_FOUND", "Project not found.");
}

/** Owner: freezes the dataset as the next snapshot version (when every study is ready). */
export async function lockDataset(db: DbOrTx, userId: string, projectId: string) {
  return db.transaction(async (tx) => {
    await lockProjectRow(tx, projectId);
    const state = await getLockState(tx, projectId);
    if (state.locked) throw new AppError("CONFLICT", `Already locked as v${state.latestVersion}.`);
    const readiness = await checkReadiness(tx, projectId);
    if (!readiness.ready) throw new AppError("PRECONDITION_FAILED", `Not ready to lock: ${readiness.problems.slice(0, 5).join(" ")}${readiness.problems.length > 5 ? " …" : ""}`, { problems: readiness.problems });
    const version = state.latestVersion + 1;
    const dataset = await buildDataset(tx, projectId, version);
    const text = canonicalJson(dataset);
    const sha256 = sha256Hex(text);
    const experimentCount = dataset.studies.reduce((n, s) => n + s.experiments.length, 0);
    const fociCount = dataset.studies.reduce((n, s) => n + s.experiments.reduce((m, e) => m + e.foci.length, 0), 0);
    await tx.insert(datasetSnapshots).values({ projectId, version, sha256, canonicalJson: text, studyCount: dataset.studies.length, experimentCount, fociCount, lockedBy: userId });
    await recordAudit(tx, { projectId, userId, action: "dataset.lock", entity: "dataset_snapshot", entityId: String(version), after: { version, sha256, studies: dataset.studies.length, experiments: experimentCount, foci: fociCount } });
    return { version, sha256, studyCount: dataset.studies.length, experimentCount, fociCount };
  });
}

/** Owner: unlocks the newest snapshot so data can change; the next lock writes the next version. */
export async function unlockDataset(db: DbOrTx, userId: string, projectId: string, reason: string) {
  const why = reason.trim();
  if (why.length < 3) throw new AppError("BAD_REQUEST", "Say why the dataset is unlocked (it is kept in the audit log).");
  return db.transaction(async (tx) => {
    await lockProjectRow(tx, projectId);
    const state = await getLockState(tx, projectId);
    if (!state.locked) throw new AppError("CONFLICT", "The dataset is not locked.");
    await tx.insert(snapshotUnlocks).values({ projectId, version: state.latestVersion, reason: why, unlockedBy: userId });
    await recordAudit(tx, { projectId, userId, action: "dataset.unlock", entity: "dataset_snapshot", entityId: String(state.latestVersion), after: { version: state.latestVersion, reason: why, nextVersion: state.latestVersion + 1 } });
    return { unlockedVersion: state.latestVersion, nextVersion: state.latestVersion + 1 };
  });
}

export interface LoadedSnapshot {
  version: number;
  sha256: string;
  lockedAt: Date;
  dataset: SnapshotDataset;
}

/**
 * A stored snapshot, parsed. The hash is recomputed on every read, so a snapshot altered
 * behind the trigger's back is refused rather than analysed.
 */
export async function getSnapshot(db: DbOrTx, projectId: string, version: number): Promise<LoadedSnapshot> {
  const [row] = await db.select().from(datasetSnapshots).where(and(eq(datasetSnapshots.projectId, projectId), eq(datasetSnapshots.version, version)));
  if (!row) throw new AppError("NOT_FOUND", `Snapshot v${version} not found.`);
  if (sha256Hex(row.canonicalJson) !== row.sha256) throw new AppError("CONFLICT", `Snapshot v${version} does not match its SHA-256; refusing to use it.`);
  return { version: row.version, sha256: row.sha256, lockedAt: row.lockedAt, dataset: JSON.parse(row.canonicalJson) as SnapshotDataset };
}

/** The newest snapshot's version, or null when the project was never locked. */
export async function latestSnapshotVersion(db: DbOrTx, projectId: string): Promise<number | null> {
  const state = await getLockState(db, projectId);
  return state.latestVersion || null;
}
