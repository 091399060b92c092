import { createModel, type Prioritiser } from "./prioritiser";
import { createRng, shuffle } from "./rng";
import { TrainingSet } from "./training-set";

/** Options of {@link estimateRemaining}. */
export interface RemainingOptions {
  /** Folds for the out-of-fold scores that calibrate the model. */
  folds: number;
  seed: number;
}

export const defaultRemainingOptions: RemainingOptions = { folds: 5, seed: 0 };

export interface RemainingEstimate {
  /** Expected number of relevant records among the unscreened ones. */
  expected: number;
  /** Approximate 90% interval (Poisson-binomial variance, normal approximation, floored at 0). */
  interval90: [number, number];
  /** Platt calibration p = 1 / (1 + exp(−(a·score + b))). */
  calibration: { a: number; b: number };
  method: "calibrated-out-of-fold-scores" | "prevalence-so-far";
}

/**
 * Live estimate of the relevant records left among the unscreened ones. Each screened record
 * gets an out-of-fold score (a model refitted without its fold), a logistic (Platt 1999) curve
 * maps score to probability of relevance, and the probabilities of the unscreened records
 * (scored by the full model) are summed. Calibrating on out-of-fold rather than training scores
 * keeps the probabilities from being overconfident. The screened records are a score-biased
 * sample, so the low-score tail is extrapolated: treat the figure as a guide, and check it against
 * the simulation (bench:screening reports estimate vs truth). With fewer than two relevant
 * or irrelevant decisions per fold it falls back to the prevalence so far.
 */
export function estimateRemaining(prioritiser: Prioritiser, options: Partial<RemainingOptions> = {}): RemainingEstimate {
  const opts = { ...defaultRemainingOptions, ...options };
  const t = prioritiser.training;
  const nUnscreened = t.labels.length - t.size;
  if (t.nRelevant < 2 * opts.folds || t.nIrrelevant < 2 * opts.folds) {
    const p = (t.nRelevant + 0.5) / (t.size + 1);
    return summarise(Array.from({ length: nUnscreened }, () => p), { a: 0, b: Math.log(p / (1 - p)) }, "prevalence-so-far");
  }
  const oof = outOfFoldScores(prioritiser, opts);
  const rows = t.rows.subarray(0, t.size);
  const calibration = fitPlatt(Float64Array.from(rows, (r) => oof[r]), Uint8Array.from(rows, (r) => t.labels[r]));
  const scores = prioritiser.scores();
  const probs: number[] = [];
  for (let r = 0; r < scores.length; r++) {
    if (t.labels[r] === -1) probs.push(sigmoid(calibration.a * scores[r] + calibration.b));
  }
  return summarise(probs, calibration, "calibrated-out-of-fold-scores");
}

function outOfFoldScores(prioritiser: Prioritiser, opts: RemainingOptions): Float64Array {
  const t = prioritiser.training;
  const rng = createRng(opts.seed);
  const order = shuffle(Int32Array.from(t.rows.subarray(0, t.size)), rng);
  const oof = new Float64Array(t.labels.length);
  const buffer = new Float64Array(t.labels.length);
  for (let f = 0; f < opts.folds; f++) {
    const train = new TrainingSet(t.labels.length);
    order.forEach((row, i) => {
      if (i % opts.folds !== f) train.add(row, t.labels[row] as 0 | 1);
    });
    const model = createModel(prioritiser.matrix, prioritiser.options);
    model.fit(train, rng);
    model.score(buffer);
    order.forEach((row, i) => {
      if (i % opts.folds === f) oof[row] = buffer[row];
    });
  }
  return oof;
}

/**
 * Platt scaling by Newton's method, with Platt's smoothed targets (N₊ + 1)/(N₊ + 2) and
 * 1/(N₋ + 2) so that separable data do not drive the slope to infinity.
 */
export function fitPlatt(scores: Float64Array, labels: Uint8Array): { a: number; b: number } {
  let nPos = 0;
  for (const y of labels) nPos += y;
  const nNeg = labels.length - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  let a = 0;
  let b = Math.log((nPos + 1) / (nNeg + 1));
  const loss = (a_: number, b_: number) => {
    let s = 0;
    for (let i = 0; i < scores.length; i++) {
      const z = a_ * scores[i] + b_;
      const t = labels[i] ? hi : lo;
      s += Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - t * z;
    }
    return s;
  };
  let current = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0, gb = 0, haa = 1e-12, hab = 0, hbb = 1e-12;
    for (let i = 0; i < scores.length; i++) {
      const p = sigmoid(a * scores[i] + b);
      const d = p - (labels[i] ? hi : lo);
      const w = p * (1 - p);
      ga += d * scores[i];
      gb += d;
      haa += w * scores[i] * scores[i];
      hab += w * scores[i];
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    while (step > 1e-8 && loss(a - step * da, b - step * db) > current) step /= 2;
    a -= step * da;
    b -= step * db;
    const next = loss(a, b);
    if (current - next < 1e-10) break;
    current = next;
  }
  return { a, b };
}

function summarise(probs: number[], calibration: { a: number; b: number }, method: RemainingEstimate["method"]): RemainingEstimate {
  let expected = 0;
  let variance = 0;
  for (const p of probs) {
    expected += p;
    variance += p * (1 - p);
  }
  const half = 1.6448536269514722 * Math.sqrt(variance);
  return { expected, interval90: [Math.max(0, expected - half), expected + half], calibration, method };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
