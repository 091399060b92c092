import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { projects } from "./projects";

/**
 * A locked dataset: canonical JSON with its SHA-256. Rows are immutable — a database trigger
 * (custom migration `snapshot_immutable`) rejects UPDATE and DELETE while the project exists.
 */
export const datasetSnapshots = pgTable(
  "dataset_snapshots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    sha256: text("sha256").notNull(),
    canonicalJson: text("canonical_json").notNull(),
    studyCount: integer("study_count").notNull(),
    experimentCount: integer("experiment_count").notNull(),
    fociCount: integer("foci_count").notNull(),
    lockedBy: uuid("locked_by").notNull().references(() => users.id),
    lockedAt: timestamp("locked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("dataset_snapshots_version_uq").on(t.projectId, t.version), index("dataset_snapshots_project_idx").on(t.projectId)],
);

/** An explicit unlock of a snapshot version (the dataset is locked while its newest version has none). */
export const snapshotUnlocks = pgTable(
  "snapshot_unlocks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    reason: text("reason").notNull(),
    unlockedBy: uuid("unlocked_by").notNull().references(() => users.id),
    unlockedAt: timestamp("unlocked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("snapshot_unlocks_version_uq").on(t.projectId, t.version)],
);
