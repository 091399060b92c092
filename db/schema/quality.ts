import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { extractionKindEnum, studies, workStatusEnum } from "./extraction";
import { projects } from "./projects";

/** A quality checklist of a project (a preset or the owner's own); one is active at a time. */
export const qualityChecklists = pgTable(
  "quality_checklists",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** "neuro10", "neuro11" or null for a custom list. */
    preset: text("preset"),
    /** Items with their score options (see server/review/quality/checklists.ts). */
    items: jsonb("items").$type<unknown>().notNull(),
    active: boolean("active").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("quality_checklists_project_idx").on(t.projectId), uniqueIndex("quality_checklists_active_uq").on(t.projectId).where(sql`${t.active}`)],
);

/** One rater's scores of one study on one checklist, or the consensus (rater null). */
export const qualityAssessments = pgTable(
  "quality_assessments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    studyId: uuid("study_id").notNull().references(() => studies.id, { onDelete: "cascade" }),
    checklistId: uuid("checklist_id").notNull().references(() => qualityChecklists.id, { onDelete: "cascade" }),
    kind: extractionKindEnum("kind").notNull(),
    raterId: uuid("rater_id").references(() => users.id),
    status: workStatusEnum("status").notNull().default("draft"),
    /** { [itemKey]: { score: number | null, note?: string, quote?: string } } */
    scores: jsonb("scores").$type<unknown>().notNull(),
    total: real("total"),
    decidedBy: uuid("decided_by").references(() => users.id),
    /** True when the consensus was decided by someone other than the two raters. */
    thirdReviewer: boolean("third_reviewer").notNull().default(false),
    rationale: text("rationale"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("quality_rater_uq").on(t.studyId, t.checklistId, t.raterId).where(sql`${t.kind} = 'reviewer'`),
    uniqueIndex("quality_consensus_uq").on(t.studyId, t.checklistId).where(sql`${t.kind} = 'consensus'`),
    index("quality_assessments_project_idx").on(t.projectId),
  ],
);
