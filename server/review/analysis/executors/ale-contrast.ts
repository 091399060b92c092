import { gzipSync } from "node:zlib";
import { encodeNifti } from "@/server/engine/cbma/nifti";
import { fitAle } from "@/server/engine/cbma/ale/fit";
import { correctFwe } from "@/server/engine/cbma/ale/fwe";
import { contrastAle } from "@/server/engine/cbma/ale/contrast";
import { clusterTableJson } from "@/server/engine/cbma/ale/outputs";
import type { CoordinateDataset } from "@/server/engine/cbma/types";
import type { AnalysisKind } from "@/db/schema";
import type { Executor } from "../executor-types";
import { aleContrastParameters } from "../parameters";
import { coordinateDatasetFromSnapshot } from "../snapshot-input";
import type { RunOutput } from "../run-lifecycle";
import { phase } from "./ale";

function split(dataset: CoordinateDataset, field: string, a: string, b: string): [CoordinateDataset, CoordinateDataset] {
  const pick = (value: string) => ({ ...dataset, name: `${dataset.name} ${field}=${value}`, experiments: dataset.experiments.filter((e) => String(e.attributes?.[field] ?? "") === value) });
  const groups: [CoordinateDataset, CoordinateDataset] = [pick(a), pick(b)];
  for (const [g, value] of [[groups[0], a], [groups[1], b]] as const) {
    if (g.experiments.length < 2) throw new Error(`Group ${field} = "${value}" has ${g.experiments.length} experiment(s) with coordinates; a contrast needs at least 2 in each group.`);
  }
  return groups;
}

/**
 * GingerALE-style contrast (A − B by permutation of group labels) and conjunction (minimum of the
 * two thresholded main effects) between two groups of experiments, e.g. ReHo vs ALFF.
 */
export function runAleContrast(kind: AnalysisKind): Executor {
  return async ({ snapshotJson, filter, parameters, seed, signal, onProgress }) => {
    const params = aleContrastParameters.parse(parameters);
    const [dsA, dsB] = split(coordinateDatasetFromSnapshot(snapshotJson, filter), params.groupField, params.groupA, params.groupB);
    const t0 = performance.now();
    const fwe = (ds: CoordinateDataset, from: number, to: number, label: string) =>
      correctFwe(fitAle(ds, { clusterFormingP: params.clusterFormingP, fwhmMm: params.fwhmMm }), { iterations: params.iterations, seed, alpha: params.fweAlpha, signal, onProgress: phase(onProgress, from, to, label) });
    const a = await fwe(dsA, 0.01, 0.35, `${params.groupA}: Monte Carlo`);
    const b = await fwe(dsB, 0.35, 0.7, `${params.groupB}: Monte Carlo`);
    const tMain = performance.now();
    const contrast = await contrastAle(a, b, { permutations: params.permutations, seed, signal, onProgress: phase(onProgress, 0.7, 0.97, "label permutations") });
    const grid = a.model.grid;
    const outputs: RunOutput[] = Object.entries(contrast.maps).map(([key, data]) => ({
      name: `${key}.nii.gz`,
      contentType: "application/gzip",
      bytes: gzipSync(encodeNifti({ grid, data, description: `Concord ALE ${key}` }), { level: 6 }),
    }));
    for (const [g, r] of [["a", a], ["b", b]] as const) {
      const z = r.maps["z_thresholded"];
      if (z) outputs.push({ name: `group-${g}_z_thresholded.nii.gz`, contentType: "application/gzip", bytes: gzipSync(encodeNifti({ grid, data: z }), { level: 6 }) });
    }
    outputs.push({
      name: "contrast.json",
      contentType: "application/json",
      json: {
        groups: { a: { [params.groupField]: params.groupA, experiments: dsA.experiments.length }, b: { [params.groupField]: params.groupB, experiments: dsB.experiments.length } },
        a_greater_b: contrast.tables.aGreaterB,
        b_greater_a: contrast.tables.bGreaterA,
        conjunction: contrast.tables.conjunction,
        main_effect_a: clusterTableJson(a.tables.clusters),
        main_effect_b: clusterTableJson(b.tables.clusters),
        params: contrast.params,
        warnings: [...a.warnings, ...b.warnings, ...contrast.warnings],
      },
    });
    return {
      outputs,
      summary: {
        focus: kind === "ale_conjunction" ? "conjunction" : "contrast",
        groupA: `${params.groupA} (${dsA.experiments.length})`,
        groupB: `${params.groupB} (${dsB.experiments.length})`,
        aGreaterB: contrast.tables.aGreaterB.length,
        bGreaterA: contrast.tables.bGreaterA.length,
        conjunction: contrast.tables.conjunction.length,
      },
      timings: { mainEffectsSeconds: (tMain - t0) / 1000, contrastSeconds: (performance.now() - tMain) / 1000 },
    };
  };
}
