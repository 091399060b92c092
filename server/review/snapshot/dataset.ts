/**
 * The canonical dataset a lock freezes: studies with their reports, study-level answers,
 * experiments (foci in MNI with the reported originals, outcomes, moderators) and consensus
 * quality. Types are exported for the analysis stages (see README.md).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { experiments, extractions, qualityAssessments, records, studies, studyReports } from "@/db/schema";
import { tal2icbm, transformTag } from "@/server/engine/cbma/coordinates";
import type { SpaceTransform } from "@/server/engine/cbma/types";
import type { ExtractionData, OutcomeRow } from "../extraction/document";
import type { FieldDef, FieldValue } from "../extraction/form-schema";
import { getFormVersion } from "../extraction/forms";
import type { ChecklistItem } from "../quality/checklists";
import { getActiveChecklist } from "../quality/checklists";
import type { ItemScores } from "../quality/assessments";
import { listIncludedRecordIds } from "../screening/included";

export const SNAPSHOT_FORMAT = "concord-snapshot";

export interface SnapshotFocus {
  /** MNI152 mm (Talairach foci converted with Lancaster tal2icbm; 3 decimals). */
  x: number;
  y: number;
  z: number;
  /** As reported in the paper, in the experiment's `space`. */
  original: [number, number, number];
  statistic: "t" | "z" | "p" | "none";
  value: number | null;
  direction: "increase" | "decrease";
  region: string;
}

export interface SnapshotExperiment {
  id: string;
  label: string;
  modality: string;
  subgroup: string;
  n1: number;
  n2: number | null;
  space: "MNI" | "TAL";
  software: "spm" | "fsl" | "other";
  transform: SpaceTransform;
  foci: SnapshotFocus[];
  outcomes: OutcomeRow[];
  moderators: Record<string, string | number>;
}

export interface SnapshotStudy {
  id: string;
  label: string;
  reports: { recordId: string; title: string | null; authors: string[]; year: number | null; journal: string | null; doi: string | null; pmid: string | null; isPrimary: boolean; includedByScreening: boolean }[];
  fields: Record<string, FieldValue>;
  consensus: { decidedBy: string | null; rationale: string | null };
  quality: { scores: Record<string, number | null>; total: number | null; thirdReviewer: boolean };
  experiments: SnapshotExperiment[];
}

export interface SnapshotDataset {
  format: typeof SNAPSHOT_FORMAT;
  formatVersion: 1;
  projectId: string;
  version: number;
  form: { version: number; fields: FieldDef[] };
  checklist: { name: string; preset: string | null; items: Pick<ChecklistItem, "key" | "section" | "text" | "options">[] };
  studies: SnapshotStudy[];
}

