import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { projects } from "./projects";
import { records } from "./records";

/** A study: one cohort, reported in one or more records ("reports"); PRISMA counts both. */
export const studies = pgTable(
  "studies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    notes: text("notes").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("studies_project_idx").on(t.projectId)],
);

/** A record grouped into a study. A record belongs to at most one study of its project. */
export const studyReports = pgTable(
  "study_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    studyId: uuid("study_id").notNull().references(() => studies.id, { onDelete: "cascade" }),
    recordId: uuid("record_id").notNull().references(() => records.id, { onDelete: "cascade" }),
    isPrimary: boolean("is_primary").notNull().default(false),
    /** False when the owner added a record that full-text screening did not (yet) include. */
    includedByScreening: boolean("included_by_screening").notNull().default(false),
    addedBy: uuid("added_by").references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("study_reports_record_uq").on(t.projectId, t.recordId), index("study_reports_study_idx").on(t.studyId)],
);

/** One experiment / contrast of a study (e.g. ReHo and ALFF of one cohort, or a subgroup). */
export const experiments = pgTable(
  "experiments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    studyId: uuid("study_id").notNull().references(() => studies.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    /** ReHo, ALFF, fALFF, mALFF, FC, VBM, task, other. */
    modality: text("modality").notNull(),
    subgroup: text("subgroup").notNull().default(""),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("experiments_study_idx").on(t.studyId), index("experiments_project_idx").on(t.projectId)],
);

/** A version of the project's extraction form; saving the form adds the next version. */
export const extractionForms = pgTable(
  "extraction_forms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    /** The field definitions (see server/review/extraction/form-schema.ts). */
    definition: jsonb("definition").$type<unknown>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("extraction_forms_version_uq").on(t.projectId, t.version)],
);

export const extractionKinds = ["reviewer", "consensus"] as const;
export const extractionKindEnum = pgEnum("extraction_kind", extractionKinds);
export const workStatuses = ["draft", "submitted"] as const;
export const workStatusEnum = pgEnum("work_status", workStatuses);

/**
 * One reviewer's extraction of one study (kind reviewer, at most two per study), or the
 * consensus (kind consensus, one per study, reviewer_id null, with who decided and why).
 * `draft` keeps exactly what was typed; `data` is the validated document once submitted.
 */
export const extractions = pgTable(
  "extractions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    studyId: uuid("study_id").notNull().references(() => studies.id, { onDelete: "cascade" }),
    kind: extractionKindEnum("kind").notNull(),
    reviewerId: uuid("reviewer_id").references(() => users.id),
    formVersion: integer("form_version").notNull(),
    status: workStatusEnum("status").notNull().default("draft"),
    draft: jsonb("draft").$type<unknown>().notNull(),
    data: jsonb("data").$type<unknown>(),
    decidedBy: uuid("decided_by").references(() => users.id),
    rationale: text("rationale"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("extractions_reviewer_uq").on(t.studyId, t.reviewerId).where(sql`${t.kind} = 'reviewer'`),
    uniqueIndex("extractions_consensus_uq").on(t.studyId).where(sql`${t.kind} = 'consensus'`),
    index("extractions_project_idx").on(t.projectId),
  ],
);
