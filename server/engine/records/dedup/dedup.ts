import type { CitationRecord } from "../types";
import { comparePair, type PairDecision, type PairEvidence } from "./compare";
import { newFeatureCache, recordFeatures } from "./features";
import { forEachCandidatePair } from "./blocking";

/** One compared pair of records (indices into the input list). */
export interface DuplicatePair {
  a: number;
  b: number;
  decision: Exclude<PairDecision, null>;
  evidence: PairEvidence;
}

/**
 * A set of records judged to be one work. `auto` groups are merged without asking (the primary is
 * the richest record); a `review` group joins two already-resolved entities and waits for a human.
 */
export interface DuplicateGroup {
  confidence: "auto" | "review";
  /** Index of the record to keep. */
  primary: number;
  /** Indices of all records in the group, primary first. */
  members: number[];
  /** The pairwise evidence that formed the group. */
  pairs: DuplicatePair[];
}

export interface DedupOptions {
  /** Blocks up to this size are compared all-pairs. */
  maxBlockSize?: number;
  /**
   * Larger blocks (two common title words) are sorted by title and each record is compared with
   * this many neighbours (sorted-neighbourhood blocking), which bounds the work at 50,000 records;
   * larger first-author + year blocks (a common surname) are left to the title keys.
   */
  window?: number;
  /**
   * Each record's {@link richness}, when the caller computed it before leaving out the abstract
   * (the only field dedup reads just for richness): the app keeps 50,000 records in memory without
   * their abstracts while it imports.
   */
  richness?: ArrayLike<number>;
}

/** Default options of {@link findDuplicates}. */
export const DEFAULT_DEDUP_OPTIONS: Required<Omit<DedupOptions, "richness">> = { maxBlockSize: 40, window: 8 };

export interface DedupResult {
  groups: DuplicateGroup[];
  stats: { records: number; comparedPairs: number; autoGroups: number; reviewGroups: number; duplicatesRemoved: number };
}

/**
 * Finds duplicate records: exact DOI/PMID matches and fuzzy title + year + first author +
 * journal/pages matches, compared only within blocks of records sharing a key. Certain pairs form
 * `auto` groups (connected components); uncertain pairs between different components form `review` groups.
 */
export function findDuplicates(records: readonly CitationRecord[], options: DedupOptions = {}): DedupResult {
  const { maxBlockSize, window: neighbours } = { ...DEFAULT_DEDUP_OPTIONS, ...options };
  const cache = newFeatureCache();
  const features = records.map((r) => recordFeatures(r, cache));
  const n = records.length;
  const pairs: DuplicatePair[] = [];
  let compared = 0;
  forEachCandidatePair(features, maxBlockSize, neighbours + 1, (a, b) => {
    compared++;
    const { decision, evidence } = comparePair(features[a], features[b]);
    if (decision) pairs.push({ a, b, decision, evidence });
  });
  const given = options.richness;
  const groups = buildGroups(records.length, pairs, given ? (i) => given[i] : (i) => richness(records[i]));
  const autoGroups = groups.filter((g) => g.confidence === "auto");
  return {
    groups,
    stats: {
      records: n,
      comparedPairs: compared,
      autoGroups: autoGroups.length,
      reviewGroups: groups.length - autoGroups.length,
      duplicatesRemoved: autoGroups.reduce((s, g) => s + g.members.length - 1, 0),
    },
  };
}

function buildGroups(n: number, pairs: DuplicatePair[], richnessOf: (i: number) => number): DuplicateGroup[] {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (const p of pairs) if (p.decision === "auto") parent[find(p.a)] = find(p.b);

  const components = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const list = components.get(root);
    if (list) list.push(i);
    else components.set(root, [i]);
  }
  const autoPairs = new Map<number, DuplicatePair[]>();
  const reviewPairs = new Map<string, DuplicatePair[]>();
  for (const p of pairs) {
    const ra = find(p.a);
    const rb = find(p.b);
    if (p.decision === "auto") (autoPairs.get(ra) ?? autoPairs.set(ra, []).get(ra)!).push(p);
    else if (ra !== rb) {
      const key = ra < rb ? `${ra}:${rb}` : `${rb}:${ra}`;
      (reviewPairs.get(key) ?? reviewPairs.set(key, []).get(key)!).push(p);
    }
  }
  const groups: DuplicateGroup[] = [];
  for (const [root, members] of components) {
    if (members.length > 1) groups.push(makeGroup("auto", members, autoPairs.get(root) ?? [], richnessOf));
  }
  for (const [key, list] of reviewPairs) {
    const [ra, rb] = key.split(":").map(Number);
    groups.push(makeGroup("review", [...components.get(ra)!, ...components.get(rb)!], list, richnessOf));
  }
  return groups;
}

function makeGroup(confidence: "auto" | "review", members: number[], pairs: DuplicatePair[], richnessOf: (i: number) => number): DuplicateGroup {
  const primary = members.reduce((best, i) => (richnessOf(i) > richnessOf(best) ? i : best), members[0]);
  return { confidence, primary, members: [primary, ...members.filter((m) => m !== primary).sort((x, y) => x - y)], pairs };
}

/** How complete a record is: the primary of a group is the richest member (ties: the earliest). */
export function richness(r: CitationRecord): number {
  return richnessWith(r, abstractChars(r.abstract));
}

/**
 * {@link richness} of a record whose abstract is known only by its length in characters (code
 * points; counted up to {@link RICH_ABSTRACT_CHARS}: a longer abstract adds nothing more).
 */
export function richnessWith(r: Omit<CitationRecord, "abstract">, abstractChars: number): number {
  const scalars = [r.title, r.year, r.journal, r.volume, r.issue, r.pages, r.doi, r.pmid, r.language, r.url].filter((v) => v !== null && v !== "").length + (abstractChars > 0 ? 1 : 0);
  return scalars * 10 + Math.min(r.authors.length, 10) + Math.min(r.keywords.length, 10) + Math.min(abstractChars, RICH_ABSTRACT_CHARS) / 500;
}

/** Abstract characters that count towards richness. */
export const RICH_ABSTRACT_CHARS = 2500;

/** Characters (code points) of an abstract, counted up to {@link RICH_ABSTRACT_CHARS}. */
export function abstractChars(abstract: string | null): number {
  if (!abstract) return 0;
  if (abstract.length <= RICH_ABSTRACT_CHARS && !/[\uD800-\uDBFF]/.test(abstract)) return abstract.length;
  let n = 0;
  for (const _ of abstract) if (++n === RICH_ABSTRACT_CHARS) break;
  return n;
}
