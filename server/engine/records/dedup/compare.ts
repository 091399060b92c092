import type { RecordFeatures } from "./features";
import { bigrams, compareJournals, dice, titleSimilarity } from "./similarity";

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
  /** With the same year, first author, journal, volume and first page, titles this similar are merged automatically. */
  citationTitle: 0.6,
  /** Lowest title similarity that can put a pair in the review queue. */
  reviewTitle: 0.8,
  /** With the same year and first author, titles this similar still go to review. */
  looseReviewTitle: 0.7,
  /** Titles with fewer words need more agreeing fields before an automatic merge. */
  shortTitleWords: 6,
} as const;

const NO_MATCH: PairEvidence = { score: 0, titleSimilarity: 0, doi: "missing", pmid: "missing", year: "missing", firstAuthor: "missing", journal: "missing", pages: "missing", volume: "missing", matched: [] };

const eq = (a: string | number, b: string | number): FieldMatch => (!a || !b ? "missing" : a === b ? "same" : "different");

function compareAuthors(a: RecordFeatures, b: RecordFeatures): FieldMatch {
  if (!a.firstAuthor || !b.firstAuthor) return "missing";
  if (a.firstAuthor === b.firstAuthor) return "same";
  const [s, l] = a.firstAuthor.length <= b.firstAuthor.length ? [a.firstAuthor, b.firstAuthor] : [b.firstAuthor, a.firstAuthor];
  if (s.length >= 3 && l.includes(s)) return "compatible";
  // Chinese and Hungarian names are written in either order; a shared name token is enough
  if (a.firstAuthorTokens.some((t) => b.firstAuthorTokens.includes(t))) return "compatible";
  if (b.surnames.has(a.firstAuthor) || a.surnames.has(b.firstAuthor)) return "compatible";
  // a mis-encoded letter ("Bu?lova" for "Builova") leaves most bigrams intact
  if (s.length >= 4 && dice(bigrams(a.firstAuthor), bigrams(b.firstAuthor)) >= 0.7) return "compatible";
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
  // Most blocked pairs are unrelated: without a shared identifier, a similar title or a shared
  // year and first page no rule below can fire, so skip the remaining comparisons.
  const sharedId = (a.doi !== "" && a.doi === b.doi) || (a.pmid !== "" && a.pmid === b.pmid);
  if (!sharedId && title < t.looseReviewTitle && !(a.page !== "" && a.page === b.page && a.year === b.year)) return { decision: null, evidence: NO_MATCH };
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

  // Same year, first author, journal, volume and first page name one publication whatever its title says.
  const citationMatch = year === "same" && agree(firstAuthor) && agree(journal) && pages === "same" && volume !== "different" && !idConflict;
  let decision: PairDecision = null;
  if (idMatch && !idConflict) {
    if (title >= t.idTitle || (noTitle && okOrMissing(year) && okOrMissing(firstAuthor))) decision = "auto";
    else decision = "review";
  } else if (citationMatch && firstAuthor === "same" && title >= t.citationTitle) {
    // a shared first page in a supplement can hold several abstracts, hence the exact first author
    decision = "auto";
  } else if (title >= t.sameTitle) {
    const longTitle = Math.min(a.titleWords, b.titleWords) >= t.shortTitleWords;
    const missingBib = [journal, pages, volume].filter((m) => m === "missing").length;
    const sameVenue = agree(journal) || (bibAgree >= 2 && !bibConflict);
    let solid = false;
    // Different first pages or volumes in one journal are as often an erratum or a companion paper
    // as a conference abstract of the same work: such pairs always go to a human.
    if (!idConflict && !bibConflict && firstAuthor === "same") {
      // A long identical title by the same first author in the same year is one work; a differing
      // page is a conference abstract of it or a typing error (Rathbone et al. count both as duplicates).
      if (year === "same") solid = longTitle ? sameVenue || missingBib === 3 : bibAgree >= 2;
      else if (year === "compatible") solid = longTitle && agree(journal) && volume === "same";
    } else if (!idConflict && agree(firstAuthor) && year === "same") {
      solid = longTitle ? !bibConflict && (bibAgree >= 1 || missingBib === 3) : bibAgree >= 2 && !bibConflict;
    }
    if (solid) decision = "auto";
    else if (!(year === "different" && firstAuthor === "different")) decision = "review";
  } else if (title >= t.reviewTitle && year !== "different") {
    decision = "review";
  } else if (title >= t.looseReviewTitle && year === "same" && agree(firstAuthor)) {
    decision = "review";
  } else if (citationMatch || (year === "same" && agree(firstAuthor) && pages === "same" && agree(volume) && !idConflict)) {
    decision = "review";
  }
  const score = Math.min(1, (idMatch ? 0.5 : 0) + title * 0.5 + matched.length * 0.05);
  return { decision, evidence: { score: Math.round(score * 1000) / 1000, titleSimilarity: Math.round(title * 1000) / 1000, doi, pmid, year, firstAuthor, journal, pages, volume, matched } };
}
