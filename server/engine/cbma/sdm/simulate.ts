/**
 * Simulated SDM datasets for the accuracy checks (tests and bench/sdm.bench.ts).
 *
 * - `simulateEffectDataset`: studies drawn from a true population effect δ (Hedges' g scale) at
 *   known locations. Each study's t at a location is a noncentral t draw
 *   t = (δ·√(n1·n2/N) + Z) / √(χ²_df/df); the study reports a peak there (with its location
 *   jittered by the inter-study registration error) only when t passes its threshold
 *   (one-tailed p < 0.001), as real papers do. A study that passes nowhere is a null study.
 * - `simulateNullDataset`: peaks scattered uniformly over the mask with random signs (no effect
 *   anywhere), the situation the permutation null assumes.
 */
import { unflatIndex, voxelToMm } from "../grid";
import type { Mask } from "../mask";
import type { Rng } from "../rng";
import { tInverse } from "./distributions";
import type { SdmDataset, SdmExperiment, SdmFocus } from "./types";

/** Standard normal draw (Box–Muller). */
export function normalDraw(rng: Rng): number {
  let u = rng.nextFloat();
  while (u === 0) u = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

function chiSquareDraw(rng: Rng, df: number): number {
  let s = 0;
  for (let i = 0; i < df; i++) s += normalDraw(rng) ** 2;
  return s;
}

function uniformInt(rng: Rng, lo: number, hi: number): number {
  return lo + rng.nextInt(hi - lo + 1);
}

/** A true effect: population Hedges' g `g` at `mm`. */
export interface TrueEffect {
  mm: [number, number, number];
  g: number;
}

/** Settings of `simulateEffectDataset`. */
export interface EffectSimulation {
  studies: number;
  truth: TrueEffect[];
  /** Range of per-group sample sizes (both groups drawn independently). */
  nRange: [number, number];
  /** SD (mm, per axis) of the reported peak around the true location. */
  jitterMm: number;
  /** One-tailed p of each study's threshold. */
  thresholdP: number;
  /** Extra false-positive peaks per study at random mask voxels (0 … this). */
  noisePeaks: number;
}

/** Defaults: 60 studies of 40–60 per group, 1.5 mm jitter, p < 0.001 thresholds, up to 2 noise peaks. */
export const DEFAULT_EFFECT_SIMULATION: Omit<EffectSimulation, "truth"> = Object.freeze({
  studies: 60,
  nRange: [40, 60] as [number, number],
  jitterMm: 1.5,
  thresholdP: 0.001,
  noisePeaks: 2,
});

function randomMaskMm(rng: Rng, mask: Mask): [number, number, number] {
  const v = mask.indices[rng.nextInt(mask.count)];
  return voxelToMm(mask.grid, unflatIndex(mask.grid, v));
}

function noiseFocus(rng: Rng, mask: Mask, thresholdT: number): SdmFocus {
  const mm = randomMaskMm(rng, mask);
  return { mniMm: mm, originalMm: mm, sign: rng.nextFloat() < 0.5 ? 1 : -1, statistic: "t", value: thresholdT + rng.nextFloat() * 2 };
}

function experiment(id: string, n1: number, n2: number, thresholdP: number, foci: SdmFocus[]): SdmExperiment {
  return {
    id,
    studyLabel: id,
    contrastLabel: "patients vs controls",
    sampleSize: n1 + n2,
    space: "MNI",
    transform: "none",
    foci,
    nPatients: n1,
    nControls: n2,
    threshold: { statistic: "p", value: thresholdP, corrected: false },
    nullStudy: foci.length === 0,
  };
}

/** Simulates studies from true effects (see the module comment). */
export function simulateEffectDataset(rng: Rng, mask: Mask, settings: Partial<EffectSimulation> & { truth: TrueEffect[] }): SdmDataset {
  const s = { ...DEFAULT_EFFECT_SIMULATION, ...settings };
  const experiments: SdmExperiment[] = [];
  for (let i = 0; i < s.studies; i++) {
    const n1 = uniformInt(rng, s.nRange[0], s.nRange[1]);
    const n2 = uniformInt(rng, s.nRange[0], s.nRange[1]);
    const df = n1 + n2 - 2;
    const thresholdT = -tInverse(s.thresholdP, df);
    const foci: SdmFocus[] = [];
    for (const truth of s.truth) {
      const ncp = truth.g * Math.sqrt((n1 * n2) / (n1 + n2));
      const t = (ncp + normalDraw(rng)) / Math.sqrt(chiSquareDraw(rng, df) / df);
      if (Math.abs(t) < thresholdT) continue;
      const mm = truth.mm.map((c) => Math.round(c + s.jitterMm * normalDraw(rng))) as [number, number, number];
      foci.push({ mniMm: mm, originalMm: mm, sign: t > 0 ? 1 : -1, statistic: "t", value: Math.abs(t) });
    }
    const noise = s.noisePeaks > 0 ? rng.nextInt(s.noisePeaks + 1) : 0;
    for (let j = 0; j < noise; j++) foci.push(noiseFocus(rng, mask, thresholdT));
    experiments.push(experiment(`sim-${i + 1}`, n1, n2, s.thresholdP, foci));
  }
  return { name: "simulated effect", experiments };
}

/** Settings of `simulateNullDataset`. */
export interface NullSimulation {
  studies: number;
  /** Peaks per study drawn uniformly in this range (0 allowed: null studies). */
  peaksRange: [number, number];
  nRange: [number, number];
  thresholdP: number;
}

/** Defaults: 20 studies of 15–40 per group, 0–8 peaks each. */
export const DEFAULT_NULL_SIMULATION: NullSimulation = Object.freeze({
  studies: 20,
  peaksRange: [0, 8] as [number, number],
  nRange: [15, 40] as [number, number],
  thresholdP: 0.001,
});

/** Simulates a meta-analysis with no true effect anywhere. */
export function simulateNullDataset(rng: Rng, mask: Mask, settings: Partial<NullSimulation> = {}): SdmDataset {
  const s = { ...DEFAULT_NULL_SIMULATION, ...settings };
  const experiments: SdmExperiment[] = [];
  for (let i = 0; i < s.studies; i++) {
    const n1 = uniformInt(rng, s.nRange[0], s.nRange[1]);
    const n2 = uniformInt(rng, s.nRange[0], s.nRange[1]);
    const thresholdT = -tInverse(s.thresholdP, n1 + n2 - 2);
    const k = uniformInt(rng, s.peaksRange[0], s.peaksRange[1]);
    const foci = Array.from({ length: k }, () => noiseFocus(rng, mask, thresholdT));
    experiments.push(experiment(`null-${i + 1}`, n1, n2, s.thresholdP, foci));
  }
  return { name: "simulated null", experiments };
}
