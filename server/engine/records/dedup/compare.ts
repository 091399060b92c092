import { authorDetails, type RecordFeatures } from "./features";
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
  /**
   * Leading authors (surnames, in order) two records must share before the author team counts as
   * evidence: for one meeting abstract under two page numbers (the whole list) and for the same
   * citation under another title (the shorter list a prefix of the longer).
   */
  teamAuthors: 3,
} as const;

const NO_MATCH: PairEvidence = Object.freeze({ score: 0, titleSimilarity: 0, doi: "missing", pmid: "missing", year: "missing", firstAuthor: "missing", journal: "missing", pages: "missing", volume: "missing", matched: Object.freeze([]) as unknown as string[] });
// returned for the (many) unrelated pairs without allocating
const NOT_DUPLICATE = Object.freeze({ decision: null, evidence: NO_MATCH });

const eq = (a: string | number, b: string | number): FieldMatch => (!a || !b ? "missing" : a === b ? "same" : "different");

/** First pages; "compatible" when only a section letter differs ("c37" ~ "37", "e3" ~ "3"). */
function comparePages(a: RecordFeatures, b: RecordFeatures): FieldMatch {
  const m = eq(a.page, b.page);
  return m === "different" && a.pageNumber === b.pageNumber ? "compatible" : m;
}

/** Journals; Embase names a meeting after its journal ("J Thromb Haemost.Conference: 23rd Congress …"), another database only the meeting. */
function compareVenues(a: RecordFeatures, b: RecordFeatures): FieldMatch {
  const m = compareJournals(a.journal, b.journal);
  if (m !== "different") return m;
  const alt = [compareJournals(a.conference, b.journal), compareJournals(a.journal, b.conference)];
  return alt.includes("same") || alt.includes("compatible") ? "compatible" : m;
}

function compareAuthors(a: RecordFeatures, b: RecordFeatures): FieldMatch {
  if (!a.firstAuthor || !b.firstAuthor) return "missing";
  if (a.firstAuthor === b.firstAuthor) return "same";
  const [s, l] = a.firstAuthor.length <= b.firstAuthor.length ? [a.firstAuthor, b.firstAuthor] : [b.firstAuthor, a.firstAuthor];
  if (s.length >= 3 && l.includes(s)) return "compatible";
  // Chinese and Hungarian names are written in either order; a shared name token is enough
  const [da, db] = [authorDetails(a), authorDetails(b)];
  if (da.firstAuthorTokens.some((t) => db.firstAuthorTokens.includes(t))) return "compatible";
  if (db.surnames.has(a.firstAuthor) || da.surnames.has(b.firstAuthor)) return "compatible";
  // a mis-encoded letter ("Bu?lova" for "Builova") leaves most bigrams intact
  if (s.length >= 4 && dice(bigrams(a.firstAuthor), bigrams(b.firstAuthor)) >= 0.7) return "compatible";
  return "different";
}

/**
 * Number of leading authors two records share when the shorter author list (by surname, in order)
 * is a prefix of the longer one, as when a database keeps only the first few names; 0 otherwise.
 */
export function sharedAuthorPrefix(a: RecordFeatures, b: RecordFeatures): number {
  if (a.authors.length === 0 || b.authors.length === 0) return 0;
  const [la, lb] = [authorDetails(a).surnameList, authorDetails(b).surnameList];
  const n = Math.min(la.length, lb.length);
  for (let i = 0; i < n; i++) if (!la[i] || la[i] !== lb[i]) return 0;
  return n;
}

/** Same year, first author and at least {@link DEDUP_THRESHOLDS.teamAuthors} leading authors: the cheap test first. */
function sameTeamAndYear(a: RecordFeatures, b: RecordFeatures): boolean {
  return a.year !== 0 && a.year === b.year && a.firstAuthor !== "" && a.firstAuthor === b.firstAuthor && sharedAuthorPrefix(a, b) >= DEDUP_THRESHOLDS.teamAuthors;
}

/** Best similarity over all titles of both records; below `atLeast` it may read 0. */
function bestTitle(a: RecordFeatures, b: RecordFeatures, atLeast: number): number {
  let best = 0;
  for (let i = 0; i < a.titles.length; i++) {
    for (let j = 0; j < b.titles.length; j++) {
      best = Math.max(best, titleSimilarity(a.titles[i], b.titles[j], a.titleGrams[i], b.titleGrams[j], Math.max(atLeast, best)));
    }
  }
  return best;
}

