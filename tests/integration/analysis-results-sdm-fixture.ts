/**
 * The SDM part of the results fixtures: studies simulated by the SDM engine's own simulator from
 * a true increase (left insula) and a true decrease (right thalamus), fitted with `fitSdm` and a
 * few permutations, stored under the output names of the issue-9 contract (signed z maps, a
 * thresholded signed z map, `clusters.json` with `positive`/`negative`, `study-values.json`).
 */
import { gzipSync } from "node:zlib";
import Papa from "papaparse";
import type { Mask } from "@/server/engine/cbma/mask";
import { encodeNifti } from "@/server/engine/cbma/nifti";
import { createRng } from "@/server/engine/cbma/rng";
import { fitSdm, type SdmResult } from "@/server/engine/cbma/sdm/fit-sdm";
import { simulateEffectDataset } from "@/server/engine/cbma/sdm/simulate";
import { toVolume } from "@/server/engine/cbma/sdm/space";
import { clusterRows, clusterStudyRows, SDM_MAP_FILES } from "@/server/engine/cbma/sdm/write-outputs";
import { loadDefaultMask } from "@/server/engine/cbma/mask";
import type { FixtureOutput } from "./analysis-results-fixtures";

/** Simulates and fits; `mask` defaults to the shipped brain mask. */
export async function runSdmForFixture(opts: { permutations: number; seed: number; studies?: number; mask?: Mask; threads?: number }): Promise<SdmResult> {
  const mask = opts.mask ?? loadDefaultMask();
  const dataset = simulateEffectDataset(createRng(opts.seed), mask, {
    studies: opts.studies ?? 16,
    truth: [
      { mm: [-38, 14, 2], g: 0.9 },
      { mm: [12, -18, 8], g: -0.8 },
    ],
    noisePeaks: 1,
  });
  return fitSdm(dataset, { permutations: opts.permutations, seed: opts.seed, threads: opts.threads ?? 0, mask });
}

function nifti(result: SdmResult, values: ArrayLike<number>, description: string): Uint8Array {
  return gzipSync(encodeNifti({ grid: result.space.grid, data: toVolume(result.space, values), description }), { level: 6 });
}

/** The outputs an SDM executor stores. */
export function sdmOutputs(result: SdmResult): FixtureOutput[] {
  const outputs: FixtureOutput[] = [];
  for (const [file, key] of Object.entries(SDM_MAP_FILES)) {
    if ((key === "p" || key === "pFwe") && !result.null) continue;
    outputs.push({ name: file, contentType: "application/gzip", bytes: nifti(result, result.maps[key], `concord-sdm ${key}`) });
  }
  const thresholded = result.maps.z.map((z, m) => (result.clusterLabels[m] > 0 ? z : 0));
  outputs.push({ name: "sdm_z_thresholded.nii.gz", contentType: "application/gzip", bytes: nifti(result, thresholded, "concord-sdm z thresholded") });
  const clusters = result.tables.clusters;
  outputs.push({ name: "clusters.json", contentType: "application/json", json: { positive: clusters.filter((c) => c.sign === "positive"), negative: clusters.filter((c) => c.sign === "negative") } });
  outputs.push({ name: "clusters.csv", contentType: "text/csv", bytes: new TextEncoder().encode(Papa.unparse(clusterRows(clusters)) + "\n") });
  outputs.push({ name: "study-values.json", contentType: "application/json", json: clusterStudyRows(clusters) });
  return outputs;
}
