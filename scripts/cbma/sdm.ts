/**
 * `npm run cbma -- sdm <input> [options] --out DIR` (cbma.md Part C): AES-SDM-style effect-size
 * signed differential mapping of an SDM-PSI folder or a Concord snapshot JSON.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadMask } from "@/server/engine/cbma/mask";
import type { SdmCluster } from "@/server/engine/cbma/sdm/cluster-report";
import { fitSdm, type SdmResult } from "@/server/engine/cbma/sdm/fit-sdm";
import { jackknifeSdm } from "@/server/engine/cbma/sdm/jackknife";
import { metaRegressionSdm } from "@/server/engine/cbma/sdm/meta-regression-sdm";
import { defaultThreads, type SdmOptionsInput } from "@/server/engine/cbma/sdm/options";
import { readSdmFolder } from "@/server/engine/cbma/sdm/sdm-folder";
import { writeSdmFolder } from "@/server/engine/cbma/sdm/sdm-folder-writer";
import { parseSdmJson } from "@/server/engine/cbma/sdm/sdm-json";
import { subgroupSdm } from "@/server/engine/cbma/sdm/subgroups";
import type { SdmDataset } from "@/server/engine/cbma/sdm/types";
import { writeSdmOutputs } from "@/server/engine/cbma/sdm/write-outputs";
import { CoordinateInputError } from "@/server/engine/cbma/types";
import { progressBar } from "./progress-bar";

const HELP = `usage: npm run cbma -- sdm <input> [options] --out DIR

<input>                 SDM-PSI folder (sdm_table.txt + <study>.<software>_<space>.txt) or Concord snapshot JSON
--out DIR               output directory (required)
--mask FILE             mask NIfTI on the MNI152 2 mm grid (default: data/atlas/brain_mask_2mm.nii.gz)
--fwhm MM               kernel FWHM (default 20)
--permutations N        permutations of the null (default 1000; 0 skips p maps and clusters)
--seed S                random seed (default 1)
--threads T             worker threads (default: up to 2)
--voxel-p P             voxel threshold (default 0.005)
--correction C          uncorrected (default) | fwe-voxel
--peak-z Z              cluster peak height |z| (default 1)
--min-cluster N         cluster extent in voxels (default 10)
--reml                  REML τ² instead of DerSimonian–Laird (slower)
--study-map M           estimate (default) | lower-bound | upper-bound
--jackknife N           leave-one-out jackknife with N permutations per run (writes jackknife.json)
--meta-regression NAME  meta-regression on the numeric study attribute NAME (writes meta_regression_NAME.json)
--subgroups ATTR        one analysis per value of ATTR (writes subgroups/<value>/)
--export-folder DIR     also write the input as an SDM-PSI folder (snapshot export)
`;

function num(name: string, value: string | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isFinite(x) || (integer && !Number.isInteger(x))) throw new Error(`--${name}: expected ${integer ? "an integer" : "a number"}, got "${value}"`);
  return x;
}

/** Reads an SDM folder or snapshot JSON. */
export function readSdmInput(input: string): SdmDataset {
  if (statSync(input).isDirectory()) return readSdmFolder(input);
  return parseSdmJson(readFileSync(input, "utf8"), input);
}

function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "NA";
}

