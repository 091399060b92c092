/**
 * `npm run cbma -- ale <input> [options] --out DIR` (cbma.md Part C).
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { contrastAle } from "@/server/engine/cbma/ale/contrast";
import { correctFdr } from "@/server/engine/cbma/ale/fdr";
import { fitAle } from "@/server/engine/cbma/ale/fit";
import { correctFwe } from "@/server/engine/cbma/ale/fwe";
import { jackknifeAle } from "@/server/engine/cbma/ale/jackknife";
import { writeAleOutputs, writeContrastOutputs } from "@/server/engine/cbma/ale/outputs";
import type { AleResult } from "@/server/engine/cbma/ale/types";
import { readCoordinateFile } from "@/server/engine/cbma/io/read-input";
import { loadDefaultMask, loadMask } from "@/server/engine/cbma/mask";
import { CoordinateInputError } from "@/server/engine/cbma/types";
import { formatClusterTable } from "./format-table";
import { progressBar } from "./progress-bar";

const HELP = `usage: npm run cbma -- ale <input> [options] --out DIR

<input>              Sleuth text (.txt), NiMARE Dataset/NIMADS JSON, or Concord coordinate JSON
--out DIR            output directory (required)
--mask FILE          mask NIfTI on the MNI152 2 mm grid (default: data/atlas/brain_mask_2mm.nii.gz)
--fwhm MM            fixed kernel FWHM for all experiments (default: from each sample size)
--iterations N       Monte Carlo FWE iterations (default 10000; 0 skips)
--cluster-p P        cluster-forming voxel p (default 0.001)
--seed S             random seed (default 1)
--threads T          worker threads (default: all cores)
--alpha A            cluster-level FWE alpha for the thresholded map (default 0.05)
--fdr                also write FDR-corrected maps
--jackknife N        leave-one-experiment-out jackknife with N Monte Carlo iterations per run
--contrast INPUT2    second group: also fit it, then contrast (A − B, label permutation) and
                     conjunction (minimum statistic) as GingerALE; maps go to DIR/contrast/
--permutations N     contrast permutations (default 10000)
--contrast-p P       contrast voxel p threshold (default 0.01; clusters ≥ 200 mm³)
`;

function num(name: string, value: string | undefined, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isFinite(x) || (integer && !Number.isInteger(x))) throw new Error(`--${name}: expected ${integer ? "an integer" : "a number"}, got "${value}"`);
  return x;
}

function readInput(file: string): ReturnType<typeof readCoordinateFile> | null {
  try {
    const read = readCoordinateFile(file);
    for (const w of read.warnings) console.error(`warning: ${w}`);
    return read;
  } catch (err) {
    if (err instanceof CoordinateInputError) {
      console.error(`error: ${err.message}`);
      process.exitCode = 1;
      return null;
    }
    throw err;
  }
}

/** Runs the ALE subcommand. */
export async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      mask: { type: "string" },
      fwhm: { type: "string" },
      iterations: { type: "string" },
      "cluster-p": { type: "string" },
      seed: { type: "string" },
      threads: { type: "string" },
      alpha: { type: "string" },
      fdr: { type: "boolean" },
      jackknife: { type: "string" },
      contrast: { type: "string" },
      permutations: { type: "string" },
      "contrast-p": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const input = positionals[0];
  if (!input || !values.out) throw new Error(`ale: an input file and --out DIR are required\n\n${HELP}`);
  const iterations = num("iterations", values.iterations, 10_000, true);
  const seed = num("seed", values.seed, 1, true);
  const threads = num("threads", values.threads, availableParallelism(), true);
  const alpha = num("alpha", values.alpha, 0.05);
  const fwhmMm = values.fwhm === undefined ? null : num("fwhm", values.fwhm, 0);

  const read = readInput(input);
  const readB = values.contrast ? readInput(values.contrast) : null;
  if (!read || (values.contrast && !readB)) return;
  const mask = values.mask ? loadMask(values.mask) : loadDefaultMask();
  const bar = progressBar();
  const fitOptions = { mask, fwhmMm, clusterFormingP: num("cluster-p", values["cluster-p"], 0.001) };

  let result: AleResult = fitAle(read.dataset, fitOptions);
  console.error(`ALE: ${read.dataset.experiments.length} experiments, ${result.provenance.nFoci} foci, mask ${mask.count} voxels; fit ${(result.provenance.timingsS as { fit: number }).fit.toFixed(2)} s`);
  if (iterations > 0) {
    result = await correctFwe(result, { iterations, seed, threads, alpha, onProgress: bar.update });
    bar.done();
  }
  if (readB) {
    let resultB: AleResult = fitAle(readB.dataset, fitOptions);
    if (iterations > 0) {
      resultB = await correctFwe(resultB, { iterations, seed, threads, alpha, onProgress: bar.update });
      bar.done();
    }
    const contrast = await contrastAle(result, resultB, {
      permutations: num("permutations", values.permutations, 10_000, true),
      seed,
      pThreshold: num("contrast-p", values["contrast-p"], 0.01),
      onProgress: bar.update,
    });
    bar.done();
    for (const w of contrast.warnings) console.error(`warning: ${w}`);
    writeContrastOutputs(contrast, result.model.grid, path.join(values.out, "contrast"));
    writeAleOutputs(resultB, path.join(values.out, "group-b"));
    const t = contrast.tables;
    console.log(`contrast: ${t.aGreaterB.length} cluster(s) A > B, ${t.bGreaterA.length} B > A, ${t.conjunction.length} in the conjunction (see contrast/contrast.json)`);
  }
  if (values.fdr) result = correctFdr(result);
  if (values.jackknife !== undefined) {
    result = await jackknifeAle(result, { iterations: num("jackknife", values.jackknife, 1000, true), seed, threads, onProgress: bar.update });
    bar.done();
  }
  for (const w of result.warnings) console.error(`warning: ${w}`);
  const files = writeAleOutputs(result, values.out, { run: { input, command: ["ale", ...argv] } });
  console.log(formatClusterTable(result));
  console.error(`wrote ${files.length} files to ${values.out}`);
}
