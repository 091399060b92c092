/**
 * Export files of a snapshot dataset: extraction, foci, quality and outcome tables (CSV),
 * coordinates as BrainMap Sleuth text, NiMARE Dataset JSON and NIMADS Studyset JSON.
 */
import Papa from "papaparse";
import { formatNimadsStudyset, formatNimareDatasetJson } from "@/server/engine/cbma/io/nimare-json";
import { formatSleuth } from "@/server/engine/cbma/io/sleuth";
import type { FieldValue } from "../extraction/form-schema";
import { type ExperimentFilter, selectExperiments, snapshotToCoordinateDataset } from "./convert";
import type { SnapshotDataset } from "./dataset";

// A leading BOM makes Excel read the UTF-8 (author names, µ, –) correctly.
const csv = (rows: Record<string, unknown>[], columns: string[]) => "\uFEFF" + Papa.unparse({ fields: columns, data: rows.map((r) => columns.map((c) => r[c] ?? "")) }, { newline: "\r\n" }) + "\r\n";

/** A study-level answer as one cell; table rows keep the form's column order (the snapshot sorts keys). */
function cell(value: FieldValue | undefined, columns: string[] = []): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) {
    return value
      .map((v) => {
        if (typeof v !== "object" || v === null) return String(v);
        const keys = [...columns.filter((k) => k in v), ...Object.keys(v).filter((k) => !columns.includes(k))];
        return keys.filter((k) => v[k] !== null).map((k) => `${k}=${v[k]}`).join(", ");
      })
      .join(" | ");
  }
  return value;
}

/** One row per study: reports and every study-level field of the form. */
export function extractionCsv(d: SnapshotDataset): string {
  const fieldKeys = d.form.fields.map((f) => f.key);
  const rows = d.studies.map((s) => ({
    study_id: s.id,
    study: s.label,
    reports: s.reports.map((r) => r.doi ?? r.title ?? r.recordId).join(" | "),
    experiments: s.experiments.length,
    foci: s.experiments.reduce((n, e) => n + e.foci.length, 0),
    ...Object.fromEntries(d.form.fields.map((f) => [f.key, cell(s.fields[f.key], f.columns?.map((c) => c.key))])),
    consensus_rationale: s.consensus.rationale ?? "",
  }));
  return csv(rows, ["study_id", "study", "reports", "experiments", "foci", ...fieldKeys, "consensus_rationale"]);
}

/** One row per focus, MNI and as reported. */
export function fociCsv(d: SnapshotDataset, filter: ExperimentFilter = {}): string {
  const rows = selectExperiments(d, filter).flatMap(({ study, experiment: e }) =>
    e.foci.map((f, i) => ({
      study: study.label, experiment: e.label, experiment_id: e.id, modality: e.modality, subgroup: e.subgroup, n1: e.n1, n2: e.n2 ?? "",
      focus: i + 1, x_mni: f.x, y_mni: f.y, z_mni: f.z, space_reported: e.space, x_reported: f.original[0], y_reported: f.original[1], z_reported: f.original[2],
      transform: e.transform, statistic: f.statistic, value: f.value ?? "", direction: f.direction, region: f.region,
    })),
  );
  return csv(rows, ["study", "experiment", "experiment_id", "modality", "subgroup", "n1", "n2", "focus", "x_mni", "y_mni", "z_mni", "space_reported", "x_reported", "y_reported", "z_reported", "transform", "statistic", "value", "direction", "region"]);
}

/** Studies × items (consensus scores), total and whether a third reviewer decided. */
export function qualityCsv(d: SnapshotDataset): string {
  const keys = d.checklist.items.map((i) => i.key);
  const rows = d.studies.map((s) => ({ study_id: s.id, study: s.label, ...Object.fromEntries(keys.map((k) => [k, s.quality.scores[k] ?? ""])), total: s.quality.total ?? "", third_reviewer: s.quality.thirdReviewer ? "yes" : "no" }));
  return csv(rows, ["study_id", "study", ...keys, "total", "third_reviewer"]);
}

/** One row per outcome arm, with the experiment's moderators and the study's quality total. */
export function outcomesCsv(d: SnapshotDataset, filter: ExperimentFilter = {}): string {
  const selected = selectExperiments(d, filter);
  const moderatorNames = [...new Set(selected.flatMap(({ experiment }) => Object.keys(experiment.moderators)))].sort();
  const rows = selected.flatMap(({ study, experiment: e }) =>
    e.outcomes.map((o) => ({
      study: study.label, experiment: e.label, experiment_id: e.id, modality: e.modality, subgroup: e.subgroup,
      outcome: o.outcome, arm: o.arm, group: o.group, time_point: o.timePoint, n: o.n, mean: o.mean ?? "", sd: o.sd ?? "", events: o.events ?? "", total: o.total ?? "",
      quality_total: study.quality.total ?? "",
      ...Object.fromEntries(moderatorNames.map((m) => [`mod_${m}`, e.moderators[m] ?? ""])),
    })),
  );
  return csv(rows, ["study", "experiment", "experiment_id", "modality", "subgroup", "outcome", "arm", "group", "time_point", "n", "mean", "sd", "events", "total", "quality_total", ...moderatorNames.map((m) => `mod_${m}`)]);
}

/**
 * Sleuth text (MNI). Sleuth splits "study: contrast" at the first ':' or ';', so those
 * characters inside study labels become ',' to keep the round trip exact.
 */
export function sleuthText(d: SnapshotDataset, filter: ExperimentFilter = {}): string {
  const data = snapshotToCoordinateDataset(d, filter);
  data.experiments = data.experiments.map((e) => ({ ...e, studyLabel: e.studyLabel.replace(/[:;]/g, ","), contrastLabel: e.contrastLabel.replace(/[\r\n]+/g, " ") }));
  return formatSleuth(data, { space: "MNI" });
}

/** NiMARE legacy Dataset JSON. */
export function nimareJson(d: SnapshotDataset, filter: ExperimentFilter = {}): string {
  return formatNimareDatasetJson(snapshotToCoordinateDataset(d, filter));
}

/** NIMADS Studyset JSON (NiMARE ≥ 1.0). */
export function nimadsJson(d: SnapshotDataset, filter: ExperimentFilter = {}): string {
  return formatNimadsStudyset(snapshotToCoordinateDataset(d, filter));
}

export const EXPORT_FILES = {
  "extraction.csv": { type: "text/csv; charset=utf-8", make: (d: SnapshotDataset) => extractionCsv(d) },
  "foci.csv": { type: "text/csv; charset=utf-8", make: (d: SnapshotDataset, f: ExperimentFilter) => fociCsv(d, f) },
  "quality.csv": { type: "text/csv; charset=utf-8", make: (d: SnapshotDataset) => qualityCsv(d) },
  "outcomes.csv": { type: "text/csv; charset=utf-8", make: (d: SnapshotDataset, f: ExperimentFilter) => outcomesCsv(d, f) },
  "coordinates-sleuth.txt": { type: "text/plain; charset=utf-8", make: (d: SnapshotDataset, f: ExperimentFilter) => sleuthText(d, f) },
  "coordinates-nimare.json": { type: "application/json", make: (d: SnapshotDataset, f: ExperimentFilter) => nimareJson(d, f) },
  "coordinates-nimads.json": { type: "application/json", make: (d: SnapshotDataset, f: ExperimentFilter) => nimadsJson(d, f) },
} as const;
export type ExportFile = keyof typeof EXPORT_FILES;
