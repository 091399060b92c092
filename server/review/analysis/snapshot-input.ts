import type { CoordinateDataset } from "@/server/engine/cbma/types";
import { snapshotToCoordinateDataset, snapshotToEffectsInput, type ExperimentFilter } from "../snapshot/convert";
import type { SnapshotDataset } from "../snapshot/dataset";

function parseSnapshot(json: string): SnapshotDataset {
  return JSON.parse(json) as SnapshotDataset;
}

/** The experiments of a locked snapshot chosen by the run's filter, as the CBMA engines take them. */
export function coordinateDatasetFromSnapshot(json: string, filter: ExperimentFilter): CoordinateDataset {
  const dataset = snapshotToCoordinateDataset(parseSnapshot(json), filter);
  if (dataset.experiments.length === 0) throw new Error("No experiment with coordinates matches this analysis's filter.");
  return dataset;
}

/**
 * The outcome data of a locked snapshot in the effects engine's case layout. Experiments that
 * cannot enter (no data for the outcome, several time points…) are named in the error when too
 * few remain, so the team knows what to fix.
 */
export function effectsCaseFromSnapshot(
  json: string,
  filter: ExperimentFilter,
  params: { measure: string; outcome?: string; subgroupBy?: string; moderator?: string },
): unknown {
  const { studies, skipped } = snapshotToEffectsInput(parseSnapshot(json), { ...filter, outcome: params.outcome });
  if (studies.length < 2) {
    const why = skipped.map((s) => `${s.label}: ${s.reason}`).join("; ");
    throw new Error(`An effect-size meta-analysis needs at least 2 studies with outcome data; found ${studies.length}.${why ? ` Left out — ${why}` : ""}`);
  }
  // Forest plots read best with short labels: the study alone when it has one pooled experiment.
  const perStudy = new Map<unknown, number>();
  for (const s of studies) perStudy.set(s.study_id, (perStudy.get(s.study_id) ?? 0) + 1);
  const labelled = studies.map((s) => (perStudy.get(s.study_id) === 1 && typeof s.label === "string" ? { ...s, label: s.label.split(" — ")[0] } : s));
  return {
    input: {
      measure: params.measure,
      studies: labelled,
      subgroup_variable: params.subgroupBy ?? null,
      moderator_variable: params.moderator ?? null,
    },
    skipped,
  };
}
