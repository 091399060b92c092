/**
 * Search import and deduplication tables (owned by the import stage).
 *
 * The screening pool: a record is screenable exactly when `duplicate_of IS NULL AND removal_reason IS NULL`
 * (see `listScreenableRecords` in server/review/import/screenable.ts). A merged duplicate points at the
 * record kept in its place via `duplicate_of` and has `removal_reason = 'duplicate'`; records removed
 * by automation tools or for other reasons before screening have `removal_reason` set and no
 * `duplicate_of`. These three reasons are the PRISMA 2020 "records removed before screening" box
 * (`getIdentificationCounts` in server/review/import/prisma-counts.ts).
 *
 * Free-text search does not use the database: an in-memory inverted index per project and search
 * source (server/review/import/search-index.ts), built from title, other titles, authors and
 * abstract. A GIN-indexed tsvector column cost more than everything else of a 50,000-record import
 * together (measured per 20,000 rows: 4.9 of 9.2 s on PostgreSQL, 14.7 of 20.4 s on PGlite), while the
 * searchable fields never change after import.
 *
 * `raw` keeps every field of the source record except values stored verbatim in `title` or
 * `abstract` (see `compactRaw` in server/review/import/record-row.ts).
 */

import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { projects } from "./projects";

/** PRISMA 2020 distinguishes databases, registers and "other methods" (websites, organisations, citations). */
export const sourceKinds = ["database", "register", "website", "organisation", "citation_search", "other"] as const;
export const sourceKindEnum = pgEnum("search_source_kind", sourceKinds);

/** One imported search export: feeds the PRISMA identification box per source. */
export const searchSources = pgTable(
  "search_sources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    kind: sourceKindEnum("kind").notNull().default("database"),
    name: text("name").notNull(),
    searchDate: date("search_date"),
    query: text("query").notNull().default(""),
    notes: text("notes").notNull().default(""),
    fileName: text("file_name"),
    fileSha256: text("file_sha256"),
    format: text("format"),
    recordCount: integer("record_count").notNull().default(0),
    warnings: jsonb("warnings").$type<unknown[]>().notNull().default([]),
    importedBy: uuid("imported_by").references(() => users.id),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("search_sources_project_idx").on(t.projectId), index("search_sources_sha_idx").on(t.projectId, t.fileSha256)],
);

/**
 * How a record left the pool before screening (PRISMA "records removed before screening"):
 * null = still in; otherwise the reason.
 */
export const removalReasons = ["duplicate", "automation", "other"] as const;
export const removalReasonEnum = pgEnum("record_removal_reason", removalReasons);

/** A normalised bibliographic record (see server/engine/records/types.ts for the field meanings). */
export const records = pgTable(
  "records",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    sourceId: uuid("source_id").notNull().references(() => searchSources.id, { onDelete: "cascade" }),
    /** Position in the source file (1-based), so errors and exports can point back to it. */
    sourceIndex: integer("source_index").notNull(),
    sourceRecordId: text("source_record_id"),
    type: text("type").notNull().default("article"),
    title: text("title"),
    otherTitles: text("other_titles").array().notNull().default(sql`'{}'::text[]`),
    abstract: text("abstract"),
    authors: text("authors").array().notNull().default(sql`'{}'::text[]`),
    year: integer("year"),
    journal: text("journal"),
    volume: text("volume"),
    issue: text("issue"),
    pages: text("pages"),
    doi: text("doi"),
    pmid: text("pmid"),
    keywords: text("keywords").array().notNull().default(sql`'{}'::text[]`),
    language: text("language"),
    url: text("url"),
    raw: jsonb("raw").$type<Record<string, string[]>>().notNull().default({}),
    /** When this record is a duplicate, the record kept in its place. */
    duplicateOf: uuid("duplicate_of"),
    removalReason: removalReasonEnum("removal_reason"),
    /** Why a person removed the record before screening ('automation' or 'other'): the tool and its setting, or the reason. */
    removalNote: text("removal_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Every index is paid for by each imported row, so none repeats another's leading column
    // (project_id: project_year; source_id: source_index_uq), and the sparse ones are partial
    // (a new record has no duplicate_of, RIS exports rarely carry a PMID).
    index("records_project_doi_idx").on(t.projectId, t.doi).where(sql`${t.doi} is not null`),
    index("records_project_pmid_idx").on(t.projectId, t.pmid).where(sql`${t.pmid} is not null`),
    index("records_duplicate_of_idx").on(t.duplicateOf).where(sql`${t.duplicateOf} is not null`),
    uniqueIndex("records_source_index_uq").on(t.sourceId, t.sourceIndex),
    index("records_project_year_idx").on(t.projectId, t.year),
  ],
);

export const duplicatePairStatuses = ["pending", "merged", "not_duplicate"] as const;
export const duplicatePairStatusEnum = pgEnum("duplicate_pair_status", duplicatePairStatuses);

/**
 * A candidate or confirmed duplicate pair, with the evidence the matcher found. Automatic merges
 * are stored as pairs too (auto = true), so every merge can be shown and undone.
 */
export const duplicatePairs = pgTable(
  "duplicate_pairs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id").notNull().references(() => projects.id, { onDelete: "cascade" }),
    keptId: uuid("kept_id").notNull().references(() => records.id, { onDelete: "cascade" }),
    otherId: uuid("other_id").notNull().references(() => records.id, { onDelete: "cascade" }),
    score: real("score").notNull(),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull().default({}),
    auto: boolean("auto").notNull().default(false),
    status: duplicatePairStatusEnum("status").notNull().default("pending"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("duplicate_pairs_project_status_idx").on(t.projectId, t.status), uniqueIndex("duplicate_pairs_uq").on(t.keptId, t.otherId), index("duplicate_pairs_other_idx").on(t.otherId)],
);
