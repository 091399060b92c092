import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { experiments, records, studies, studyReports } from "@/db/schema";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { listIncludedRecordIds } from "../screening/included";
import { assertUnlocked } from "../snapshot/lock-state";
import { parseInput } from "../extraction/parse-input";
import { searchRecordIds } from "../import/search-index";
import { idIn } from "../uuid-array";

/** Modalities offered for experiments; "other" covers anything else. */
export const MODALITIES = ["ReHo", "ALFF", "fALFF", "mALFF", "FC", "VBM", "task", "DTI", "other"] as const;

export const studyInputSchema = z.object({
  label: z.string().trim().min(1, "A study needs a label, e.g. 'Smith 2010'.").max(200),
  notes: z.string().max(5000).default(""),
});
export const experimentInputSchema = z.object({
  label: z.string().trim().min(1, "An experiment needs a label, e.g. 'Patients < controls'.").max(300),
  modality: z.enum(MODALITIES),
  subgroup: z.string().trim().max(200).default(""),
});

export interface EligibleReport {
  recordId: string;
  title: string | null;
  authors: string[];
  year: number | null;
  journal: string | null;
  doi: string | null;
  includedByScreening: boolean;
  studyId: string | null;
}

/**
 * Records that can be grouped into studies: those finally included by full-text screening,
 * plus (flagged) any other non-duplicate record already attached to a study.
 */
export async function listEligibleReports(db: DbOrTx, projectId: string): Promise<EligibleReport[]> {
  const included = new Set(await listIncludedRecordIds(db, projectId));
  const attached = await db.select({ recordId: studyReports.recordId, studyId: studyReports.studyId }).from(studyReports).where(eq(studyReports.projectId, projectId));
  const studyOf = new Map(attached.map((a) => [a.recordId, a.studyId]));
  const ids = [...new Set([...included, ...studyOf.keys()])];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: records.id, title: records.title, authors: records.authors, year: records.year, journal: records.journal, doi: records.doi })
    .from(records)
    .where(and(eq(records.projectId, projectId), inArray(records.id, ids)))
    .orderBy(asc(records.year), asc(records.title));
  return rows.map((r) => ({ recordId: r.id, title: r.title, authors: r.authors, year: r.year, journal: r.journal, doi: r.doi, includedByScreening: included.has(r.id), studyId: studyOf.get(r.id) ?? null }));
}

/**
 * Searches non-duplicate records by words of title, authors or abstract, or by DOI (owner's escape
 * hatch for reports screening did not include).
 */
export async function searchOtherRecords(db: DbOrTx, projectId: string, query: string): Promise<EligibleReport[]> {
  const q = query.trim();
  if (q.length < 2) return [];
  const byDoi = /^10\.\S+\/\S/.test(q);
  const ids = byDoi ? null : await searchRecordIds(db, projectId, q);
  if (ids?.length === 0) return [];
  const rows = await db
    .select({ id: records.id, title: records.title, authors: records.authors, year: records.year, journal: records.journal, doi: records.doi })
    .from(records)
    .where(
      and(
        eq(records.projectId, projectId),
        isNull(records.duplicateOf),
        isNull(records.removalReason),
        byDoi ? sql`lower(${records.doi}) = ${q.toLowerCase()}` : idIn(records.id, ids!),
      ),
    )
    .orderBy(asc(records.title))
    .limit(20);
  return rows.map((r) => ({ recordId: r.id, title: r.title, authors: r.authors, year: r.year, journal: r.journal, doi: r.doi, includedByScreening: false, studyId: null }));
}

