/**
 * Serialising an ALE result: NIfTI maps named as cbma.md Part C, the cluster table as JSON and
 * CSV, the Monte Carlo null and a run record.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Grid } from "../grid";
import { type NiftiWriteType, writeNifti } from "../nifti";
import type { AleContrastResult } from "./contrast";
import type { AleCluster, AleResult } from "./types";

/** Map key in `result.maps` → output file name and stored type. */
export const ALE_MAP_FILES: readonly { key: string; file: string; datatype: NiftiWriteType }[] = Object.freeze([
  { key: "stat", file: "ale_stat.nii.gz", datatype: "float32" },
  { key: "p", file: "ale_p.nii.gz", datatype: "float32" },
  { key: "z", file: "ale_z.nii.gz", datatype: "float32" },
  { key: "logp_desc-size_level-cluster", file: "fwe_logp_desc-size_level-cluster.nii.gz", datatype: "float32" },
  { key: "logp_desc-mass_level-cluster", file: "fwe_logp_desc-mass_level-cluster.nii.gz", datatype: "float32" },
  { key: "logp_level-voxel", file: "fwe_logp_level-voxel.nii.gz", datatype: "float32" },
  { key: "z_desc-size_level-cluster", file: "fwe_z_desc-size_level-cluster.nii.gz", datatype: "float32" },
  { key: "z_desc-mass_level-cluster", file: "fwe_z_desc-mass_level-cluster.nii.gz", datatype: "float32" },
  { key: "z_level-voxel", file: "fwe_z_level-voxel.nii.gz", datatype: "float32" },
  { key: "z_thresholded", file: "ale_z_thresholded.nii.gz", datatype: "float32" },
  { key: "cluster_labels", file: "ale_cluster_labels.nii.gz", datatype: "int16" },
  { key: "p_corr-FDR_method-indep", file: "fdr_p.nii.gz", datatype: "float32" },
  { key: "z_thresholded_corr-FDR", file: "fdr_z_thresholded.nii.gz", datatype: "float32" },
]);

const round = (x: number, d = 4) => (Number.isFinite(x) ? Number(x.toFixed(d)) : x);

/** Cluster table as plain JSON-ready rows. */
export function clusterTableJson(clusters: AleCluster[]): unknown[] {
  return clusters.map((c) => ({
    id: c.id,
    size_voxels: c.sizeVoxels,
    volume_mm3: c.volumeMm3,
    mass: c.mass,
    center_of_mass_mm: c.centerOfMassMm.map((x) => round(x, 2)),
    label: c.label,
    p_fwe_cluster_size: c.pFweSize,
    p_fwe_cluster_mass: c.pFweMass,
    significant: c.significant,
    jackknife_survival: c.jackknifeSurvival,
    peaks: c.peaks.map((p) => ({ mni_mm: p.mm, ijk: p.ijk, ale: p.ale, z: p.z, label: p.label })),
    contributions: c.contributions.map((x) => ({
      experiment: x.experimentId,
      study: x.studyLabel,
      foci_in_cluster: x.fociInCluster,
      contribution: round(x.contribution, 4),
    })),
  }));
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Cluster table as CSV: one row per peak (cluster fields repeated), main peak first. */
export function clusterTableCsv(clusters: AleCluster[]): string {
  const head = [
    "cluster", "size_voxels", "volume_mm3", "mass", "com_x", "com_y", "com_z", "peak", "x", "y", "z",
    "ale", "z_score", "label", "p_fwe_cluster_size", "p_fwe_cluster_mass", "significant", "jackknife_survival", "contributing_experiments",
  ];
  const rows = clusters.flatMap((c) =>
    c.peaks.map((p, i) =>
      [
        c.id, c.sizeVoxels, c.volumeMm3, round(c.mass, 6), ...c.centerOfMassMm.map((x) => round(x, 2)), i + 1, ...p.mm,
        round(p.ale, 6), round(p.z, 3), p.label ?? "", c.pFweSize ?? "", c.pFweMass ?? "", c.significant ?? "", c.jackknifeSurvival ?? "",
        i === 0 ? c.contributions.map((x) => `${x.experimentId} (${x.fociInCluster} foci, ${(100 * x.contribution).toFixed(1)}%)`).join("; ") : "",
      ].map(csvCell).join(","),
    ),
  );
  return [head.join(","), ...rows].join("\n") + "\n";
}

/** Writes every available map and table of `result` into `dir`; returns the files written. */
export function writeAleOutputs(result: AleResult, dir: string, extra: { run?: Record<string, unknown> } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const grid = result.model.grid;
  for (const { key, file, datatype } of ALE_MAP_FILES) {
    const data = result.maps[key];
    if (!data) continue;
    writeNifti(path.join(dir, file), { grid, data, datatype, description: `Concord ALE ${key}` });
    written.push(file);
  }
  const put = (file: string, text: string) => {
    writeFileSync(path.join(dir, file), text);
    written.push(file);
  };
  put("clusters.json", JSON.stringify({
    cluster_forming_threshold_ale: result.model.clusterThresholdAle,
    cluster_forming_p: result.params.clusterFormingP,
    connectivity: "6 (faces)",
    n_clusters: result.tables.clusters.length,
    clusters: clusterTableJson(result.tables.clusters),
  }, null, 1) + "\n");
  put("clusters.csv", clusterTableCsv(result.tables.clusters));
  const mc = result.model.monteCarlo;
  if (mc) {
    put("null_distributions.json", JSON.stringify({
      n_iters: mc.nIterations,
      seed: mc.seed,
      max_ale: Array.from(mc.maxAle),
      max_cluster_size_voxels: Array.from(mc.maxClusterSizeVoxels),
      max_cluster_mass: Array.from(mc.maxClusterMass),
    }) + "\n");
  }
  put("run.json", JSON.stringify({ params: result.params, provenance: result.provenance, warnings: result.warnings, experiments: result.tables.experiments, ...extra.run }, null, 1) + "\n");
  return written;
}

/** Writes the maps and cluster tables of an ALE contrast/conjunction into `dir`. */
export function writeContrastOutputs(result: AleContrastResult, grid: Grid, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [key, data] of Object.entries(result.maps)) {
    const file = `contrast_${key}.nii.gz`;
    writeNifti(path.join(dir, file), { grid, data, description: `Concord ALE contrast ${key}` });
    written.push(file);
  }
  writeFileSync(path.join(dir, "contrast.json"), JSON.stringify({ params: result.params, tables: result.tables, warnings: result.warnings }, null, 1) + "\n");
  written.push("contrast.json");
  return written;
}
