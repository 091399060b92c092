import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { analysisRuns, datasetSnapshots, users } from "@/db/schema";
import { AppError } from "../errors";
import type { SnapshotDataset } from "../snapshot/dataset";

const runColumns = {
  id: analysisRuns.id,
  name: analysisRuns.name,
  kind: analysisRuns.kind,
  snapshotVersion: analysisRuns.snapshotVersion,
  snapshotSha256: analysisRuns.snapshotSha256,
  filter: analysisRuns.filter,
  parameters: analysisRuns.parameters,
  seed: analysisRuns.seed,
  softwareVersion: analysisRuns.softwareVersion,
  status: analysisRuns.status,
  progress: analysisRuns.progress,
  progressMessage: analysisRuns.progressMessage,
  etaSeconds: analysisRuns.etaSeconds,
  attempts: analysisRuns.attempts,
  error: analysisRuns.error,
  summary: analysisRuns.summary,
  timings: analysisRuns.timings,
  createdAt: analysisRuns.createdAt,
  startedAt: analysisRuns.startedAt,
  finishedAt: analysisRuns.finishedAt,
  createdByName: users.name,
};

export async function listRuns(db: DbOrTx, projectId: string) {
  return db.select(runColumns).from(analysisRuns).innerJoin(users, eq(users.id, analysisRuns.createdBy)).where(eq(analysisRuns.projectId, projectId)).orderBy(desc(analysisRuns.createdAt));
}

export async function getRun(db: DbOrTx, projectId: string, runId: string) {
  const [run] = await db
    .select(runColumns)
    .from(analysisRuns)
    .innerJoin(users, eq(users.id, analysisRuns.createdBy))
    .where(and(eq(analysisRuns.projectId, projectId), eq(analysisRuns.id, runId)));
  if (!run) throw new AppError("NOT_FOUND", "No such analysis run.");
  return run;
}

/** Locked snapshot versions the analyses can use, newest first. */
export async function listSnapshotsForAnalysis(db: DbOrTx, projectId: string) {
  return db
    .select({
      version: datasetSnapshots.version,
      sha256: datasetSnapshots.sha256,
      studyCount: datasetSnapshots.studyCount,
      experimentCount: datasetSnapshots.experimentCount,
      fociCount: datasetSnapshots.fociCount,
      lockedAt: datasetSnapshots.lockedAt,
    })
    .from(datasetSnapshots)
    .where(eq(datasetSnapshots.projectId, projectId))
    .orderBy(desc(datasetSnapshots.version));
}

/** What the start form can filter on in one snapshot: modalities, subgroups, outcomes, moderators. */
export async function snapshotFacets(db: DbOrTx, projectId: string, version: number) {
  const [row] = await db
    .select({ json: datasetSnapshots.canonicalJson })
    .from(datasetSnapshots)
    .where(and(eq(datasetSnapshots.projectId, projectId), eq(datasetSnapshots.version, version)));
  if (!row) throw new AppError("NOT_FOUND", `No snapshot version ${version}.`);
  const snapshot = JSON.parse(row.json) as SnapshotDataset;
  const experiments = snapshot.studies.flatMap((s) => s.experiments);
  const distinct = (xs: string[]) => [...new Set(xs.filter(Boolean))].sort();
  return {
    modalities: distinct(experiments.map((e) => e.modality)),
    subgroups: distinct(experiments.map((e) => e.subgroup)),
    outcomes: distinct(experiments.flatMap((e) => e.outcomes.map((o) => o.outcome))),
    moderators: distinct(experiments.flatMap((e) => Object.keys(e.moderators))),
    experimentsWithFoci: experiments.filter((e) => e.foci.length > 0).length,
    experimentsWithOutcomes: experiments.filter((e) => e.outcomes.length > 0).length,
  };
}
