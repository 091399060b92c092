// Scores duplicate groups against the labelled sets in ../shared/data/dedup. Used by the accuracy
// test (engine groups) and by `npm run bench:dedup` (the CLI's groups), so both report the same figures.
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import iconv from "iconv-lite";
import type { GroupOutput } from "../dedup-files";
import { scoreGroupRemovals, scorePairwise, scoreRemovals, type PairwiseScore } from "./score";

export interface LabelledSet {
  name: string;
  /** Input file for `records dedup`, relative to the dedup data folder. */
  file: string;
  kind: "pairwise" | "removals";
}

export const LABELLED_SETS: LabelledSet[] = [
  { name: "haematology", file: "haematology/records_pre_merged.csv", kind: "pairwise" },
  { name: "stroke", file: "stroke/records_pre_merged.csv", kind: "pairwise" },
  { name: "asysd-diabetes", file: "asysd__labelled_test_set.csv", kind: "removals" },
];

interface Score {
  precision: number;
  recall: number;
  predicted: number;
  correct: number;
  gold: number;
}

export interface SetScore {
  name: string;
  kind: LabelledSet["kind"];
  /** Pairwise for the Rathbone sets, record-level removals for ASySD's. */
  auto: Score;
  autoAndReview: Score;
  /** The Rathbone sets scored at record level too, as their curators (bib-dedupe) and ASySD publish them. */
  records?: { auto: Score; autoAndReview: Score };
}

const fromPairwise = (s: PairwiseScore): Score => ({ precision: s.precision, recall: s.recall, predicted: s.predictedPairs, correct: s.truePairs, gold: s.goldPairs });
const fromRemovals = (s: { precision: number; recall: number; removed: number; correct: number }, gold: number): Score => ({ precision: s.precision, recall: s.recall, predicted: s.removed, correct: s.correct, gold });

/** Connected components over all groups: what remains if every review pair were confirmed. */
function mergeAll(groups: string[][]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (const g of groups) for (const id of g) if (!parent.has(id)) parent.set(id, id);
  for (const g of groups) for (const id of g.slice(1)) parent.set(find(id), find(g[0]));
  const out = new Map<string, string[]>();
  for (const id of parent.keys()) (out.get(find(id)) ?? out.set(find(id), []).get(find(id))!).push(id);
  return [...out.values()].filter((g) => g.length > 1);
}

/** Gold duplicate groups of a Rathbone set (`merged_record_ids.csv` beside its records: one `id;id;…` row per group). */
function readGoldGroups(dedupDir: string, set: LabelledSet): string[][] {
  const goldText = readFileSync(path.join(dedupDir, path.dirname(set.file), "merged_record_ids.csv"), "utf8");
  return Papa.parse<string[]>(goldText, { skipEmptyLines: true }).data.slice(1).map((row) => row[0].split(";"));
}

/** A gold duplicate pair that no automatic group holds: waiting in a review group, or not found at all. */
export interface MissedPair {
  a: string;
  b: string;
  status: "queued" | "not found";
  /** The comparison of exactly these two records, when the review group holds it (a review group may join them through others). */
  evidence: GroupOutput["pairs"][number] | null;
}

/** The gold pairs of a pairwise set that the automatic groups miss, in gold order (`bench:dedup --misses`). */
export function missedGoldPairs(dedupDir: string, set: LabelledSet, groups: GroupOutput[]): MissedPair[] {
  const autoOf = new Map<string, number>();
  groups.forEach((g, i) => {
    if (g.confidence === "auto") for (const id of g.ids) autoOf.set(id, i);
  });
  const review = groups.filter((g) => g.confidence === "review");
  const missed: MissedPair[] = [];
  for (const gold of readGoldGroups(dedupDir, set)) {
    for (let i = 0; i < gold.length; i++) {
      for (let j = i + 1; j < gold.length; j++) {
        const [a, b] = [gold[i], gold[j]];
        if (autoOf.has(a) && autoOf.get(a) === autoOf.get(b)) continue;
        const group = review.find((g) => g.ids.includes(a) && g.ids.includes(b));
        const evidence = group?.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a)) ?? null;
        missed.push({ a, b, status: group ? "queued" : "not found", evidence });
      }
    }
  }
  return missed;
}

/**
 * Scores one set. Rathbone sets (gold groups): pairwise precision/recall, and record-level removals
 * (scoreGroupRemovals). ASySD's set (a per-record
 * unique/duplicate label, no groups): record-level precision/recall of removals (see scoreRemovals).
 */
export function scoreLabelledSet(dedupDir: string, set: LabelledSet, groups: GroupOutput[]): SetScore {
  const auto = groups.filter((g) => g.confidence === "auto").map((g) => g.ids);
  const all = groups.map((g) => g.ids);
  if (set.kind === "pairwise") {
    const gold = readGoldGroups(dedupDir, set);
    const removals = (g: string[][]) => {
      const s = scoreGroupRemovals(g, gold);
      return fromRemovals(s, s.goldDuplicates);
    };
    return {
      name: set.name,
      kind: set.kind,
      auto: fromPairwise(scorePairwise(auto, gold)),
      autoAndReview: fromPairwise(scorePairwise(all, gold)),
      records: { auto: removals(auto), autoAndReview: removals(mergeAll(all)) },
    };
  }
  const text = iconv.decode(readFileSync(path.join(dedupDir, set.file)), "windows-1252");
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  const unique = new Set(rows.filter((r) => r.source === "unique").map((r) => r.record_id));
  const goldDuplicates = rows.length - unique.size;
  const score = (g: string[][]) => fromRemovals(scoreRemovals(g, unique, goldDuplicates), goldDuplicates);
  return { name: set.name, kind: set.kind, auto: score(auto), autoAndReview: score(mergeAll(all)) };
}