async function attachReport(tx: DbOrTx, userId: string, projectId: string, studyId: string, recordId: string, isPrimary: boolean, ownerOverride: boolean) {
  const [record] = await tx.select({ id: records.id, duplicateOf: records.duplicateOf, removalReason: records.removalReason }).from(records).where(and(eq(records.id, recordId), eq(records.projectId, projectId)));
  if (!record) throw new AppError("NOT_FOUND", `Record ${recordId} is not in this project.`);
  if (record.duplicateOf || record.removalReason) throw new AppError("BAD_REQUEST", "That record was removed as a duplicate (or before screening); attach the record kept in its place.");
  const included = (await listIncludedRecordIds(tx, projectId)).includes(recordId);
  if (!included && !ownerOverride) throw new AppError("FORBIDDEN", "Only an owner can add a report that full-text screening did not include.");
  const [taken] = await tx.select({ studyId: studyReports.studyId }).from(studyReports).where(and(eq(studyReports.projectId, projectId), eq(studyReports.recordId, recordId)));
  if (taken) throw new AppError("CONFLICT", "That report already belongs to a study; remove it there first.");
  const [row] = await tx.insert(studyReports).values({ projectId, studyId, recordId, isPrimary, includedByScreening: included, addedBy: userId }).returning();
  await recordAudit(tx, { projectId, userId, action: "study.report.add", entity: "study", entityId: studyId, after: { recordId, isPrimary, includedByScreening: included } });
  return row;
}

/** Creates a study from one or more reports (the first is the primary report). */
export async function createStudy(db: DbOrTx, userId: string, projectId: string, input: z.input<typeof studyInputSchema> & { recordIds: string[]; isOwner: boolean }) {
  const fields = parseInput(studyInputSchema, input, "study");
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const [study] = await tx.insert(studies).values({ projectId, label: fields.label, notes: fields.notes, createdBy: userId }).returning();
    await recordAudit(tx, { projectId, userId, action: "study.create", entity: "study", entityId: study.id, after: { label: study.label, recordIds: input.recordIds } });
    for (const [i, recordId] of input.recordIds.entries()) await attachReport(tx, userId, projectId, study.id, recordId, i === 0, input.isOwner);
    return study;
  });
}

async function requireStudy(db: DbOrTx, projectId: string, studyId: string) {
  const [study] = await db.select().from(studies).where(and(eq(studies.id, studyId), eq(studies.projectId, projectId)));
  if (!study) throw new AppError("NOT_FOUND", "Study not found.");
  return study;
}

export async function updateStudy(db: DbOrTx, userId: string, projectId: string, studyId: string, input: z.input<typeof studyInputSchema>) {
  const fields = parseInput(studyInputSchema, input, "study");
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const before = await requireStudy(tx, projectId, studyId);
    const [after] = await tx.update(studies).set(fields).where(eq(studies.id, studyId)).returning();
    await recordAudit(tx, { projectId, userId, action: "study.update", entity: "study", entityId: studyId, before: { label: before.label, notes: before.notes }, after: fields });
    return after;
  });
}

export async function addReport(db: DbOrTx, userId: string, projectId: string, studyId: string, recordId: string, isOwner: boolean) {
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    await requireStudy(tx, projectId, studyId);
    return attachReport(tx, userId, projectId, studyId, recordId, false, isOwner);
  });
}

export async function removeReport(db: DbOrTx, userId: string, projectId: string, studyId: string, recordId: string) {
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const [row] = await tx.delete(studyReports).where(and(eq(studyReports.projectId, projectId), eq(studyReports.studyId, studyId), eq(studyReports.recordId, recordId))).returning();
    if (!row) throw new AppError("NOT_FOUND", "That report is not part of this study.");
    await recordAudit(tx, { projectId, userId, action: "study.report.remove", entity: "study", entityId: studyId, before: { recordId } });
    return { removed: true };
  });
}

/** Deletes a study with its experiments, extractions and quality scores (audited with its label). */
export async function deleteStudy(db: DbOrTx, userId: string, projectId: string, studyId: string) {
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const before = await requireStudy(tx, projectId, studyId);
    await tx.delete(studies).where(eq(studies.id, studyId));
    await recordAudit(tx, { projectId, userId, action: "study.delete", entity: "study", entityId: studyId, before: { label: before.label } });
    return { deleted: true };
  });
}

