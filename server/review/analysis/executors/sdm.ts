import { gzipSync } from "node:zlib";
import { encodeNifti } from "@/server/engine/cbma/nifti";
import { fitSdm, jackknifeSdm, SDM_MAP_FILES, toVolume, type SdmMaps, type SdmResult } from "@/server/engine/cbma/sdm";
import { clusterRows, clusterStudyRows } from "@/server/engine/cbma/sdm/write-outputs";
import type { Executor } from "../executor-types";
import { sdmParameters } from "../parameters";
import type { RunOutput } from "../run-lifecycle";
import { sdmDatasetFromSnapshot } from "./sdm-input";

const gzNifti = (fit: SdmResult, values: ArrayLike<number>, description: string): Uint8Array =>
  gzipSync(encodeNifti({ grid: fit.space.grid, data: toVolume(fit.space, values), datatype: "float32", description }), { level: 6 });

/** Signed z inside reported clusters only: positive = increase, negative = decrease. */
function thresholdedZ(fit: SdmResult): Float32Array {
  const out = new Float32Array(fit.space.nMask);
  for (let m = 0; m < out.length; m++) if (fit.clusterLabels[m] !== 0) out[m] = fit.maps.z[m];
  return out;
}

/** SDM-style signed effect-size meta-analysis with permutation inference and optional jackknife. */
export const runSdm: Executor = async ({ snapshotJson, filter, parameters, seed, signal, onProgress }) => {
  const params = sdmParameters.parse(parameters);
  const dataset = sdmDatasetFromSnapshot(snapshotJson, filter);
  const t0 = performance.now();
  const options = {
    kernel: { fwhmMm: params.fwhmMm },
    threshold: { voxelP: params.voxelP, peakZ: params.peakZ, minClusterVoxels: params.minClusterVoxels },
    tau2Method: params.tau2Method,
    permutations: params.permutations,
    seed,
    signal,
  };
  const end = params.jackknife ? 0.6 : 0.97;
  const fit = await fitSdm(dataset, {
    ...options,
    onProgress: (p) => onProgress({ fraction: 0.02 + (end - 0.02) * p.fraction, message: `permutations: ${p.done} / ${p.total}`, etaSeconds: p.etaS }),
  });
  const tFit = performance.now();
  let survival: Map<number, number> | null = null;
  if (params.jackknife) {
    const jk = await jackknifeSdm(dataset, fit, { ...options, onProgress: (p) => onProgress({ fraction: end + (0.97 - end) * p.fraction, message: `jackknife: ${p.done} / ${p.total}`, etaSeconds: p.etaS }) });
    survival = new Map(jk.clusters.map((c) => [c.clusterId, c.runs ? c.survived / c.runs : 0]));
  }
  onProgress({ fraction: 0.98, message: "writing maps" });
  const outputs: RunOutput[] = Object.entries(SDM_MAP_FILES).map(([file, key]) => ({
    name: file,
    contentType: "application/gzip",
    bytes: gzNifti(fit, fit.maps[key as keyof SdmMaps], `Concord SDM ${key}`),
  }));
  outputs.push({ name: "sdm_z_thresholded.nii.gz", contentType: "application/gzip", bytes: gzNifti(fit, thresholdedZ(fit), "Concord SDM thresholded z (signed)") });
  const rows: Record<string, unknown>[] = clusterRows(fit.tables.clusters).map((r) => ({ ...r, jackknife_survival: survival?.get(Number(r.id)) ?? null }));
  outputs.push({
    name: "clusters.json",
    contentType: "application/json",
    json: { positive: rows.filter((r) => r.sign === "positive"), negative: rows.filter((r) => r.sign === "negative"), params: fit.params, warnings: fit.warnings },
  });
  outputs.push({ name: "study-values.json", contentType: "application/json", json: clusterStudyRows(fit.tables.clusters) });
  const clusters = fit.tables.clusters;
  return {
    outputs,
    summary: {
      experiments: dataset.experiments.length,
      nullStudies: fit.provenance.nullStudies,
      foci: fit.provenance.peaks,
      clusters: clusters.length,
      significantClusters: clusters.length,
      positiveClusters: clusters.filter((c) => c.sign === "positive").length,
      negativeClusters: clusters.filter((c) => c.sign === "negative").length,
      warnings: fit.warnings,
    },
    timings: { fitSeconds: (tFit - t0) / 1000, ...(params.jackknife ? { jackknifeSeconds: (performance.now() - tFit) / 1000 } : {}) },
  };
};