/** The cluster table printed on stdout. */
export function formatSdmClusterTable(clusters: readonly SdmCluster[]): string {
  if (clusters.length === 0) return "no significant clusters";
  const header = ["id", "sign", "voxels", "peak (x, y, z)", "z", "p", "g [95% CI]", "I²", "label", "studies"];
  const rows = clusters.map((c) => [
    String(c.id),
    c.sign,
    String(c.sizeVoxels),
    `(${c.peakMm.join(", ")})`,
    fmt(c.peakZ),
    c.peakP.toExponential(1),
    `${fmt(c.pooled.estimate)} [${fmt(c.pooled.ciLower)}, ${fmt(c.pooled.ciUpper)}]`,
    `${fmt(100 * c.pooled.i2, 0)}%`,
    c.label ?? "—",
    String(c.contributingStudies.length),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      mask: { type: "string" },
      fwhm: { type: "string" },
      permutations: { type: "string" },
      seed: { type: "string" },
      threads: { type: "string" },
      "voxel-p": { type: "string" },
      correction: { type: "string" },
      "peak-z": { type: "string" },
      "min-cluster": { type: "string" },
      reml: { type: "boolean" },
      "study-map": { type: "string" },
      jackknife: { type: "string" },
      "meta-regression": { type: "string" },
      subgroups: { type: "string" },
      "export-folder": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function followUps(values: ReturnType<typeof parse>["values"], dataset: SdmDataset, fit: SdmResult, options: SdmOptionsInput, out: string): Promise<void> {
  const bar = progressBar();
  if (values.jackknife !== undefined) {
    const jk = await jackknifeSdm(dataset, fit, { permutations: num("jackknife", values.jackknife, 0, true), onProgress: bar.update });
    writeFileSync(path.join(out, "jackknife.json"), JSON.stringify(jk, null, 2));
    bar.done();
    for (const c of jk.clusters) console.log(`jackknife: cluster ${c.clusterId} (${c.sign}) survived ${c.survived}/${c.runs}`);
  }
  if (values["meta-regression"] !== undefined) {
    const name = values["meta-regression"];
    const mr = await metaRegressionSdm(dataset, name, { ...options, fit, onProgress: bar.update });
    bar.done();
    const { maps: _maps, null: _null, ...table } = mr;
    writeFileSync(path.join(out, `meta_regression_${name.replace(/[^A-Za-z0-9_-]+/g, "_")}.json`), JSON.stringify(table, null, 2));
    for (const c of mr.atClusters) console.log(`meta-regression ${name}: cluster ${c.clusterId} slope ${fmt(c.fit.slope, 4)} (z ${fmt(c.fit.slopeZ)}, permutation p ${c.permutationP.toExponential(1)})`);
    console.log(`meta-regression ${name}: ${mr.clusters.length} clusters of significant slope`);
  }
  if (values.subgroups !== undefined) {
    const outcomes = await subgroupSdm(dataset, values.subgroups, { ...options, onProgress: bar.update });
    bar.done();
    for (const o of outcomes) {
      if ("skipped" in o) {
        console.log(`subgroup ${values.subgroups}=${o.value}: skipped (${o.skipped})`);
        continue;
      }
      writeSdmOutputs(path.join(out, "subgroups", o.value.replace(/[^A-Za-z0-9_-]+/g, "_")), o.result);
      console.log(`subgroup ${values.subgroups}=${o.value}: ${o.result.tables.clusters.length} clusters`);
    }
  }
}

/** Runs the SDM subcommand. */
export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    console.log(HELP);
    return;
  }
  const input = positionals[0];
  if (!input || !values.out) throw new Error(`sdm: an input folder or file and --out DIR are required\n\n${HELP}`);
  let dataset: SdmDataset;
  try {
    dataset = readSdmInput(input);
  } catch (err) {
    if (err instanceof CoordinateInputError) {
      console.error(`error: ${err.message}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
  if (values["export-folder"]) writeSdmFolder(values["export-folder"], dataset);
  const correction = values.correction ?? "uncorrected";
  if (correction !== "uncorrected" && correction !== "fwe-voxel") throw new Error(`--correction: expected uncorrected or fwe-voxel, got "${correction}"`);
  const studyMap = values["study-map"] ?? "estimate";
  if (!["estimate", "lower-bound", "upper-bound"].includes(studyMap)) throw new Error(`--study-map: expected estimate, lower-bound or upper-bound, got "${studyMap}"`);
  const options: SdmOptionsInput = {
    kernel: { fwhmMm: num("fwhm", values.fwhm, 20) },
    permutations: num("permutations", values.permutations, 1000, true),
    seed: num("seed", values.seed, 1, true),
    threads: num("threads", values.threads, defaultThreads(), true),
    tau2Method: values.reml ? "REML" : "DL",
    studyMap: studyMap as SdmOptionsInput["studyMap"],
    threshold: {
      voxelP: num("voxel-p", values["voxel-p"], 0.005),
      correction,
      peakZ: num("peak-z", values["peak-z"], 1),
      minClusterVoxels: num("min-cluster", values["min-cluster"], 10, true),
    },
    ...(values.mask ? { mask: loadMask(values.mask) } : {}),
  };
  const bar = progressBar();
  const fit = await fitSdm(dataset, { ...options, onProgress: bar.update });
  bar.done();
  writeSdmOutputs(values.out, fit, { input: path.resolve(input) });
  for (const w of fit.warnings) console.error(`warning: ${w}`);
  console.log(formatSdmClusterTable(fit.tables.clusters));
  await followUps(values, dataset, fit, { ...options, mask: fit.space.mask }, values.out);
}
