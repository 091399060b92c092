import type { CitationRecord } from "../types";
import { doiKey, firstPage, journalTokens, lastPage, normaliseText, normaliseTitle, pageNumber, surname } from "./normalise";
import { noticeKind, noticeSubject, stripTitleAnnotations, type NoticeKind } from "./notice";
import { bigrams } from "./similarity";

/** Tokens of the first author and all surnames, for comparing first authors written differently. */
export interface AuthorDetails {
  firstAuthorTokens: string[];
  surnames: Set<string>;
  /** Surnames in author order ("" where a name has none), for comparing whole author lists. */
  surnameList: string[];
}

/** What the comparator needs from one record, computed once. */
export interface RecordFeatures {
  titles: string[];
  titleGrams: Uint32Array[];
  titleWords: number;
  /** Normalised title with spaces, for word-based blocking. */
  titleText: string;
  year: number;
  firstAuthor: string;
  /** Author names as given; their tokens and surnames are worked out only for pairs that need them ({@link authorDetails}). */
  authors: readonly string[];
  details: AuthorDetails | null;
  journal: string[];
  /** Conference named after the journal by Embase ("Pediatric Nephrology.Conference: 44th Annual …"). */
  conference: string[];
  page: string;
  /** Digits of the first page, to match "c37" with "37". */
  pageNumber: string;
  /** Last page of a range, "" for a single page. */
  lastPage: string;
  volume: string;
  issue: string;
  doi: string;
  pmid: string;
  /** Erratum, retraction notice or reply ("" for an ordinary record). */
  notice: NoticeKind;
  /** The venue or issue says meeting abstract or supplement ("….Conference: …", "Suppl 1", "S2", "Meeting Abstracts"). */
  meeting: boolean;
}

/**
 * Memo of normalisations that repeat across records (author names, journal names); one per
 * {@link findDuplicates} call, so it never outlives the records.
 */
export interface FeatureCache {
  surnames: Map<string, string>;
  journals: Map<string, string[]>;
}

export const newFeatureCache = (): FeatureCache => ({ surnames: new Map(), journals: new Map() });

function memo<V>(map: Map<string, V>, key: string, compute: (key: string) => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = compute(key)));
  return v;
}

export function recordFeatures(r: CitationRecord, cache: FeatureCache = newFeatureCache()): RecordFeatures {
  const notice = noticeKind(r);
  const title = r.title ? cleanTitle(r.title, notice) : "";
  const titleText = title ? normaliseText(title) : "";
  const keys = [normaliseTitle(title, titleText)];
  for (const other of r.otherTitles) keys.push(normaliseTitle(cleanTitle(other, notice)));
  const titles = keys.filter((t, i, all) => t && all.indexOf(t) === i);
  const page = firstPage(r.pages);
  const conference = r.journal ? CONFERENCE.exec(r.journal) : null;
  return {
    titles,
    titleGrams: titles.map(bigrams),
    titleWords: titleText ? titleText.split(" ").length : 0,
    titleText,
    year: r.year ?? 0,
    firstAuthor: r.authors[0] ? memo(cache.surnames, r.authors[0], surname) : "",
    authors: r.authors,
    details: null,
    journal: r.journal ? memo(cache.journals, r.journal, journalTokens) : [],
    conference: conference ? journalTokens(r.journal!.slice(conference.index + conference[0].length)) : [],
    page,
    pageNumber: pageNumber(page),
    lastPage: lastPage(r.pages),
    volume: volumeKey(r.volume),
    issue: r.issue ? r.issue.trim().toLowerCase() : "",
    doi: doiKey(r.doi),
    pmid: r.pmid ? r.pmid.trim() : "",
    notice,
    meeting: conference !== null || SUPPLEMENT.test(r.issue ?? "") || SUPPLEMENT.test(r.volume ?? ""),
  };
}
const CONFERENCE = /\.\s*conference\s*:/i;
const SUPPLEMENT = /\bsuppl|\bsupplement|^\s*s\d+\s*$|\bmeeting abstracts?\b/i;

function cleanTitle(title: string, notice: NoticeKind): string {
  const t = stripTitleAnnotations(title);
  return notice ? noticeSubject(t) : t;
}

/** First-author tokens and surnames of a record, worked out on first use and kept. */
export function authorDetails(f: RecordFeatures): AuthorDetails {
  if (!f.details) {
    const first = f.authors[0];
    const surnameList = f.authors.map(surname);
    f.details = {
      firstAuthorTokens: first ? normaliseText(first).split(" ").filter((t) => t.length >= 3) : [],
      surnames: new Set(surnameList.filter(Boolean)),
      surnameList,
    };
  }
  return f.details;
}

/** Prefix of the first-author + year blocking key. */
export const AUTHOR_YEAR_KEY = "a:";

/** Blocking keys: two records are compared only when they share at least one key. */
export function blockingKeys(f: RecordFeatures): string[] {
  const keys: string[] = [];
  if (f.doi) keys.push(`d:${f.doi}`);
  if (f.pmid) keys.push(`p:${f.pmid}`);
  for (const t of f.titles) {
    if (t.length >= 8) {
      keys.push(`t:${t.slice(0, 24)}`);
      keys.push(`e:${t.slice(-24)}`);
      const mid = t.length >> 1;
      keys.push(`m:${t.slice(mid - 8, mid + 8)}`);
    }
  }
  for (const k of longestWordKeys(f.titleText)) keys.push(k);
  if (f.firstAuthor && f.year) keys.push(`${AUTHOR_YEAR_KEY}${f.firstAuthor}|${f.year}`);
  if (f.year && f.page && f.volume) keys.push(`v:${f.year}|${f.volume}|${f.page}`);
  return keys;
}

/**
 * Volume number: the first number ("35 Suppl 1", "58 (1)" → "35", "58"; exports that misplace part
 * of the journal name, "Drug Discovery. 9", keep the number). A volume without digits ("(Jul)",
 * "Ph.D.") or cut off mid-field ("3)") says nothing and counts as missing.
 */
function volumeKey(volume: string | null): string {
  const v = (volume ?? "").trim();
  if (/^[^(]*\)/.test(v)) return "";
  const m = /\d+/.exec(v);
  return m ? String(Number(m[0])) : "";
}

/**
 * Pairs of the three longest title words: they survive prefixes ("Erratum:", "MEDICAL PROGRESS"),
 * truncation at the end and small edits elsewhere, which the prefix/suffix keys do not.
 */
function longestWordKeys(text: string): string[] {
  // the three longest distinct words of 5+ letters (ties: alphabetical), by one pass over the words
  const top: string[] = [];
  for (const w of text.split(" ")) {
    if (w.length < 5 || top.includes(w)) continue;
    let k = top.length;
    while (k > 0 && (w.length > top[k - 1].length || (w.length === top[k - 1].length && w < top[k - 1]))) k--;
    if (k < 3) {
      top.splice(k, 0, w);
      if (top.length > 3) top.pop();
    }
  }
  const keys: string[] = [];
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) keys.push(top[i] < top[j] ? `w:${top[i]}|${top[j]}` : `w:${top[j]}|${top[i]}`);
  }
  return keys;
}