/** Compares two records and decides: merge automatically, queue for review, or not a duplicate. */
export function comparePair(a: RecordFeatures, b: RecordFeatures): { decision: PairDecision; evidence: PairEvidence } {
  const t = DEDUP_THRESHOLDS;
  // Most blocked pairs are unrelated: without a shared identifier, a similar title, a shared year
  // and first page or the same author team in the same year no rule below can fire, so skip the
  // remaining comparisons.
  const sharedId = (a.doi !== "" && a.doi === b.doi) || (a.pmid !== "" && a.pmid === b.pmid);
  const samePageYear = a.page !== "" && a.page === b.page && a.year === b.year;
  let title = bestTitle(a, b, sharedId || samePageYear ? 0 : t.looseReviewTitle);
  if (!sharedId && title < t.looseReviewTitle && !samePageYear) {
    if (!sameTeamAndYear(a, b)) return NOT_DUPLICATE;
    title = bestTitle(a, b, 0);
  }
  const doi = eq(a.doi, b.doi);
  const pmid = eq(a.pmid, b.pmid);
  const year: FieldMatch = !a.year || !b.year ? "missing" : a.year === b.year ? "same" : Math.abs(a.year - b.year) === 1 ? "compatible" : "different";
  const firstAuthor = compareAuthors(a, b);
  const journal = compareVenues(a, b);
  const pages = comparePages(a, b);
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
  const longTitle = Math.min(a.titleWords, b.titleWords) >= t.shortTitleWords;

  // An erratum, retraction notice or reply repeats its article's title, journal and volume: only a
  // human may link records of different kinds.
  const sameKind = a.notice === b.notice;
  const singlePages = a.lastPage === "" && b.lastPage === "";
  // Same year, first author, journal, volume and first page name one publication whatever its title says.
  const citationMatch = year === "same" && agree(firstAuthor) && agree(journal) && pages === "same" && volume !== "different" && !idConflict;
  // The same multi-page range in the same issue, however a database spells the first author.
  const sameRange = citationMatch && a.lastPage !== "" && a.lastPage === b.lastPage && eq(a.issue, b.issue) !== "different";
  // One meeting abstract under two page numbers (one database gives the page, another the abstract
  // number, or the book prints it twice): the identical long title with the identical list of at
  // least three authors, one-page records in the same meeting volume. Two abstracts of one group in
  // a supplement differ in title or authors; a one-page letter and its erratum are not in a meeting volume.
  const sameAbstract =
    sameKind && !idConflict && singlePages && pages === "different" && (a.meeting || b.meeting) && year === "same" && agree(journal) && volume !== "different" &&
    eq(a.issue, b.issue) !== "different" && title === 1 && longTitle && a.authors.length === b.authors.length && sharedAuthorPrefix(a, b) >= t.teamAuthors;
  let decision: PairDecision = null;
  if (idMatch && !idConflict) {
    // A DOI shared by one-page records on different pages belongs to a whole supplement, not to one abstract.
    const supplementDoi = pmid !== "same" && pages === "different" && singlePages && !sameAbstract;
    if (!sameKind || supplementDoi) decision = "review";
    else if (title >= t.idTitle || (noTitle && okOrMissing(year) && okOrMissing(firstAuthor))) decision = "auto";
    else decision = "review";
  } else if (sameKind && (citationMatch && firstAuthor === "same" ? title >= t.citationTitle : sameRange && title >= t.citationTitle)) {
    // a shared first page in a supplement can hold several abstracts, hence the exact first author or page range
    decision = "auto";
  } else if (title >= t.sameTitle) {
    const missingBib = [journal, pages, volume].filter((m) => m === "missing").length;
    const sameVenue = agree(journal) || (bibAgree >= 2 && !bibConflict);
    let solid = false;
    if (!sameKind || idConflict) solid = false;
    else if (!bibConflict && firstAuthor === "same") {
      // A long identical title by the same first author in the same year is one work; a differing
      // page is a conference abstract of it or a typing error (Rathbone et al. count both as duplicates).
      if (year === "same") solid = longTitle ? sameVenue || missingBib === 3 : bibAgree >= 2;
      else if (year === "compatible") solid = agree(journal) && volume === "same" && (longTitle || agree(pages));
    } else if (agree(firstAuthor) && year === "same" && !bibConflict) {
      solid = longTitle ? bibAgree >= 1 || missingBib === 3 : bibAgree >= 2;
    } else if (firstAuthor === "same" && year === "same" && longTitle && agree(journal) && volume === "same" && pages === "different") {
      // Same long title, first author, journal and volume on other pages: a one-page meeting abstract
      // and the full article, or a typing error in the first page of one range. Two one-page records
      // on different pages stay apart (two abstracts of one group in a supplement), and so does a
      // one-page record after the article (an erratum filed under the article's title).
      // An erratum follows its article, so only a one-page record printed *before* the range counts.
      const [x, y] = a.lastPage === "" ? [a, b] : [b, a];
      const before = x.lastPage === "" && y.lastPage !== "" && Number(x.pageNumber) < Number(y.pageNumber);
      solid = before || (a.lastPage !== "" && a.lastPage === b.lastPage);
    }
    // Different volumes or years in one journal are as often a companion paper as the same work: such pairs go to a human.
    if (solid || sameAbstract) decision = "auto";
    else if (!(year === "different" && firstAuthor === "different")) decision = "review";
  } else if (title >= t.reviewTitle && year !== "different") {
    decision = "review";
  } else if (title >= t.looseReviewTitle && year === "same" && agree(firstAuthor)) {
    decision = "review";
  } else if (citationMatch || (year === "same" && agree(firstAuthor) && pages === "same" && agree(volume) && !idConflict)) {
    decision = "review";
  } else if (year === "same" && agree(journal) && !bibConflict && !idConflict && sameTeamAndYear(a, b)) {
    // The same author team in the same journal and year with no conflicting volume or page: a
    // publication retitled between databases (online-first vs print title), or a companion paper.
    decision = "review";
  }
  const score = Math.min(1, (idMatch ? 0.5 : 0) + title * 0.5 + matched.length * 0.05);
  return { decision, evidence: { score: Math.round(score * 1000) / 1000, titleSimilarity: Math.round(title * 1000) / 1000, doi, pmid, year, firstAuthor, journal, pages, volume, matched } };
}
