import type { CitationRecord } from "../types";
import { doiKey, firstPage, journalTokens, normaliseText, normaliseTitle, surname, wordCount } from "./normalise";
import { bigrams } from "./similarity";

/** What the comparator needs from one record, computed once. */
export interface RecordFeatures {
  titles: string[];
  titleGrams: Uint32Array[];
  titleWords: number;
  year: number;
  firstAuthor: string;
  firstAuthorTokens: string[];
  surnames: Set<string>;
  journal: string[];
  page: string;
  volume: string;
  issue: string;
  doi: string;
  pmid: string;
}

export function recordFeatures(r: CitationRecord): RecordFeatures {
  const titles = [r.title, ...r.otherTitles].map(normaliseTitle).filter((t, i, all) => t && all.indexOf(t) === i);
  const surnames = new Set(r.authors.map(surname).filter(Boolean));
  return {
    titles,
    titleGrams: titles.map(bigrams),
    titleWords: wordCount(r.title),
    year: r.year ?? 0,
    firstAuthor: surname(r.authors[0]),
    firstAuthorTokens: r.authors[0] ? normaliseText(r.authors[0]).split(" ").filter((t) => t.length >= 3) : [],
    surnames,
    journal: journalTokens(r.journal),
    page: firstPage(r.pages),
    volume: (r.volume ?? "").trim().toLowerCase(),
    issue: (r.issue ?? "").trim().toLowerCase(),
    doi: doiKey(r.doi),
    pmid: (r.pmid ?? "").trim(),
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
  if (f.firstAuthor && f.year) keys.push(`a:${f.firstAuthor}|${f.year}`);
  if (f.year && f.page && f.volume) keys.push(`v:${f.year}|${f.volume}|${f.page}`);
  return keys;
}