export async function createExperiment(db: DbOrTx, userId: string, projectId: string, studyId: string, input: z.input<typeof experimentInputSchema>) {
  const fields = parseInput(experimentInputSchema, input, "experiment");
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    await requireStudy(tx, projectId, studyId);
    const siblings = await tx.select({ id: experiments.id }).from(experiments).where(eq(experiments.studyId, studyId));
    const [row] = await tx.insert(experiments).values({ projectId, studyId, ...fields, position: siblings.length }).returning();
    await recordAudit(tx, { projectId, userId, action: "experiment.create", entity: "experiment", entityId: row.id, after: { studyId, ...fields } });
    return row;
  });
}

async function requireExperiment(db: DbOrTx, projectId: string, experimentId: string) {
  const [row] = await db.select().from(experiments).where(and(eq(experiments.id, experimentId), eq(experiments.projectId, projectId)));
  if (!row) throw new AppError("NOT_FOUND", "Experiment not found.");
  return row;
}

export async function updateExperiment(db: DbOrTx, userId: string, projectId: string, experimentId: string, input: z.input<typeof experimentInputSchema>) {
  const fields = parseInput(experimentInputSchema, input, "experiment");
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const before = await requireExperiment(tx, projectId, experimentId);
    const [after] = await tx.update(experiments).set(fields).where(eq(experiments.id, experimentId)).returning();
    await recordAudit(tx, { projectId, userId, action: "experiment.update", entity: "experiment", entityId: experimentId, before: { label: before.label, modality: before.modality, subgroup: before.subgroup }, after: fields });
    return after;
  });
}

export async function deleteExperiment(db: DbOrTx, userId: string, projectId: string, experimentId: string) {
  return db.transaction(async (tx) => {
    await assertUnlocked(tx, projectId);
    const before = await requireExperiment(tx, projectId, experimentId);
    await tx.delete(experiments).where(eq(experiments.id, experimentId));
    await recordAudit(tx, { projectId, userId, action: "experiment.delete", entity: "experiment", entityId: experimentId, before: { studyId: before.studyId, label: before.label, modality: before.modality } });
    return { deleted: true };
  });
}

export interface StudySummary {
  id: string;
  label: string;
  notes: string;
  reports: { recordId: string; title: string | null; year: number | null; doi: string | null; isPrimary: boolean; includedByScreening: boolean }[];
  experiments: { id: string; label: string; modality: string; subgroup: string; position: number }[];
}

/** Every study of the project with its reports and experiments, by label. */
export async function listStudies(db: DbOrTx, projectId: string): Promise<StudySummary[]> {
  const rows = await db.select().from(studies).where(eq(studies.projectId, projectId)).orderBy(asc(studies.label), asc(studies.createdAt));
  const reports = await db
    .select({ studyId: studyReports.studyId, recordId: studyReports.recordId, isPrimary: studyReports.isPrimary, includedByScreening: studyReports.includedByScreening, title: records.title, year: records.year, doi: records.doi })
    .from(studyReports)
    .innerJoin(records, eq(records.id, studyReports.recordId))
    .where(eq(studyReports.projectId, projectId))
    .orderBy(asc(studyReports.addedAt));
  const exps = await db.select().from(experiments).where(eq(experiments.projectId, projectId)).orderBy(asc(experiments.position), asc(experiments.createdAt));
  return rows.map((s) => ({
    id: s.id,
    label: s.label,
    notes: s.notes,
    reports: reports.filter((r) => r.studyId === s.id).map(({ studyId: _s, ...r }) => r),
    experiments: exps.filter((e) => e.studyId === s.id).map((e) => ({ id: e.id, label: e.label, modality: e.modality, subgroup: e.subgroup, position: e.position })),
  }));
}
