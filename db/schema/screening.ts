import { sql } from "drizzle-orm";
import { boolean, customType, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { projects } from "./projects";
import { records } from "./records";

/** The two screening stages of PRISMA 2020: records (title/abstract) and reports (full text). */
export const screeningStages = ["title_abstract", "full_text"] as const;
export type ScreeningStage = (typeof screeningStages)[number];
export const screeningStageEnum = pgEnum("screening_stage", screeningStages);

/** A reviewer's call on a record; "maybe" always goes to the conflicts queue. */
export const screeningDecisionKinds = ["include", "exclude", "maybe"] as const;
export type ScreeningDecisionKind = (typeof screeningDecisionKinds)[number];
export const screeningDecisionEnum = pgEnum("screening_decision", screeningDecisionKinds);

/** Full-text retrieval status of a report (PRISMA "reports sought / not retrieved"). */
export const fullTextStatuses = ["sought", "retrieved", "not_retrieved"] as const;
export type FullTextStatus = (typeof fullTextStatuses)[number];
export const fullTextStatusEnum = pgEnum("full_text_status", fullTextStatuses);

/** The documented rule for stopping before every record is screened (recorded for the report). */
export interface StoppingRule {
  /** none: screen everything; consecutive_irrelevant: stop after n excludes in a row; estimated_remaining: stop when fewer than n relevant are estimated to remain. */
  kind: "none" | "consecutive_irrelevant" | "estimated_remaining";
  n: number;
  /** Free text for the methods section (who decided, when, why). */
  rationale: string;
}

export const defaultFullTextReasons = [
  "Wrong population",
  "Wrong comparison (not patients vs healthy controls)",
  "Wrong imaging modality or analysis",
  "ROI-only results",
  "No whole-brain coordinates",
  "n < 10 per group",
  "Duplicate data",
  "Not original research",
];

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  // postgres-js sends Buffers as bytea but would stringify a bare Uint8Array.
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/** One row per project: how screening runs. Created with defaults on first read. */
export const screeningSettings = pgTable("screening_settings", {
  projectId: uuid("project_id").primaryKey().references(() => projects.id, { onDelete: "cascade" }),
  reviewersPerRecord: integer("reviewers_per_record").notNull().default(2),
  /** Who screens; empty = every member with the reviewer role or above. */
  screenerIds: uuid("screener_ids").array().notNull().default(sql`'{}'::uuid[]`),
  inclusionCriteria: text("inclusion_criteria").notNull().default(""),
  exclusionCriteria: text("exclusion_criteria").notNull().default(""),
  fullTextReasons: jsonb("full_text_reasons").$type<string[]>().notNull().default(defaultFullTextReasons),
  includeTerms: text("include_terms").array().notNull().default(sql`'{}'::text[]`),
  excludeTerms: text("exclude_terms").array().notNull().default(sql`'{}'::text[]`),
  prioritise: boolean("prioritise").notNull().default(true),
  stoppingRule: jsonb("stopping_rule").$type<StoppingRule>().notNull().default({ kind: "none", n: 0, rationale: "" }),
  /** When true every member sees every decision (blinding lifted by the owner). */
  unblinded: boolean("unblinded").notNull().default(false),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One reviewer's decision on one record at one stage; unique, so double submits collapse into one row. */
export const screeningDecisions = pgTable(
  "screening_decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    recordId: uuid("record_id").notNull().references(() => records.id, { onDelete: "cascade" }),
    stage: screeningStageEnum("stage").notNull(),
    reviewerId: uuid("reviewer_id").notNull().references(() => users.id),
    decision: screeningDecisionEnum("decision").notNull(),
    /** Full-text exclusion reason (one of the project's list at the time). */
    reason: text("reason"),
    note: text("note").notNull().default(""),
    decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("screening_decisions_uq").on(t.recordId, t.stage, t.reviewerId),
    index("screening_decisions_project_stage_idx").on(t.projectId, t.stage, t.reviewerId, t.decidedAt),
    // Each reviewer's closed records (server/review/screening/queue-hints.ts): grouped by record from the index alone.
    index("screening_decisions_project_stage_record_idx").on(t.projectId, t.stage, t.recordId, t.reviewerId),
    // The stopping rule reads the latest decisions on every next-record request: a backward index scan, not a sort.
    index("screening_decisions_project_stage_time_idx").on(t.projectId, t.stage, t.decidedAt),
  ],
);

/**
 * How a conflict was settled. Re-resolving keeps the old row (supersededAt set), so the history
 * stays visible; at most one current resolution per (record, stage).
 */
export const conflictResolutions = pgTable(
  "conflict_resolutions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    recordId: uuid("record_id").notNull().references(() => records.id, { onDelete: "cascade" }),
    stage: screeningStageEnum("stage").notNull(),
    decision: screeningDecisionEnum("decision").notNull(),
    /** Full-text exclusion reason when the final decision is exclude. */
    reason: text("reason"),
    /** Why: the adjudicator's rationale or the consensus reached. */
    rationale: text("rationale").notNull(),
    /** True when both reviewers settled it together (consensus meeting) rather than a third person. */
    consensus: boolean("consensus").notNull().default(false),
    resolvedBy: uuid("resolved_by").notNull().references(() => users.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }).notNull().defaultNow(),
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("conflict_resolutions_current_uq").on(t.recordId, t.stage).where(sql`superseded_at is null`),
    index("conflict_resolutions_project_idx").on(t.projectId, t.stage),
  ],
);

/** Retrieval of the report behind a record included at title/abstract. */
export const fullTexts = pgTable(
  "full_texts",
  {
    recordId: uuid("record_id").primaryKey().references(() => records.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    status: fullTextStatusEnum("status").notNull().default("sought"),
    notRetrievedReason: text("not_retrieved_reason"),
    link: text("link"),
    fileName: text("file_name"),
    fileSize: integer("file_size"),
    fileSha256: text("file_sha256"),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("full_texts_project_idx").on(t.projectId, t.status)],
);

/** The uploaded PDF itself, apart from the status row so listings never drag the bytes along. */
export const fullTextFiles = pgTable("full_text_files", {
  recordId: uuid("record_id").primaryKey().references(() => fullTexts.recordId, { onDelete: "cascade" }),
  contentType: text("content_type").notNull().default("application/pdf"),
  bytes: bytea("bytes").notNull(),
});
