import { customType, index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { projects } from "./projects";
import { datasetSnapshots } from "./snapshots";

export const analysisKinds = ["ale", "ale_contrast", "ale_conjunction", "sdm", "effects"] as const;
export type AnalysisKind = (typeof analysisKinds)[number];
export const analysisKindEnum = pgEnum("analysis_kind", analysisKinds);

export const runStatuses = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof runStatuses)[number];
export const runStatusEnum = pgEnum("analysis_run_status", runStatuses);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/**
 * One analysis of one locked snapshot. Everything needed to reproduce it is stored: the snapshot
 * (version + SHA-256), the experiment filter, the parameters and the seed, and the software version.
 * `heartbeatAt` is refreshed while a worker runs it, so a run whose worker died is noticed and
 * re-queued or failed instead of staying "running" forever.
 */
export const analysisRuns = pgTable(
  "analysis_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: analysisKindEnum("kind").notNull(),
    snapshotId: uuid("snapshot_id").notNull().references(() => datasetSnapshots.id),
    snapshotVersion: integer("snapshot_version").notNull(),
    snapshotSha256: text("snapshot_sha256").notNull(),
    filter: jsonb("filter").$type<Record<string, unknown>>().notNull().default({}),
    parameters: jsonb("parameters").$type<Record<string, unknown>>().notNull().default({}),
    seed: integer("seed").notNull(),
    softwareVersion: text("software_version").notNull(),
    status: runStatusEnum("status").notNull().default("queued"),
    progress: real("progress").notNull().default(0),
    progressMessage: text("progress_message").notNull().default(""),
    etaSeconds: real("eta_seconds"),
    attempts: integer("attempts").notNull().default(0),
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    error: text("error"),
    timings: jsonb("timings").$type<Record<string, number>>().notNull().default({}),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull().default({}),
    workerId: text("worker_id"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    createdBy: uuid("created_by").notNull().references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("analysis_runs_project_idx").on(t.projectId, t.createdAt), index("analysis_runs_status_idx").on(t.status)],
);

/** What a run produced: tables and plot data as JSON, maps and images as bytes. */
export const analysisOutputs = pgTable(
  "analysis_outputs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    runId: uuid("run_id").notNull().references(() => analysisRuns.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    contentType: text("content_type").notNull(),
    json: jsonb("json"),
    bytes: bytea("bytes"),
    sizeBytes: integer("size_bytes").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("analysis_outputs_run_name_uq").on(t.runId, t.name)],
);
