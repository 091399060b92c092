/**
 * Writes an SDM result to a folder (cbma.md Part C): NIfTI-1 float32 gzip maps on the mask's grid,
 * the cluster table as JSON and CSV, the per-study values at each cluster peak (forest/funnel
 * plots), the permutation maxima and a run record.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { writeNifti } from "../nifti";
import type { SdmCluster } from "./cluster-report";
import type { SdmResult } from "./fit-sdm";
import { toVolume } from "./space";

/** Map files: name → which map. Part C names first. */
export const SDM_MAP_FILES = Object.freeze({
  "sdm_effect.nii.gz": "effect",
  "sdm_z.nii.gz": "z",
  "sdm_p.nii.gz": "p",
  "sdm_i2.nii.gz": "i2",
  "sdm_se.nii.gz": "se",
  "sdm_q.nii.gz": "q",
  "sdm_tau2.nii.gz": "tau2",
  "sdm_p_fwe.nii.gz": "pFwe",
} as const);

/** One flat row per cluster. */
export function clusterRows(clusters: readonly SdmCluster[]): Record<string, string | number | null>[] {
  return clusters.map((c) => ({
    id: c.id,
    sign: c.sign,
    size_voxels: c.sizeVoxels,
    volume_mm3: c.volumeMm3,
    peak_x: c.peakMm[0],
    peak_y: c.peakMm[1],
    peak_z: c.peakMm[2],
    z: round(c.peakZ),
    p: c.peakP,
    p_fwe: c.peakPFwe,
    g: round(c.pooled.estimate),
    g_se: round(c.pooled.se),
    g_ci_lower: round(c.pooled.ciLower),
    g_ci_upper: round(c.pooled.ciUpper),
    i2: round(c.pooled.i2),
    max_g: c.effectPeak === null ? null : round(c.effectPeak),
    max_g_x: c.effectPeakMm?.[0] ?? null,
    max_g_y: c.effectPeakMm?.[1] ?? null,
    max_g_z: c.effectPeakMm?.[2] ?? null,
    tau2: round(c.pooled.tau2),
    q: round(c.pooled.q),
    p_q: c.pooled.pQ,
    label: c.label,
    label_distance_mm: c.labelDistanceMm,
    n_contributing: c.contributingStudies.length,
    contributing_studies: c.contributingStudies.join("; "),
    egger_intercept: "intercept" in c.egger ? round(c.egger.intercept) : null,
    egger_t: "t" in c.egger ? round(c.egger.t) : null,
    egger_p: "p" in c.egger ? c.egger.p : null,
  }));
}

/** One row per cluster × study (the values behind forest and funnel plots). */
export function clusterStudyRows(clusters: readonly SdmCluster[]): Record<string, string | number | boolean | null>[] {
  return clusters.flatMap((c) =>
    c.studies.map((s) => ({
      cluster: c.id,
      study: s.id,
      label: s.label,
      g: round(s.g),
      variance: round(s.variance),
      se: round(s.se),
      weight_percent: round(s.weightPercent),
      contributes: s.contributes,
      n_patients: s.nPatients,
      n_controls: s.nControls,
    })),
  );
}

function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}

/** Writes every output file; returns the file names. */
export function writeSdmOutputs(dir: string, result: SdmResult, extra: Record<string, unknown> = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    written.push(name);
  };
  for (const [file, key] of Object.entries(SDM_MAP_FILES)) {
    if ((key === "p" || key === "pFwe") && !result.null) continue;
    writeNifti(path.join(dir, file), { grid: result.space.grid, data: toVolume(result.space, result.maps[key]), description: `concord-sdm ${key}` });
    written.push(file);
  }
  if (result.null) {
    writeNifti(path.join(dir, "sdm_clusters.nii.gz"), { grid: result.space.grid, data: toVolume(result.space, result.clusterLabels), datatype: "int16", description: "concord-sdm cluster ids" });
    written.push("sdm_clusters.nii.gz");
  }
  write("clusters.json", JSON.stringify({ clusters: result.tables.clusters }, null, 2));
  write("clusters.csv", Papa.unparse(clusterRows(result.tables.clusters)) + "\n");
  write("cluster_studies.csv", Papa.unparse(clusterStudyRows(result.tables.clusters)) + "\n");
  if (result.null) {
    write("null_distributions.json", JSON.stringify({ n_iters: result.null.iterations, seed: result.null.seed, max_abs_z: Array.from(result.null.maxAbsZ) }));
  }
  const studies = result.studies.map((s) => ({
    id: s.id,
    nPatients: s.nPatients,
    nControls: s.nControls,
    thresholdT: s.thresholdT,
    thresholdG: s.thresholdG,
    thresholdSource: s.thresholdSource,
    nullStudy: s.nullStudy,
    peaks: s.peaks.map((p) => ({ mm: p.mm, t: p.t, g: p.g, imputed: p.imputed })),
  }));
  write("run.json", JSON.stringify({ params: result.params, provenance: result.provenance, warnings: result.warnings, studies, ...extra }, null, 2));
  return written;
}
