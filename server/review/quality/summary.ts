import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { qualityAssessments, studies } from "@/db/schema";
import { cohenKappa, contingencyTable, type KappaResult } from "@/server/engine/screening/agreement";
import { icc, type IccEstimate } from "@/server/engine/screening/icc";
import { getActiveChecklist } from "./checklists";
import type { ItemScores } from "./assessments";

export interface QualityAgreement {
  /** Studies both raters submitted. */
  studies: number;
  /** Item-level pairs pooled over studies. */
  pairs: number;
  percentAgreement: number | null;
  /** Linearly weighted Cohen's kappa over items (scores are ordered categories). */
  weightedKappa: KappaResult | null;
  /** ICC(2,1), absolute agreement of the two raters' totals; needs ≥ 2 studies. */
  iccTotals: IccEstimate | null;
  note: string | null;
}

/** Weighted kappa over items and ICC of totals, from the pairs of submitted ratings (rater order as stored). */
export function qualityAgreement(categories: number[], perStudy: { a: ItemScores; b: ItemScores; totalA: number; totalB: number }[], itemKeys: string[]): QualityAgreement {
  const pairs: [string, string][] = [];
  for (const s of perStudy) for (const k of itemKeys) {
    const x = s.a[k]?.score;
    const y = s.b[k]?.score;
    if (x != null && y != null) pairs.push([String(x), String(y)]);
  }
  const cats = [...new Set(categories)].sort((p, q) => p - q).map(String);
  let weightedKappa: KappaResult | null = null;
  let note: string | null = null;
  if (pairs.length > 0) {
    const k = cohenKappa(contingencyTable(pairs, cats), "linear");
    weightedKappa = k;
    if (Number.isNaN(k.kappa)) note = "Kappa is undefined: both raters used a single score throughout.";
  }
  let iccTotals: IccEstimate | null = null;
  if (perStudy.length >= 2) {
    const totals = perStudy.map((s) => [s.totalA, s.totalB]);
    const allSame = totals.every((t) => t[0] === totals[0][0] && t[1] === totals[0][1]);
    if (!allSame) iccTotals = icc(totals).agreement;
  }
  return { studies: perStudy.length, pairs: pairs.length, percentAgreement: pairs.length ? (100 * pairs.filter(([x, y]) => x === y).length) / pairs.length : null, weightedKappa, iccTotals, note };
}

/** The studies × items table (consensus scores), totals, and rater agreement for the active checklist. */
export async function qualitySummary(db: DbOrTx, projectId: string) {
  const checklist = await getActiveChecklist(db, projectId);
  const list = await db.select({ id: studies.id, label: studies.label }).from(studies).where(eq(studies.projectId, projectId)).orderBy(asc(studies.label));
  const rows = checklist.id ? await db.select().from(qualityAssessments).where(and(eq(qualityAssessments.projectId, projectId), eq(qualityAssessments.checklistId, checklist.id), eq(qualityAssessments.status, "submitted"))).orderBy(asc(qualityAssessments.submittedAt)) : [];
  const table = list.map((s) => {
    const consensus = rows.find((r) => r.studyId === s.id && r.kind === "consensus");
    const scores = (consensus?.scores ?? {}) as ItemScores;
    return { studyId: s.id, label: s.label, scores: Object.fromEntries(checklist.items.map((i) => [i.key, scores[i.key]?.score ?? null])), total: consensus?.total ?? null };
  });
  const perStudy = list.flatMap((s) => {
    const raters = rows.filter((r) => r.studyId === s.id && r.kind === "reviewer");
    if (raters.length < 2) return [];
    return [{ a: raters[0].scores as ItemScores, b: raters[1].scores as ItemScores, totalA: raters[0].total ?? 0, totalB: raters[1].total ?? 0 }];
  });
  const categories = checklist.items.flatMap((i) => i.options.map((o) => o.score));
  return { checklist, table, agreement: qualityAgreement(categories, perStudy, checklist.items.map((i) => i.key)) };
}
