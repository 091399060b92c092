import { randomInt } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { analysisRuns, datasetSnapshots, type AnalysisKind } from "@/db/schema";
import packageJson from "@/package.json";
import { AppError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { experimentFilter, parametersByKind } from "./parameters";
import { availableKinds } from "./executor-types";

export interface StartRunInput {
  projectId: string;
  snapshotVersion: number;
  kind: AnalysisKind;
  name?: string;
  filter?: unknown;
  parameters?: unknown;
  seed?: number;
}

const kindNames: Record<AnalysisKind, string> = {
  ale: "ALE",
  ale_contrast: "ALE contrast",
  ale_conjunction: "ALE conjunction",
  sdm: "SDM",
  effects: "Effect-size meta-analysis",
};

/**
 * Records a run against a locked snapshot with validated parameters (defaults filled in) and a
 * seed, in the same transaction as its audit row. The caller enqueues it after commit.
 */
export async function createRun(db: DbOrTx, userId: string, input: StartRunInput) {
  if (!availableKinds.includes(input.kind)) throw new AppError("PRECONDITION_FAILED", `${kindNames[input.kind]} is not available in this version.`);
  const parameters = parametersByKind[input.kind].safeParse(input.parameters ?? {});
  if (!parameters.success) {
    const issue = parameters.error.issues[0];
    throw new AppError("BAD_REQUEST", `Parameter ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const filter = experimentFilter.parse(input.filter ?? {});
  return db.transaction(async (tx) => {
    const [snapshot] = await tx
      .select({ id: datasetSnapshots.id, version: datasetSnapshots.version, sha256: datasetSnapshots.sha256 })
      .from(datasetSnapshots)
      .where(and(eq(datasetSnapshots.projectId, input.projectId), eq(datasetSnapshots.version, input.snapshotVersion)));
    if (!snapshot) throw new AppError("PRECONDITION_FAILED", `There is no locked snapshot version ${input.snapshotVersion}; lock the dataset first.`);
    const seed = input.seed ?? randomInt(1, 2 ** 31 - 1);
    const [run] = await tx
      .insert(analysisRuns)
      .values({
        projectId: input.projectId,
        name: input.name?.trim() || `${kindNames[input.kind]} on snapshot v${snapshot.version}`,
        kind: input.kind,
        snapshotId: snapshot.id,
        snapshotVersion: snapshot.version,
        snapshotSha256: snapshot.sha256,
        filter,
        parameters: parameters.data,
        seed,
        softwareVersion: `concord ${packageJson.version}`,
        createdBy: userId,
      })
      .returning();
    await recordAudit(tx, { projectId: input.projectId, userId, action: "analysis.start", entity: "analysis_run", entityId: run.id, after: { kind: run.kind, snapshotVersion: run.snapshotVersion, parameters: run.parameters, filter, seed } });
    return run;
  });
}

export async function requestCancel(db: DbOrTx, userId: string, projectId: string, runId: string) {
  return db.transaction(async (tx) => {
    const [run] = await tx.select().from(analysisRuns).where(and(eq(analysisRuns.id, runId), eq(analysisRuns.projectId, projectId))).for("update");
    if (!run) throw new AppError("NOT_FOUND", "No such analysis run.");
    if (run.status !== "queued" && run.status !== "running") throw new AppError("PRECONDITION_FAILED", `The run has already ${run.status}.`);
    const now = new Date();
    await tx
      .update(analysisRuns)
      .set(run.status === "queued" ? { cancelRequestedAt: now, status: "cancelled", finishedAt: now, progressMessage: "cancelled" } : { cancelRequestedAt: now, progressMessage: "cancelling…" })
      .where(eq(analysisRuns.id, runId));
    await recordAudit(tx, { projectId, userId, action: "analysis.cancel", entity: "analysis_run", entityId: runId, before: { status: run.status } });
  });
}
