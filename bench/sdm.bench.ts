// SDM engine benchmark and simulation accuracy on the shipped 2 mm brain mask.
//
//   npm run bench -- sdm                      # everything (speed, recovery, calibration)
//   node --import tsx bench/sdm.bench.ts speed|recovery|calibration|ranks   (ranks: not part of the default run)
//
// Environment overrides: SDM_BENCH_PERMUTATIONS (speed, default 1000), SDM_BENCH_THREADS (default 2),
// SDM_BENCH_TAU2 (speed: DL, the default, or REML),
// SDM_BENCH_RECOVERY_TRIALS (default 5 per scenario), SDM_BENCH_RECOVERY_PERMUTATIONS (default 100),
// SDM_BENCH_NULL_RUNS (default 200), SDM_BENCH_NULL_STUDIES (default 12),
// SDM_BENCH_NULL_PERMUTATIONS (default 99: with P permutations the exact FWE level is
// floor(0.05·(P + 1)) / (P + 1), 5 % for P = 99), SDM_BENCH_NULL_OUT (also append each run's outcome
// to this JSON-lines file). The defaults reproduce the README's figures (fixed seeds). Calibration
// runs in 2 processes, each fit inline; run r always simulates dataset seed 10 000 + r, so the first
// 200 runs of a longer calibration are the 200 of the default one.
// The machine is shared: the load average is printed with every figure.
import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { loadDefaultMask } from "@/server/engine/cbma/mask";
import { createRng } from "@/server/engine/cbma/rng";
import { nullTrial, recoveryTrial, wilsonInterval, type NullOutcome, type RecoveredEffect } from "@/server/engine/cbma/sdm/accuracy";
import { fitSdm } from "@/server/engine/cbma/sdm/fit-sdm";
import { simulateEffectDataset, simulateNullDataset, type EffectSimulation } from "@/server/engine/cbma/sdm/simulate";

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const load = () => loadavg().map((x) => x.toFixed(1)).join(" ");
const mask = loadDefaultMask();

