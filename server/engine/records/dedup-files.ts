// File-level dedup shared by the `records dedup` CLI, its benchmark and the accuracy test, so all
// three run exactly the engine's findDuplicates on the same parsed records.
import { readFileSync } from "node:fs";
import path from "node:path";
import { findDuplicates, type DedupResult } from "./dedup/dedup";
import type { PairEvidence } from "./dedup/compare";
import { parseCitations } from "./parse";
import type { CitationFormat, CitationRecord } from "./types";

export interface GroupOutput {
  confidence: "auto" | "review";
  /** Record ID of the record to keep. */
  primary: string;
  /** Record IDs, primary first. */
  ids: string[];
  pairs: ({ a: string; b: string; decision: "auto" | "review" } & PairEvidence)[];
}

export interface DedupFilesOutput {
  inputs: { file: string; format: CitationFormat; records: number; warnings: number }[];
  stats: DedupResult["stats"];
  groups: GroupOutput[];
}

/**
 * Parses each file (format auto-detected unless given) and deduplicates all records together.
 * Groups name records by their own ID (RIS ID/AN, PMID, the CSV `ID`/`record_id` column …);
 * records without one are named "file#n"; IDs that repeat across files get a "file:" prefix.
 */
export function dedupFiles(files: string[], options: { format?: CitationFormat | "auto" } = {}): DedupFilesOutput {
  const records: CitationRecord[] = [];
  const names: string[] = [];
  const inputs: DedupFilesOutput["inputs"] = [];
  const used = new Set<string>();
  for (const file of files) {
    const base = path.basename(file);
    const parsed = parseCitations(readFileSync(file), { fileName: base, format: options.format });
    inputs.push({ file: base, format: parsed.format, records: parsed.records.length, warnings: parsed.warnings.length });
    parsed.records.forEach((r, i) => {
      let name = r.sourceRecordId ?? `${base}#${i + 1}`;
      if (used.has(name)) name = `${base}:${name}`;
      while (used.has(name)) name = `${name}'`;
      used.add(name);
      names.push(name);
      records.push(r);
    });
  }
  const result = findDuplicates(records);
  const groups = result.groups.map((g) => ({
    confidence: g.confidence,
    primary: names[g.primary],
    ids: g.members.map((m) => names[m]),
    pairs: g.pairs.map((p) => ({ a: names[p.a], b: names[p.b], decision: p.decision, ...p.evidence })),
  }));
  return { inputs, stats: result.stats, groups };
}
