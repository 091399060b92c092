import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { studyReports } from "@/db/schema";
import { checkPrismaArithmetic, type PrismaCounts } from "@/components/prisma/prisma-model";
import { getIdentificationCounts } from "../import/prisma-counts";
import { getScreeningCounts } from "../screening/prisma-counts";
import { listIncludedRecordIds } from "../screening/included";

export interface PrismaReport {
  counts: PrismaCounts;
  /** Equations of the diagram that do not close (empty when the numbers add up). */
  problems: string[];
  /** Work still open, so the team knows the diagram is provisional. */
  pending: { records: number; recordConflicts: number; reports: number; reportConflicts: number };
  /** Included reports not yet grouped into a study (they count as reports but not as studies). */
  reportsWithoutStudy: number;
  notes: string[];
}

const otherKinds = new Set(["website", "organisation", "citation_search", "other"]);

/**
 * Every number of the PRISMA 2020 diagram, queried from the project's data: identification per
 * source, removals by reason, both screening stages, and studies/reports included.
 */
export async function getPrismaReport(db: DbOrTx, projectId: string): Promise<PrismaReport> {
  const id = await getIdentificationCounts(db, projectId);
  const sc = await getScreeningCounts(db, projectId);
  const included = await listIncludedRecordIds(db, projectId);
  const links = included.length
    ? await db.select({ studyId: studyReports.studyId, recordId: studyReports.recordId }).from(studyReports).where(inArray(studyReports.recordId, included))
    : [];
  const studies = new Set(links.map((l) => l.studyId));
  const linked = new Set(links.map((l) => l.recordId));

  const named = (kinds: (k: string) => boolean) => id.sources.filter((s) => kinds(s.kind)).map((s) => ({ name: s.name, n: s.count }));
  const otherSources = id.sources.filter((s) => otherKinds.has(s.kind));
  const sumKind = (k: string) => otherSources.filter((s) => s.kind === k).reduce((t, s) => t + s.count, 0);
  const notes: string[] = [];
  if (otherSources.length) notes.push("Records found by other methods (websites, organisations, citation searching) were screened together with the database records.");

  const counts: PrismaCounts = {
    databases: named((k) => k === "database"),
    registers: named((k) => k === "register"),
    duplicates: id.removed.duplicate,
    automation: id.removed.automation,
    otherRemoved: id.removed.other,
    screened: sc.recordsToScreen,
    excludedScreening: sc.recordsExcluded,
    sought: sc.reportsSought,
    notRetrieved: sc.reportsNotRetrieved,
    assessed: sc.reportsAssessed,
    excluded: sc.excludedByReason.map((r) => ({ name: r.reason, n: r.n })),
    otherMethods: otherSources.length
      ? { websites: sumKind("website"), organisations: sumKind("organisation"), citations: sumKind("citation_search"), other: sumKind("other"), sought: 0, notRetrieved: 0, assessed: 0, excluded: [] }
      : null,
    studiesIncluded: studies.size,
    reportsIncluded: sc.reportsIncluded,
  };
  // Other-method records enter the shared screening flow, so the first equation uses every source.
  const problems = checkPrismaArithmetic({ ...counts, databases: [...counts.databases, ...named((k) => otherKinds.has(k))], otherMethods: null });
  return {
    counts,
    problems,
    pending: { records: sc.recordsPending, recordConflicts: sc.recordsInConflict, reports: sc.reportsPending, reportConflicts: sc.reportsInConflict },
    reportsWithoutStudy: included.filter((r) => !linked.has(r)).length,
    notes,
  };
}
