import type { CitationRecord } from "../types";
import { doiKey, firstPage, journalTokens, lastPage, normaliseText, normaliseTitle, pageNumber, surname } from "./normalise";
import { noticeKind, noticeSubject, stripTitleAnnotations, type NoticeKind } from "./notice";
import { bigrams } from "./similarity";

/** What the comparator needs from one record, computed once. */
export interface RecordFeatures {
  titles: string[];
  titleGrams: Uint32Array[];
  titleWords: number;
  /** Normalised title with spaces, for word-based blocking. */
  titleText: string;
  year: number;
  firstAuthor: string;
  firstAuthorTokens: string[];
  surnames: Set<string>;
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
  const clean = (t: string) => (notice ? noticeSubject(stripTitleAnnotations(t)) : stripTitleAnnotations(t));
  const title = r.title ? clean(r.title) : "";
  const titleText = title ? normaliseText(title) : "";
  const keys = [normaliseTitle(title, titleText)];
  for (const other of r.otherTitles) keys.push(normaliseTitle(clean(other)));
  const titles = keys.filter((t, i, all) => t && all.indexOf(t) === i);
  const surnames = new Set<string>();
  for (const author of r.authors) {
    const s = memo(cache.surnames, author, surname);
    if (s) surnames.add(s);
  }
  const page = firstPage(r.pages);
  const conference = /\.\s*conference\s*:/i.exec(r.journal ?? "");
  return {
    titles,
    titleGrams: titles.map(bigrams),
    titleWords: titleText ? titleText.split(" ").length : 0,
    titleText,
    year: r.year ?? 0,
    firstAuthor: r.authors[0] ? memo(cache.surnames, r.authors[0], surname) : "",
    firstAuthorTokens: r.authors[0] ? normaliseText(r.authors[0]).split(" ").filter((t) => t.length >= 3) : [],
    surnames,
    journal: r.journal ? memo(cache.journals, r.journal, journalTokens) : [],
    conference: conference ? journalTokens(r.journal!.slice(conference.index + conference[0].length)) : [],
    page,
    pageNumber: pageNumber(page),
    lastPage: lastPage(r.pages),
    volume: volumeKey(r.volume),
    issue: (r.issue ?? "").trim().toLowerCase(),
    doi: doiKey(r.doi),
    pmid: (r.pmid ?? "").trim(),
    notice,
  };
}

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
  if (f.firstAuthor && f.year) keys.push(`a:${f.firstAuthor}|${f.year}`);
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
  const words = [...new Set(text.split(" ").filter((w) => w.length >= 5))].sort((x, y) => y.length - x.length || (x < y ? -1 : 1)).slice(0, 3);
  const keys: string[] = [];
  for (let i = 0; i < words.length; i++) for (let j = i + 1; j < words.length; j++) keys.push(`w:${[words[i], words[j]].sort().join("|")}`);
  return keys;
}
