/**
 * Converters from a locked snapshot to the engines' inputs (pure functions; see README.md).
 */
import type { StudyRecord } from "@/server/engine/effects/study-input";
import type { CoordinateDataset, Experiment } from "@/server/engine/cbma/types";
import type { SnapshotDataset, SnapshotExperiment, SnapshotStudy } from "./dataset";

/** Which experiments to use. Empty/absent lists mean "all". */
export interface ExperimentFilter {
  modalities?: string[];
  subgroups?: string[];
  experimentIds?: string[];
  studyIds?: string[];
}

/** Experiments of the snapshot that pass the filter, with their study. */
export function selectExperiments(snapshot: SnapshotDataset, filter: ExperimentFilter = {}): { study: SnapshotStudy; experiment: SnapshotExperiment }[] {
  const has = (list: string[] | undefined, v: string) => !list?.length || list.includes(v);
  return snapshot.studies.flatMap((study) =>
    study.experiments
      .filter((e) => has(filter.studyIds, study.id) && has(filter.experimentIds, e.id) && has(filter.modalities, e.modality) && has(filter.subgroups, e.subgroup))
      .map((experiment) => ({ study, experiment })),
  );
}

/**
 * The snapshot as the CBMA engine's `CoordinateDataset`: one experiment per snapshot experiment
 * with foci (MNI and as reported), sample size n1 + n2, space and transform; t/z peak values as
 * signed `stat`. Experiments without foci are left out (ALE needs at least one focus each).
 */
export function snapshotToCoordinateDataset(snapshot: SnapshotDataset, filter: ExperimentFilter = {}, name = `snapshot-v${snapshot.version}`): CoordinateDataset {
  const experiments: Experiment[] = selectExperiments(snapshot, filter)
    .filter(({ experiment }) => experiment.foci.length > 0)
    .map(({ study, experiment: e }) => ({
      id: e.id,
      studyLabel: study.label,
      contrastLabel: e.label,
      sampleSize: e.n1 + (e.n2 ?? 0),
      space: e.space,
      transform: e.transform,
      foci: e.foci.map((f) => ({
        mniMm: [f.x, f.y, f.z] as [number, number, number],
        originalMm: f.original,
        ...((f.statistic === "t" || f.statistic === "z") && f.value !== null ? { stat: f.value } : {}),
      })),
      attributes: { studyId: study.id, modality: e.modality, subgroup: e.subgroup, n1: e.n1, n2: e.n2, qualityTotal: study.quality.total },
    }));
  return { name, experiments, source: { format: "concord-snapshot", projectId: snapshot.projectId, version: snapshot.version } };
}

/** Which outcome rows feed an effect-size analysis. */
export interface OutcomeFilter extends ExperimentFilter {
  /** Outcome name as extracted (case-insensitive); absent = the experiment must have a single outcome. */
  outcome?: string;
  /** Time point as extracted; absent = rows without a time point, or the only one. */
  timePoint?: string;
}

/**
 * Per-experiment `StudyRecord`s for `server/engine/effects` (`escalc`): continuous rows give
 * n1/mean1/sd1/n2/mean2/sd2, binary rows events1/total1/events2/total2 (group 1 = patients or
 * experimental arm, group 2 = controls). Moderators, `quality_total`, `modality` and `subgroup`
 * ride along as extra fields. Experiments that do not have exactly one row per group for the
 * chosen outcome and time point are listed in `skipped` with the reason.
 */
export function snapshotToEffectsInput(snapshot: SnapshotDataset, filter: OutcomeFilter = {}): { studies: StudyRecord[]; skipped: { experimentId: string; label: string; reason: string }[] } {
  const studies: StudyRecord[] = [];
  const skipped: { experimentId: string; label: string; reason: string }[] = [];
  for (const { study, experiment: e } of selectExperiments(snapshot, filter)) {
    const label = `${study.label} — ${e.label}`;
    let rows = e.outcomes;
    if (filter.outcome) rows = rows.filter((r) => r.outcome.toLowerCase() === filter.outcome!.toLowerCase());
    else if (new Set(rows.map((r) => r.outcome)).size > 1) {
      skipped.push({ experimentId: e.id, label, reason: "several outcomes; choose one" });
      continue;
    }
    const times = [...new Set(rows.map((r) => r.timePoint))];
    if (filter.timePoint !== undefined) rows = rows.filter((r) => r.timePoint === filter.timePoint);
    else if (times.length > 1) {
      skipped.push({ experimentId: e.id, label, reason: `several time points (${times.join(", ")}); choose one` });
      continue;
    }
    const g1 = rows.filter((r) => r.group === 1);
    const g2 = rows.filter((r) => r.group === 2);
    if (g1.length !== 1 || g2.length !== 1) {
      skipped.push({ experimentId: e.id, label, reason: rows.length === 0 ? "no outcome data" : `needs one row per group (has ${g1.length} for group 1, ${g2.length} for group 2)` });
      continue;
    }
    const [a, b] = [g1[0], g2[0]];
    const extra = { ...e.moderators, quality_total: study.quality.total, modality: e.modality, subgroup: e.subgroup, study_id: study.id };
    if (a.mean !== null && a.sd !== null && b.mean !== null && b.sd !== null) {
      studies.push({ id: e.id, label, n1: a.n, mean1: a.mean, sd1: a.sd, n2: b.n, mean2: b.mean, sd2: b.sd, ...extra });
    } else if (a.events !== null && a.total !== null && b.events !== null && b.total !== null) {
      studies.push({ id: e.id, label, events1: a.events, total1: a.total, events2: b.events, total2: b.total, ...extra });
    } else skipped.push({ experimentId: e.id, label, reason: "the two groups mix continuous and binary data" });
  }
  return { studies, skipped };
}
