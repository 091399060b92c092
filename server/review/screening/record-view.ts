import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { records, screeningDecisions, users, type ScreeningDecisionKind, type ScreeningStage } from "@/db/schema";
import { AppError } from "../errors";
import type { ScreeningSettings } from "./settings";

/** What a reviewer sees of one record while screening. */
export interface ScreeningRecordView {
  id: string;
  title: string;
  authors: string[];
  journal: string | null;
  year: number | null;
  abstract: string | null;
  keywords: string[];
  doi: string | null;
  pmid: string | null;
  url: string | null;
  /** The caller's own decision, if any. */
  mine: { decision: ScreeningDecisionKind; reason: string | null; note: string; decidedAt: Date } | null;
  /**
   * Co-reviewers' decisions: only once the caller and the required number of reviewers have
   * decided, or when the owner has unblinded the project. Otherwise absent (not merely empty in the UI).
   */
  others: { reviewerName: string; decision: ScreeningDecisionKind; reason: string | null; note: string }[] | null;
}

const recordColumns = {
  id: records.id, title: records.title, authors: records.authors, journal: records.journal, year: records.year,
  abstract: records.abstract, keywords: records.keywords, doi: records.doi, pmid: records.pmid, url: records.url,
};

/** Loads one pool record with the caller's decision, applying blinding (see {@link ScreeningRecordView.others}). */
export async function loadRecordView(
  db: DbOrTx, settings: ScreeningSettings, userId: string, projectId: string, stage: ScreeningStage, recordId: string,
): Promise<ScreeningRecordView> {
  const [[record], decisions] = await Promise.all([
    db.select(recordColumns).from(records).where(and(eq(records.id, recordId), eq(records.projectId, projectId))),
    db
      .select({ reviewerId: screeningDecisions.reviewerId, reviewerName: users.name, decision: screeningDecisions.decision, reason: screeningDecisions.reason, note: screeningDecisions.note, decidedAt: screeningDecisions.decidedAt })
      .from(screeningDecisions)
      .innerJoin(users, eq(users.id, screeningDecisions.reviewerId))
      .where(and(eq(screeningDecisions.recordId, recordId), eq(screeningDecisions.stage, stage))),
  ]);
  if (!record) throw new AppError("NOT_FOUND", "No such record in this project.");
  const own = decisions.find((d) => d.reviewerId === userId);
  const othersVisible = settings.unblinded || (own !== undefined && decisions.length >= settings.reviewersPerRecord);
  return {
    ...record,
    title: record.title ?? "(no title)",
    mine: own ? { decision: own.decision, reason: own.reason, note: own.note, decidedAt: own.decidedAt } : null,
    others: othersVisible
      ? decisions.filter((d) => d.reviewerId !== userId).map((d) => ({ reviewerName: d.reviewerName, decision: d.decision, reason: d.reason, note: d.note }))
      : null,
  };
}

/** Titles of several records (for history lists), in the order asked. */
export async function recordTitles(db: DbOrTx, projectId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: records.id, title: records.title }).from(records).where(and(eq(records.projectId, projectId), inArray(records.id, ids)));
  return new Map(rows.map((r) => [r.id, r.title ?? "(no title)"]));
}
