import type { RecordFeatures } from "./features";
import { compareJournals, titleSimilarity } from "./similarity";

export type FieldMatch = "same" | "compatible" | "different" | "missing";

/** Why two records were judged duplicates, for the side-by-side review view. */
export interface PairEvidence {
  /** Overall score in [0, 1]; higher is more certain. */
  score: number;
  titleSimilarity: number;
  doi: FieldMatch;
  pmid: FieldMatch;
  year: FieldMatch;
  firstAuthor: FieldMatch;
  journal: FieldMatch;
  pages: FieldMatch;
  volume: FieldMatch;
  /** Short names of the fields that agree ("doi", "title", "year" …). */
  matched: string[];
}

export type PairDecision = "auto" | "review" | null;

/** Thresholds of the duplicate rules; exported so the README and tests name the same numbers. */
export const DEDUP_THRESHOLDS = {
  /** Titles at least this similar count as the same title. */
  sameTitle: 0.95,
  /** Titles at least this similar, with a DOI/PMID match, are merged automatically. */
  idTitle: 0.7,
  /** Lowest title similarity that can put a pair in the review queue. */
  reviewTitle: 0.8,
  /** Titles with fewer words need more agreeing fields before an automatic merge. */
  shortTitleWords: 6,
} as const;

const eq = (a: string | number, b: string | number): FieldMatch => (!a || !b ? "missing" : a === b ? "same" : "different");

function compareAuthors(a: RecordFeatures, b: RecordFeatures): FieldMatch {
  if (!a.firstAuthor || !b.firstAuthor) return "missing";
  if (a.firstAuthor === b.firstAuthor) return "same";
  const [s, l] = a.firstAuthor.length <= b.firstAuthor.length ? [a.firstAuthor, b.firstAuthor] : [b.firstAuthor, a.firstAuthor];
  if (s.length >= 3 && l.includes(s)) return "compatible";
  // Chinese and Hungarian names are written in either order; a shared name token is enough
  if (a.firstAuthorTokens.some((t) => b.firstAuthorTokens.includes(t))) return "compatible";
  if (b.surnames.has(a.firstAuthor) || a.surnames.has(b.firstAuthor)) return "compatible";
  return "different";
}

function bestTitle(a: RecordFeatures, b: RecordFeatures): number {
  let best = 0;
  for (let i = 0; i < a.titles.length; i++) {
    for (let j = 0; j < b.titles.length; j++) {
      best = Math.max(best, titleSimilarity(a.titles[i], b.titles[j], a.titleGrams[i], b.titleGrams[j]));
    }
  }
  return best;
}

/** Compares two records and decides: merge automatically, queue for review, or not a duplicate. */
export function comparePair(a: RecordFeatures, b: RecordFeatures): { decision: PairDecision; evidence: PairEvidence } {
  const t = DEDUP_THRESHOLDS;
  const title = bestTitle(a, b);
  const doi = eq(a.doi, b.doi);
  const pmid = eq(a.pmid, b.pmid);
  const year: FieldMatch = !a.year || !b.year ? "missing" : a.year === b.year ? "same" : Math.abs(a.year - b.year) === 1 ? "compatible" : "different";
  const firstAuthor = compareAuthors(a, b);
  const journal = compareJournals(a.journal, b.journal);
  const pages = eq(a.page, b.page);
  const volume = eq(a.volume, b.volume);
  const matched: string[] = [];
  if (doi === "same") matched.push("doi");
  if (pmid === "same") matched.push("pmid");
  if (title >= t.sameTitle) matched.push("title");
  for (const [name, m] of [["year", year], ["firstAuthor", firstAuthor], ["journal", journal], ["pages", pages], ["volume", volume]] as const) {
    if (m === "same" || m === "compatible") matched.push(name);
  }
  const agree = (m: FieldMatch) => m === "same" || m === "compatible";
  const okOrMissing = (m: FieldMatch) => m !== "different";
  const idMatch = doi === "same" || pmid === "same";
  const idConflict = doi === "different" || pmid === "different";
  const bibAgree = [journal, pages, volume].filter(agree).length;
  const bibConflict = pages === "different" || volume === "different";
  const noTitle = a.titles.length === 0 || b.titles.length === 0;

  let decision: PairDecision = null;
  if (idMatch && !idConflict) {
    if (title >= t.idTitle || (noTitle && okOrMissing(year) && okOrMissing(firstAuthor))) decision = "auto";
    else decision = "review";
  } else if (title >= t.sameTitle) {
    const shortTitle = Math.min(a.titleWords, b.titleWords) < t.shortTitleWords;
    const solid = year === "same" && agree(firstAuthor) && !bibConflict && !idConflict && (bibAgree >= (shortTitle ? 2 : 1) || (!shortTitle && bibAgree + [journal, pages, volume].filter((m) => m === "missing").length === 3));
    decision = solid ? "auto" : okOrMissing(year) || year === "different" ? "review" : null;
    if (!solid && year === "different" && firstAuthor === "different") decision = null;
  } else if (title >= t.reviewTitle && year !== "different") {
    decision = "review";
  } else if (noTitle || title < t.reviewTitle) {
    if (year === "same" && agree(firstAuthor) && pages === "same" && agree(volume) && !idConflict) decision = "review";
  }
  const score = Math.min(1, (idMatch ? 0.5 : 0) + title * 0.5 + matched.length * 0.05);
  return { decision, evidence: { score: Math.round(score * 1000) / 1000, titleSimilarity: Math.round(title * 1000) / 1000, doi, pmid, year, firstAuthor, journal, pages, volume, matched } };
}