async function speed(): Promise<void> {
  const permutations = env("SDM_BENCH_PERMUTATIONS", 1000);
  const threads = env("SDM_BENCH_THREADS", 2);
  const tau2Method = process.env.SDM_BENCH_TAU2 === "REML" ? "REML" : "DL";
  // 24 studies of 20–40 per group, each with its peaks at two true effects (when significant)
  // plus 2–5 scattered peaks: ~4 peaks per study, as in the pain/ReHo/ALFF meta-analyses.
  const dataset = simulateEffectDataset(createRng(24, 0), mask, {
    studies: 24,
    nRange: [20, 40],
    truth: [{ mm: [40, 20, 10], g: 0.9 }, { mm: [-30, -50, 40], g: -0.8 }],
    noisePeaks: 5,
    jitterMm: 3,
  });
  const peaks = dataset.experiments.reduce((n, e) => n + e.foci.length, 0);
  console.log(`speed: 24 studies, ${peaks} peaks, mask ${mask.count} voxels, ${permutations} permutations, ${threads} threads, τ² ${tau2Method}; ${cpus().length} cores, load before ${load()}`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const fit = await fitSdm(dataset, { mask, permutations, threads, seed: 1, tau2Method });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const t = fit.provenance.timingsMs;
  console.log(
    `speed: total ${wall.toFixed(1)} s (observed maps ${(t.observed / 1000).toFixed(2)} s, permutations ${(t.permutations / 1000).toFixed(1)} s = ${(t.permutations / permutations).toFixed(1)} ms each, clusters ${(t.clusters / 1000).toFixed(2)} s); main-thread CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load after ${load()}; ${fit.tables.clusters.length} clusters`,
  );
}

function summarise(name: string, effects: RecoveredEffect[]): void {
  const n = effects.length;
  const found = effects.filter((e) => e.found);
  const within = (xs: (number | null)[], d: number) => xs.filter((x) => x !== null && x <= d).length;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const ratio = (pick: (e: RecoveredEffect) => number | null) => found.map((e) => pick(e)! / e.truth.g);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const zPeak = found.map((e) => e.peakDistanceMm!);
  const gPeak = ratio((e) => e.gAtPeak);
  const gEffect = ratio((e) => e.gAtEffectPeak);
  console.log(
    [
      `recovery [${name}]: ${found.length}/${n} effects found with the right sign;`,
      `z peak ≤ 4 mm from the truth in ${within(zPeak, 4)}/${n} (median ${median(zPeak).toFixed(1)} mm, max ${Math.max(...zPeak).toFixed(1)} mm);`,
      `pooled g / true g at the z peak: mean ${mean(gPeak).toFixed(3)} (range ${Math.min(...gPeak).toFixed(3)}–${Math.max(...gPeak).toFixed(3)}), within 10 % in ${gPeak.filter((r) => Math.abs(r - 1) <= 0.1).length}/${found.length};`,
      `at the cluster's largest-effect voxel: mean ${mean(gEffect).toFixed(3)} (range ${Math.min(...gEffect).toFixed(3)}–${Math.max(...gEffect).toFixed(3)}), within 10 % in ${gEffect.filter((r) => Math.abs(r - 1) <= 0.1).length}/${found.length};`,
      `studies reporting the effect: mean ${mean(effects.map((e) => e.reportingStudies)).toFixed(1)}; load ${load()}`,
    ].join("\n  "),
  );
}

async function recovery(): Promise<void> {
  const trials = env("SDM_BENCH_RECOVERY_TRIALS", 5);
  const truth = (g: number) => [
    { mm: [40, 20, 10] as [number, number, number], g },
    { mm: [-30, -50, 40] as [number, number, number], g: -g },
    { mm: [0, 50, -10] as [number, number, number], g },
  ];
  const scenarios: [string, Partial<EffectSimulation> & { truth: ReturnType<typeof truth> }][] = [
    ["k = 60, g = ±1.0, n = 60–80/group, jitter 1 mm (high power)", { studies: 60, truth: truth(1.0), nRange: [60, 80], jitterMm: 1, noisePeaks: 2 }],
    ["k = 60, g = ±0.8, n = 20–40/group, jitter 3 mm (realistic power)", { studies: 60, truth: truth(0.8), nRange: [20, 40], jitterMm: 3, noisePeaks: 2 }],
  ];
  for (const [name, simulation] of scenarios) {
    const effects: RecoveredEffect[] = [];
    const permutations = env("SDM_BENCH_RECOVERY_PERMUTATIONS", 100);
    for (let s = 0; s < trials; s++) effects.push(...(await recoveryTrial(mask, 1000 + s, simulation, { permutations, threads: env("SDM_BENCH_THREADS", 2) })).effects);
    summarise(name, effects);
  }
}

async function calibrationShard(shard: number, of: number, runs: number, permutations: number): Promise<void> {
  const studies = env("SDM_BENCH_NULL_STUDIES", 12);
  for (let r = shard; r < runs; r += of) {
    const o = await nullTrial(mask, 10_000 + r, { studies }, { permutations, threads: 0 });
    process.stdout.write(`${JSON.stringify({ run: r, ...o })}\n`);
  }
}

async function calibration(): Promise<void> {
  const runs = env("SDM_BENCH_NULL_RUNS", 200);
  const permutations = env("SDM_BENCH_NULL_PERMUTATIONS", 99);
  const nominal = Math.floor(0.05 * (permutations + 1) + 1e-9) / (permutations + 1);
  const out = process.env.SDM_BENCH_NULL_OUT;
  console.log(`calibration: ${runs} null meta-analyses (${env("SDM_BENCH_NULL_STUDIES", 12)} studies, 0–8 random peaks each, 15–40 per group), ${permutations} permutations each, 2 processes; load before ${load()}`);
  const t0 = performance.now();
  const outcomes: NullOutcome[] = [];
  await Promise.all(
    [0, 1].map(
      (shard) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "sdm.bench.ts"), "calibration-shard", String(shard), "2", String(runs), String(permutations)], { stdio: ["ignore", "pipe", "inherit"] });
          let buffer = "";
          child.stdout.on("data", (chunk: Buffer) => {
            buffer += chunk.toString();
            let nl: number;
            while ((nl = buffer.indexOf("\n")) >= 0) {
              const line = buffer.slice(0, nl);
              buffer = buffer.slice(nl + 1);
              if (!line.startsWith("{")) continue;
              outcomes.push(JSON.parse(line));
              if (out) appendFileSync(out, `${line}\n`);
              if (outcomes.length % 20 === 0) {
                const f = outcomes.filter((o) => o.fweFalsePositive).length;
                const d = outcomes.filter((o) => o.sdmDefaultFalsePositive).length;
                console.log(`calibration: ${outcomes.length}/${runs} runs, FWE false positives ${f}, SDM-default false positives ${d}, load ${load()}`);
              }
            }
          });
          child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`calibration shard ${shard} exited with ${code}`))));
        }),
    ),
  );
  const n = outcomes.length;
  const fmt = (w: { rate: number; lower: number; upper: number }) => `${(100 * w.rate).toFixed(1)} % (95 % CI ${(100 * w.lower).toFixed(1)}–${(100 * w.upper).toFixed(1)} %)`;
  const fwe = wilsonInterval(outcomes.filter((o) => o.fweFalsePositive).length, n);
  const sdm = wilsonInterval(outcomes.filter((o) => o.sdmDefaultFalsePositive).length, n);
  const voxel = outcomes.reduce((a, o) => a + o.voxelFalsePositiveRate, 0) / n;
  console.log(`calibration: voxel-level FWE p ≤ 0.05 → family-wise false-positive rate ${fmt(fwe)} (${fwe.rate * n} of ${n}), exact nominal level with ${permutations} permutations ${(100 * nominal).toFixed(2)} %`);
  if (n > 200) {
    const first = outcomes.filter((o) => (o as NullOutcome & { run: number }).run < 200);
    const w = wilsonInterval(first.filter((o) => o.fweFalsePositive).length, first.length);
    console.log(`calibration: the first 200 runs alone (the default calibration's datasets): ${fmt(w)}`);
  }
  console.log(`calibration: SDM defaults (uncorrected p ≤ 0.005, peak |z| ≥ 1, ≥ 10 voxels) → null meta-analyses with ≥ 1 cluster ${fmt(sdm)}`);
  console.log(`calibration: voxels with uncorrected p ≤ 0.005: mean ${(100 * voxel).toFixed(3)} % (nominal 0.5 %)`);
  console.log(`calibration: ${((performance.now() - t0) / 1000).toFixed(0)} s; load after ${load()}`);
}

