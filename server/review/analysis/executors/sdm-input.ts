import type { SdmDataset, SdmExperiment, StudyThreshold } from "@/server/engine/cbma/sdm";
import { selectExperiments, type ExperimentFilter } from "../../snapshot/convert";
import type { SnapshotDataset } from "../../snapshot/dataset";

/**
 * Reads the study's reported voxel threshold ("voxel p < 0.001", "p<0.005 uncorrected", "t > 3.1")
 * from the extraction form's free-text field. Unknown wording gives null: the SDM engine then
 * uses the lowest reported peak and says so in its warnings.
 */
export function parseThreshold(text: unknown): StudyThreshold | null {
  if (typeof text !== "string") return null;
  const p = /\bp\s*[<≤]\s*(0?\.\d+|\d(?:\.\d+)?e-\d+)/i.exec(text);
  if (p) return { statistic: "p", value: Number(p[1]), corrected: /fwe|fdr|corrected|alphasim|grf|tfce/i.test(text) && !/uncorrected/i.test(text) };
  const t = /\b([tz])\s*[>≥]\s*(\d+(?:\.\d+)?)/i.exec(text);
  if (t) return { statistic: t[1].toLowerCase() as "t" | "z", value: Number(t[2]) };
  return null;
}

/**
 * The snapshot's between-group experiments as an SDM dataset: n patients / controls, peaks with
 * their sign (direction) and statistic, the study's threshold, and experiments without foci as
 * null studies ("no significant differences" still counts in SDM).
 */
export function sdmDatasetFromSnapshot(json: string, filter: ExperimentFilter): SdmDataset {
  const snapshot = JSON.parse(json) as SnapshotDataset;
  const experiments: SdmExperiment[] = selectExperiments(snapshot, filter).map(({ study, experiment: e }) => ({
    id: e.id,
    studyLabel: study.label,
    contrastLabel: e.label,
    sampleSize: e.n1 + (e.n2 ?? 0),
    space: e.space,
    transform: e.transform,
    nPatients: e.n1,
    nControls: e.n2,
    threshold: parseThreshold(study.fields.threshold),
    nullStudy: e.foci.length === 0,
    foci: e.foci.map((f) => ({
      mniMm: [f.x, f.y, f.z] as [number, number, number],
      originalMm: f.original,
      sign: f.direction === "decrease" ? (-1 as const) : (1 as const),
      statistic: f.statistic,
      value: f.value === null ? null : f.statistic === "p" ? f.value : Math.abs(f.value),
    })),
    attributes: { modality: e.modality, subgroup: e.subgroup, ...e.moderators },
  }));
  if (experiments.length < 2) throw new Error(`SDM needs at least 2 experiments; the filter leaves ${experiments.length}.`);
  return { name: `snapshot-v${snapshot.version}`, experiments, source: { format: "concord-snapshot", projectId: snapshot.projectId, version: snapshot.version } };
}
