import { orderMetrics, type OrderMetrics } from "./metrics";
import { Prioritiser, type PrioritiserOptions } from "./prioritiser";
import { createRng, randomInt } from "./rng";
import type { CsrMatrix } from "./sparse";

/** Options of {@link simulateScreening}. */
export interface SimulationOptions {
  /** Seeds the prior draw and the model. */
  seed: number;
  prioritiser?: Partial<PrioritiserOptions>;
}

export interface SimulationResult {
  /** Rows of the relevant and the irrelevant prior record. */
  priors: [number, number];
  /** Rows in screening order after the priors, up to the last relevant record. */
  order: Int32Array;
  metrics: OrderMetrics;
  seconds: number;
}

/**
 * Replays a screening with known labels (the benchmarks.md protocol): one relevant and one
 * irrelevant record drawn at random as prior knowledge, then the model's top unscreened record is
 * "screened" (its true label revealed) and the model retrained, after every single decision,
 * until every relevant record has been found. Priors are left out of the metrics.
 */
export function simulateScreening(matrix: CsrMatrix, labels: ArrayLike<number>, options: SimulationOptions): SimulationResult {
  const started = performance.now();
  const priors = drawPriors(labels, options.seed);
  const prioritiser = new Prioritiser(matrix, { ...options.prioritiser, seed: options.seed });
  prioritiser.decide(priors[0], 1);
  prioritiser.decide(priors[1], 0);
  const nRelevant = countRelevant(labels) - 1;
  const order = new Int32Array(matrix.nRows - 2);
  const screenedLabels = new Uint8Array(matrix.nRows - 2);
  let k = 0;
  let found = 0;
  while (found < nRelevant) {
    const row = prioritiser.bestUnscreened();
    const label = labels[row] === 1 ? 1 : 0;
    prioritiser.decide(row, label);
    order[k] = row;
    screenedLabels[k++] = label;
    found += label;
  }
  return {
    priors,
    order: order.slice(0, k),
    metrics: orderMetrics(screenedLabels.subarray(0, k), matrix.nRows - 2, nRelevant),
    seconds: (performance.now() - started) / 1000,
  };
}

/** One random relevant and one random irrelevant record, as ASReview's simulation prior. */
export function drawPriors(labels: ArrayLike<number>, seed: number): [number, number] {
  const relevant: number[] = [];
  const irrelevant: number[] = [];
  for (let r = 0; r < labels.length; r++) (labels[r] === 1 ? relevant : irrelevant).push(r);
  if (relevant.length < 2 || irrelevant.length < 1) {
    throw new Error(`drawPriors: need ≥ 2 relevant and ≥ 1 irrelevant records, got ${relevant.length} and ${irrelevant.length}`);
  }
  const rng = createRng(seed);
  return [relevant[randomInt(rng, relevant.length)], irrelevant[randomInt(rng, irrelevant.length)]];
}

function countRelevant(labels: ArrayLike<number>): number {
  let n = 0;
  for (let r = 0; r < labels.length; r++) n += labels[r] === 1 ? 1 : 0;
  return n;
}