/**
 * Exchangeability check: with P permutations, the rank of the observed maximum |z| among the P
 * null maxima must be uniform on 0…P; rank 0 is a voxel-level FWE false positive at α = 1/(P + 1).
 * Seeds 10 000–10 199 (the calibration's datasets) and 20 000–20 199, 19 permutations, 12 studies.
 */
async function ranksShard(bases: number[]): Promise<void> {
  const P = 19;
  for (const base of bases) {
    for (let r = 0; r < 200; r++) {
      const ds = simulateNullDataset(createRng(base + r, 2_000_000), mask, { studies: 12 });
      const fit = await fitSdm(ds, { mask, atlas: null, seed: base + r, permutations: P, threads: 0 });
      let obs = 0;
      for (const z of fit.maps.z) obs = Math.max(obs, Math.abs(z));
      process.stdout.write(`${JSON.stringify({ rank: Array.from(fit.null!.maxAbsZ).filter((x) => x >= obs).length })}\n`);
    }
  }
}

async function ranks(): Promise<void> {
  console.log(`ranks: 400 null meta-analyses, 19 permutations each, 2 processes; load before ${load()}`);
  const counts = new Array(20).fill(0);
  await Promise.all(
    ["10000", "20000"].map(
      (base) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "sdm.bench.ts"), "ranks-shard", base], { stdio: ["ignore", "pipe", "inherit"] });
          let buffer = "";
          child.stdout.on("data", (chunk: Buffer) => {
            buffer += chunk.toString();
            let nl: number;
            while ((nl = buffer.indexOf("\n")) >= 0) {
              const line = buffer.slice(0, nl);
              buffer = buffer.slice(nl + 1);
              if (line.startsWith("{")) counts[JSON.parse(line).rank]++;
            }
          });
          child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`ranks shard ${base} exited with ${code}`))));
        }),
    ),
  );
  const n = counts.reduce((a, b) => a + b, 0);
  const chi2 = counts.reduce((a, c) => a + (c - n / 20) ** 2 / (n / 20), 0);
  const w = wilsonInterval(counts[0], n);
  console.log(`ranks: counts of the observed max's rank 0…19: ${counts.join(" ")} (χ² = ${chi2.toFixed(1)} on 19 df; uniform expected)`);
  console.log(`ranks: rank 0 (FWE false positive at α = 0.05): ${(100 * w.rate).toFixed(2)} % (95 % CI ${(100 * w.lower).toFixed(1)}–${(100 * w.upper).toFixed(1)} %); load after ${load()}`);
}

const [what, ...rest] = process.argv.slice(2);
if (what === "calibration-shard") {
  await calibrationShard(Number(rest[0]), Number(rest[1]), Number(rest[2]), Number(rest[3]));
} else if (what === "ranks-shard") {
  await ranksShard([Number(rest[0])]);
} else if (what === "ranks") {
  await ranks();
} else {
  if (!what || what === "speed") await speed();
  if (!what || what === "recovery") await recovery();
  if (!what || what === "calibration") await calibration();
}
