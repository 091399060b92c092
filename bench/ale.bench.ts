/**
 * ALE benchmark: fit time, Monte Carlo FWE time and iterations/s, memory, and scaling with the
 * number of experiments — compared with NiMARE 0.20.0's times from ../shared/reference/nimare-ale.
 *
 *   npm run bench -- ale                       (all sections; 10 000 iterations)
 *   npx tsx bench/ale.bench.ts --iterations 2000 --threads 2 --skip-scaling
 *
 * The machine is shared: the 1-minute load average is printed next to every figure.
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fitAle } from "@/server/engine/cbma/ale/fit";
import { correctFwe, monteCarloPlan } from "@/server/engine/cbma/ale/fwe";
import { MonteCarloRunner } from "@/server/engine/cbma/ale/monte-carlo-core";
import { readCoordinateFile } from "@/server/engine/cbma/io/read-input";
import { type Mask, loadDefaultMask, loadMask } from "@/server/engine/cbma/mask";
import type { CoordinateDataset } from "@/server/engine/cbma/types";
import { createRng } from "@/server/engine/cbma/rng";

const { values } = parseArgs({
  options: {
    iterations: { type: "string", default: "10000" },
    threads: { type: "string", default: String(Math.min(2, availableParallelism())) },
    "scaling-iterations": { type: "string", default: "300" },
    "skip-scaling": { type: "boolean", default: false },
  },
});
const iterations = Number(values.iterations);
const threads = Number(values.threads);
const shared = process.env.CONCORD_SHARED_DIR ?? path.resolve(import.meta.dirname, "../../shared");
const refDir = path.join(shared, "reference/nimare-ale");
const hasRef = existsSync(path.join(refDir, "dataset_sleuth.txt"));

const load = () => loadavg()[0].toFixed(2);
const mib = (b: number) => (b / 2 ** 20).toFixed(0);
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

function timeFit(ds: CoordinateDataset, mask: Mask, reps: number): { first: number; median: number; cpuMedian: number } {
  const times: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    fitAle(ds, { mask, atlas: false });
    const u = process.cpuUsage(c);
    times.push((performance.now() - t) / 1000);
    cpus.push((u.user + u.system) / 1e6);
  }
  const med = (a: number[]) => a.slice(1).sort((x, y) => x - y)[Math.floor((a.length - 1) / 2)] ?? a[0];
  return { first: times[0], median: med(times), cpuMedian: med(cpus) };
}

/** Synthetic dataset: k experiments resampled (with replacement, seeded) from a real one. */
function resample(base: CoordinateDataset, k: number): CoordinateDataset {
  const rng = createRng(99, k);
  return {
    name: `${base.name} ×${k}`,
    experiments: Array.from({ length: k }, (_, i) => ({ ...base.experiments[rng.nextInt(base.experiments.length)], id: `x${i}` })),
  };
}

async function main(): Promise<void> {
  const input = hasRef ? path.join(refDir, "dataset_sleuth.txt") : path.join(shared, "data/coordinates/nimare__semantic_knowledge_children.txt");
  if (!existsSync(input)) {
    console.log(`ale bench skipped: ../shared not found at ${shared}`);
    return;
  }
  const mask = hasRef ? loadMask(path.join(refDir, "mask.nii.gz")) : loadDefaultMask();
  const ds = readCoordinateFile(input).dataset;
  const nFoci = ds.experiments.reduce((a, e) => a + e.foci.length, 0);
  console.log(`dataset ${path.basename(input)}: ${ds.experiments.length} experiments, ${nFoci} foci; mask ${mask.count} voxels; threads ${threads}; node ${process.version}`);

  const fit = timeFit(ds, mask, 6);
  console.log(`fit (ALE + approximate null + p/z + clusters): first ${fit.first.toFixed(3)} s, warm median ${fit.median.toFixed(3)} s wall / ${fit.cpuMedian.toFixed(3)} s CPU  [load ${load()}]`);

  const fitted = fitAle(ds, { mask, atlas: false });
  // One thread, no workers: the CPU cost of an iteration itself (median of 5 blocks of 40).
  const runner = new MonteCarloRunner(monteCarloPlan(fitted, 1));
  runner.runRange(0, 20);
  const blocks: number[] = [];
  for (let b = 0; b < 5; b++) {
    const c = process.cpuUsage();
    runner.runRange(40 * b, 40 * b + 40);
    const u = process.cpuUsage(c);
    blocks.push((u.user + u.system) / 1e3 / 40);
  }
  blocks.sort((a, b) => a - b);
  console.log(`one iteration, single thread: ${blocks[2].toFixed(2)} ms CPU (median of 5 × 40; min ${blocks[0].toFixed(2)})  [load ${load()}]`);

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const corrected = await correctFwe(fitted, { iterations, seed: 1, threads });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const fwe = corrected.params.fwe as { clusterSizeThresholdVoxels: number; voxelAleThreshold: number };
  console.log(
    `FWE Monte Carlo ${iterations} iterations: ${wall.toFixed(1)} s wall (${(iterations / wall).toFixed(1)} it/s, ${((1000 * wall) / iterations).toFixed(2)} ms/it), ` +
      `process CPU (all threads) ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s = ${((cpu.user + cpu.system) / 1e3 / iterations).toFixed(2)} ms/it; cluster-size 95th ${fwe.clusterSizeThresholdVoxels}, voxel ALE 95th ${fwe.voxelAleThreshold.toFixed(5)}  [load ${load()}]`,
  );

  if (hasRef) {
    const s = JSON.parse(readFileSync(path.join(refDir, "run_summary.json"), "utf8")).timings_s;
    const nimarePerIt = s.fwe_montecarlo_1000_s / 1000;
    console.log(
      `NiMARE 0.20.0 (same machine class, n_cores=1): fit warm ${s.fit_approximate_warm_s.toFixed(3)} s → ratio ${(s.fit_approximate_warm_s / fit.median).toFixed(2)}×; ` +
        `FWE ${(1000 * nimarePerIt).toFixed(1)} ms/it → ${iterations} it ≈ ${(nimarePerIt * iterations).toFixed(0)} s → ratio ${((nimarePerIt * iterations) / wall).toFixed(1)}×`,
    );
  }

  if (!values["skip-scaling"]) {
    const its = Number(values["scaling-iterations"]);
    console.log(`scaling (experiments resampled from the dataset; fit warm median, FWE ${its} iterations, ${threads} threads):`);
    for (const k of [10, 20, 40, 80]) {
      const d = resample(ds, k);
      const foci = d.experiments.reduce((a, e) => a + e.foci.length, 0);
      const f = timeFit(d, mask, 3);
      const fr = fitAle(d, { mask, atlas: false });
      const t = performance.now();
      const c = process.cpuUsage();
      await correctFwe(fr, { iterations: its, seed: 1, threads });
      const u = process.cpuUsage(c);
      const w = (performance.now() - t) / 1000;
      console.log(
        `  k=${String(k).padStart(2)} foci=${String(foci).padStart(4)}  fit ${f.median.toFixed(3)} s wall / ${f.cpuMedian.toFixed(3)} s CPU  ` +
          `FWE ${((1000 * w) / its).toFixed(2)} ms/it wall / ${((u.user + u.system) / 1e3 / its).toFixed(2)} ms/it CPU  [load ${load()}]`,
      );
    }
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(`peak RSS ${mib(peakRss)} MiB (whole process: worker threads share it)`);
}

await main();
