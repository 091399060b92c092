export * from "./types";
export { ImportError, type ImportErrorCode } from "./errors";
export { parseCitations, openCitations, type CitationStream } from "./parse";
export { detectFormat } from "./detect";
export { CSV_PRESETS, matchCsvPreset, suggestCsvMapping } from "./csv-mapping";
export { findDuplicates, richness, DEFAULT_DEDUP_OPTIONS, type DuplicateGroup, type DuplicatePair, type DedupOptions, type DedupResult } from "./dedup/dedup";
export { comparePair, DEDUP_THRESHOLDS, type PairEvidence, type FieldMatch } from "./dedup/compare";
export { normaliseTitle, normaliseText } from "./dedup/normalise";
