import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { analysisOutputs, analysisRuns, users, type AnalysisKind, type RunStatus } from "@/db/schema";
import { AppError } from "../errors";

/**
 * JSON outputs larger than this are listed for download but not sent with the page data (e.g.
 * the 10,000-iteration Monte Carlo null), so the results page stays fast.
 */
export const INLINE_JSON_LIMIT_BYTES = 256 * 1024;

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The facts of a run shown on its results page (no worker internals). */
export interface RunFacts {
  id: string;
  projectId: string;
  name: string;
  kind: AnalysisKind;
  status: RunStatus;
  progress: number;
  progressMessage: string;
  etaSeconds: number | null;
  error: string | null;
  snapshotVersion: number;
  snapshotSha256: string;
  filter: Record<string, unknown>;
  parameters: Record<string, unknown>;
  seed: number;
  softwareVersion: string;
  timings: Record<string, number>;
  summary: Record<string, unknown>;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdByName: string | null;
}

/** One stored output as listed for downloads. */
export interface OutputListing {
  name: string;
  contentType: string;
  sizeBytes: number;
  /** "json" outputs live in the json column, "file" outputs are bytes. */
  storage: "json" | "file";
}

/** Everything the results page needs in one round trip. */
export interface RunResults {
  run: RunFacts;
  outputs: OutputListing[];
  /** JSON outputs by name, those up to `INLINE_JSON_LIMIT_BYTES`. */
  json: Record<string, unknown>;
}

const runColumns = {
  id: analysisRuns.id,
  projectId: analysisRuns.projectId,
  name: analysisRuns.name,
  kind: analysisRuns.kind,
  status: analysisRuns.status,
  progress: analysisRuns.progress,
  progressMessage: analysisRuns.progressMessage,
  etaSeconds: analysisRuns.etaSeconds,
  error: analysisRuns.error,
  snapshotVersion: analysisRuns.snapshotVersion,
  snapshotSha256: analysisRuns.snapshotSha256,
  filter: analysisRuns.filter,
  parameters: analysisRuns.parameters,
  seed: analysisRuns.seed,
  softwareVersion: analysisRuns.softwareVersion,
  timings: analysisRuns.timings,
  summary: analysisRuns.summary,
  createdAt: analysisRuns.createdAt,
  startedAt: analysisRuns.startedAt,
  finishedAt: analysisRuns.finishedAt,
  createdByName: users.name,
};

/** The run's facts, or NOT_FOUND when it does not exist in this project (ids cannot be probed). */
export async function getRunFacts(db: DbOrTx, projectId: string, runId: string): Promise<RunFacts> {
  if (!uuidShape.test(runId)) throw new AppError("NOT_FOUND", "No such analysis run.");
  const [run] = await db
    .select(runColumns)
    .from(analysisRuns)
    .leftJoin(users, eq(users.id, analysisRuns.createdBy))
    .where(and(eq(analysisRuns.id, runId), eq(analysisRuns.projectId, projectId)));
  if (!run) throw new AppError("NOT_FOUND", "No such analysis run.");
  return run;
}

/** The outputs of a run (names, types, sizes), in name order, without their contents. */
export async function listRunOutputs(db: DbOrTx, runId: string): Promise<OutputListing[]> {
  const rows = await db
    .select({
      name: analysisOutputs.name,
      contentType: analysisOutputs.contentType,
      sizeBytes: analysisOutputs.sizeBytes,
      hasBytes: sql<boolean>`${analysisOutputs.bytes} is not null`,
    })
    .from(analysisOutputs)
    .where(eq(analysisOutputs.runId, runId))
    .orderBy(asc(analysisOutputs.name));
  return rows.map((r) => ({ name: r.name, contentType: r.contentType, sizeBytes: r.sizeBytes, storage: r.hasBytes ? "file" : "json" }));
}

/**
 * The run row, its output list and its (small) JSON outputs. Map bytes are not read here: the
 * viewer fetches the one map it shows through the download route.
 */
export async function getRunResults(db: DbOrTx, projectId: string, runId: string): Promise<RunResults> {
  const run = await getRunFacts(db, projectId, runId);
  const outputs = await listRunOutputs(db, runId);
  const inline = outputs.filter((o) => o.storage === "json" && o.sizeBytes <= INLINE_JSON_LIMIT_BYTES).map((o) => o.name);
  const json: Record<string, unknown> = {};
  if (inline.length) {
    const rows = await db
      .select({ name: analysisOutputs.name, json: analysisOutputs.json })
      .from(analysisOutputs)
      .where(and(eq(analysisOutputs.runId, runId), sql`${analysisOutputs.name} in (${sql.join(inline.map((n) => sql`${n}`), sql`, `)})`));
    for (const r of rows) json[r.name] = r.json;
  }
  return { run, outputs, json };
}

/** One output with its contents, for the download route. */
export interface OutputContent {
  run: { name: string; kind: AnalysisKind };
  name: string;
  contentType: string;
  body: Uint8Array;
}

/** The contents of one output of a run of this project; JSON outputs are serialised. */
export async function getRunOutput(db: DbOrTx, projectId: string, runId: string, name: string): Promise<OutputContent> {
  const run = await getRunFacts(db, projectId, runId);
  const [row] = await db
    .select({ contentType: analysisOutputs.contentType, json: analysisOutputs.json, bytes: analysisOutputs.bytes })
    .from(analysisOutputs)
    .where(and(eq(analysisOutputs.runId, runId), eq(analysisOutputs.name, name)));
  if (!row) throw new AppError("NOT_FOUND", `The run has no output named "${name}".`);
  const body = row.bytes ? new Uint8Array(row.bytes) : new TextEncoder().encode(`${JSON.stringify(row.json, null, 1)}\n`);
  return { run: { name: run.name, kind: run.kind }, name, contentType: row.contentType, body };
}