/** Why the dataset cannot be locked yet (empty = ready). */
export interface Readiness {
  ready: boolean;
  problems: string[];
  studies: { studyId: string; label: string; extraction: boolean; quality: boolean; missingExperiments: string[] }[];
  unassignedIncluded: number;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

async function load(db: DbOrTx, projectId: string) {
  const list = await db.select().from(studies).where(eq(studies.projectId, projectId)).orderBy(asc(studies.label), asc(studies.id));
  const exps = await db.select().from(experiments).where(eq(experiments.projectId, projectId)).orderBy(asc(experiments.position), asc(experiments.id));
  const consensus = await db.select().from(extractions).where(and(eq(extractions.projectId, projectId), eq(extractions.kind, "consensus"), eq(extractions.status, "submitted")));
  const checklist = await getActiveChecklist(db, projectId);
  const quality = checklist.id ? await db.select().from(qualityAssessments).where(and(eq(qualityAssessments.projectId, projectId), eq(qualityAssessments.checklistId, checklist.id), eq(qualityAssessments.kind, "consensus"))) : [];
  return { list, exps, consensus, checklist, quality };
}

/** Checks every study has consensus extraction (covering all its experiments) and consensus quality. */
export async function checkReadiness(db: DbOrTx, projectId: string): Promise<Readiness> {
  const { list, exps, consensus, quality } = await load(db, projectId);
  const included = await listIncludedRecordIds(db, projectId);
  const assigned = new Set((await db.select({ recordId: studyReports.recordId }).from(studyReports).where(eq(studyReports.projectId, projectId))).map((r) => r.recordId));
  const unassignedIncluded = included.filter((id) => !assigned.has(id)).length;
  const rows = list.map((s) => {
    const c = consensus.find((e) => e.studyId === s.id);
    const data = c?.data as ExtractionData | undefined;
    const mine = exps.filter((e) => e.studyId === s.id);
    return { studyId: s.id, label: s.label, extraction: !!c, quality: quality.some((q) => q.studyId === s.id), missingExperiments: c ? mine.filter((e) => !data?.experiments[e.id]).map((e) => e.label) : [] };
  });
  const problems: string[] = [];
  if (list.length === 0) problems.push("There are no studies yet.");
  if (unassignedIncluded > 0) problems.push(`${unassignedIncluded} included report(s) are not grouped into a study.`);
  for (const r of rows) {
    if (!r.extraction) problems.push(`${r.label}: no consensus extraction.`);
    if (r.missingExperiments.length) problems.push(`${r.label}: experiment(s) ${r.missingExperiments.join(", ")} added after the consensus; redo the consensus.`);
    if (!r.quality) problems.push(`${r.label}: no consensus quality score.`);
  }
  for (const s of list) if (!exps.some((e) => e.studyId === s.id)) problems.push(`${s.label}: no experiments.`);
  return { ready: problems.length === 0, problems, studies: rows, unassignedIncluded };
}

/** Builds the dataset from the current consensus data (the lock checks readiness first). */
export async function buildDataset(db: DbOrTx, projectId: string, version: number): Promise<SnapshotDataset> {
  const { list, exps, consensus, checklist, quality } = await load(db, projectId);
  const studyIds = list.map((s) => s.id);
  const reports = studyIds.length
    ? await db
        .select({ studyId: studyReports.studyId, isPrimary: studyReports.isPrimary, includedByScreening: studyReports.includedByScreening, recordId: records.id, title: records.title, authors: records.authors, year: records.year, journal: records.journal, doi: records.doi, pmid: records.pmid })
        .from(studyReports)
        .innerJoin(records, eq(records.id, studyReports.recordId))
        .where(inArray(studyReports.studyId, studyIds))
        .orderBy(asc(records.id))
    : [];
  const formVersion = consensus.reduce((v, c) => Math.max(v, c.formVersion), 1);
  const form = await getFormVersion(db, projectId, formVersion);
  return {
    format: SNAPSHOT_FORMAT,
    formatVersion: 1,
    projectId,
    version,
    form: { version: form.version, fields: form.definition.fields },
    checklist: { name: checklist.name, preset: checklist.preset, items: checklist.items.map(({ key, section, text, options }) => ({ key, section, text, options })) },
    studies: list.map((s): SnapshotStudy => {
      const c = consensus.find((e) => e.studyId === s.id);
      const data = (c?.data ?? { fields: {}, experiments: {} }) as ExtractionData;
      const q = quality.find((r) => r.studyId === s.id);
      const qScores = (q?.scores ?? {}) as ItemScores;
      return {
        id: s.id,
        label: s.label,
        reports: reports.filter((r) => r.studyId === s.id).map(({ studyId: _s, ...r }) => r),
        fields: data.fields,
        consensus: { decidedBy: c?.decidedBy ?? null, rationale: c?.rationale ?? null },
        quality: { scores: Object.fromEntries(checklist.items.map((i) => [i.key, qScores[i.key]?.score ?? null])), total: q?.total ?? null, thirdReviewer: q?.thirdReviewer ?? false },
        experiments: exps
          .filter((e) => e.studyId === s.id && data.experiments[e.id])
          .map((e): SnapshotExperiment => {
            const d = data.experiments[e.id];
            const tal = d.space === "TAL";
            return {
              id: e.id,
              label: e.label,
              modality: e.modality,
              subgroup: e.subgroup,
              n1: d.n1 ?? 0,
              n2: d.n2,
              space: d.space,
              software: d.software,
              transform: tal ? transformTag(d.software) : "none",
              foci: d.foci.map((f) => {
                const mni = tal ? tal2icbm([f.x, f.y, f.z], d.software).map(round3) : [f.x, f.y, f.z];
                return { x: mni[0], y: mni[1], z: mni[2], original: [f.x, f.y, f.z], statistic: f.statistic, value: f.value, direction: f.direction, region: f.region };
              }),
              outcomes: d.outcomes,
              moderators: Object.fromEntries(d.moderators.map((m) => [m.name, m.value])),
            };
          }),
      };
    }),
  };
}
