import { gzipSync } from "node:zlib";
import { encodeNifti } from "@/server/engine/cbma/nifti";
import { ALE_MAP_FILES, clusterTableCsv, clusterTableJson } from "@/server/engine/cbma/ale/outputs";
import { percentile } from "@/server/engine/cbma/ale/fwe";
import type { AleResult } from "@/server/engine/cbma/ale/types";
import type { RunOutput } from "../run-lifecycle";

/** An ALE result as stored run outputs: gzipped NIfTI maps, the cluster table (JSON, CSV), null thresholds. */
export function aleRunOutputs(result: AleResult): RunOutput[] {
  const grid = result.model.grid;
  const outputs: RunOutput[] = [];
  for (const { key, file, datatype } of ALE_MAP_FILES) {
    const data = result.maps[key];
    if (!data) continue;
    // level 6: the maps are mostly zeros, so this is fast and small
    outputs.push({ name: file, contentType: "application/gzip", bytes: gzipSync(encodeNifti({ grid, data, datatype, description: `Concord ALE ${key}` }), { level: 6 }) });
  }
  outputs.push({
    name: "clusters.json",
    contentType: "application/json",
    json: {
      cluster_forming_threshold_ale: result.model.clusterThresholdAle,
      cluster_forming_p: result.params.clusterFormingP,
      connectivity: "6 (faces)",
      n_clusters: result.tables.clusters.length,
      clusters: clusterTableJson(result.tables.clusters),
      experiments: result.tables.experiments,
    },
  });
  outputs.push({ name: "clusters.csv", contentType: "text/csv", bytes: new TextEncoder().encode(clusterTableCsv(result.tables.clusters)) });
  const jackknife = (result.tables as { jackknife?: unknown[] }).jackknife;
  if (jackknife) outputs.push({ name: "jackknife.json", contentType: "application/json", json: { runs: jackknife } });
  const mc = result.model.monteCarlo;
  if (mc) outputs.push({ name: "null.json", contentType: "application/json", json: nullSummary(mc) });
  outputs.push({ name: "run.json", contentType: "application/json", json: { params: result.params, provenance: result.provenance, warnings: result.warnings } });
  return outputs;
}

function nullSummary(mc: NonNullable<AleResult["model"]["monteCarlo"]>) {
  const sorted = (a: Float64Array) => Float64Array.from(a).sort();
  const q = (a: Float64Array) => ({ p95: percentile(sorted(a), 0.95), p99: percentile(sorted(a), 0.99), max: Math.max(...a) });
  return {
    n_iters: mc.nIterations,
    seed: mc.seed,
    max_ale: q(mc.maxAle),
    max_cluster_size_voxels: q(mc.maxClusterSizeVoxels),
    max_cluster_mass: q(mc.maxClusterMass),
  };
}

export function aleSummary(result: AleResult) {
  const clusters = result.tables.clusters;
  return {
    experiments: result.tables.experiments.length,
    foci: result.tables.experiments.reduce((s, e) => s + e.nFoci, 0),
    clusters: clusters.length,
    significantClusters: clusters.filter((c) => c.significant).length,
    topCluster: clusters[0] ? { label: clusters[0].label, peakMm: clusters[0].peaks[0]?.mm ?? null, sizeVoxels: clusters[0].sizeVoxels } : null,
    warnings: result.warnings,
  };
}
