import { metricsDetermined, orderMetrics, type OrderMetrics } from "./metrics";
import { Prioritiser, type PrioritiserOptions } from "./prioritiser";
import { estimateRemaining } from "./remaining";
import { createRng, randomInt } from "./rng";
import type { CsrMatrix } from "./sparse";
import { evaluateStoppingRule, type StoppingRule } from "./stopping";
import { yieldCurveEstimate } from "./yield-curve";

/** Options of {@link simulateScreening}. */
export interface SimulationOptions {
  /** Seeds the prior draw and the model. */
  seed: number;
  prioritiser?: Partial<PrioritiserOptions>;
  /** Rules to replay; the simulation then runs on until each has fired (or every record is screened). */
  stoppingRules?: StoppingRule[];
  /** Fractions of records screened at which to compare the remaining estimate with the truth. */
  estimateCheckpoints?: number[];
}

export interface StoppingOutcome {
  rule: StoppingRule;
  /** Records screened (priors excluded) when the rule first said stop. */
  screened: number;
  screenedFraction: number;
  /** Share of the relevant records (priors excluded) found by then. */
  recall: number;
}

export interface EstimateCheck {
  screenedFraction: number;
  trueRemaining: number;
  /** Calibrated model-score estimate ({@link estimateRemaining}). */
  model: { expected: number; interval90: [number, number] };
  /** Discovery-curve estimate ({@link yieldCurveEstimate}). */
  yieldCurve: { expected: number; interval90: [number, number] };
}

export interface SimulationResult {
  /** Rows of the relevant and the irrelevant prior record. */
  priors: [number, number];
  /** Rows in screening order after the priors, up to where the metrics were determined. */
  order: Int32Array;
  metrics: OrderMetrics;
  stopping: StoppingOutcome[];
  estimates: EstimateCheck[];
  seconds: number;
}

/**
 * Replays a screening with known labels (the benchmarks.md protocol): one relevant and one
 * irrelevant record drawn at random as prior knowledge, then the model's top unscreened record is
 * "screened" (its true label revealed) and the model retrained, after every single decision,
 * until the metrics are determined (every relevant record found, or 95% found and half the
 * records screened). Priors are left out of the metrics. Stopping rules
 * are checked every ⌈N/200⌉ decisions, so a rule may fire up to that many records late.
 */
export function simulateScreening(matrix: CsrMatrix, labels: ArrayLike<number>, options: SimulationOptions): SimulationResult {
  const started = performance.now();
  const priors = drawPriors(labels, options.seed);
  const prioritiser = new Prioritiser(matrix, { ...options.prioritiser, seed: options.seed });
  prioritiser.decide(priors[0], 1);
  prioritiser.decide(priors[1], 0);
  const n = matrix.nRows - 2;
  const nRelevant = countRelevant(labels) - 1;
  const rules = options.stoppingRules ?? [];
  const stopping: (StoppingOutcome | undefined)[] = rules.map(() => undefined);
  const checkpoints = (options.estimateCheckpoints ?? []).map((f) => Math.round(f * n));
  const estimates: EstimateCheck[] = [];
  const checkEvery = Math.ceil(n / 200);
  const order = new Int32Array(n);
  // Every decision in order, priors first, as the app would hand them to a stopping rule.
  const history = new Uint8Array(n + 2);
  history[0] = 1;
  let k = 0;
  let found = 0;
  const pending = () => !metricsDetermined(found, k, n, nRelevant) || stopping.includes(undefined) || estimates.length < checkpoints.length;
  while (k < n && pending()) {
    const row = prioritiser.bestUnscreened();
    const label = labels[row] === 1 ? 1 : 0;
    prioritiser.decide(row, label);
    order[k++] = row;
    history[k + 1] = label;
    found += label;
    const estimateDue = checkpoints[estimates.length] === k;
    const rulesDue = k % checkEvery === 0 || k === n;
    if (!estimateDue && !(rulesDue && stopping.includes(undefined))) continue;
    const estimate = estimateDue || rules.some((r) => r.kind === "estimated-recall") ? estimateRemaining(prioritiser, { seed: options.seed }) : undefined;
    if (estimateDue && estimate) {
      const curve = yieldCurveEstimate(history.subarray(0, k + 2), n + 2);
      estimates.push({
        screenedFraction: k / n, trueRemaining: nRelevant - found,
        model: { expected: estimate.expected, interval90: estimate.interval90 },
        yieldCurve: { expected: curve.expected, interval90: curve.interval90 },
      });
    }
    if (!rulesDue) continue;
    rules.forEach((rule, i) => {
      if (stopping[i]) return;
      const progress = { labelsInOrder: history.subarray(0, k + 2), nRecords: n + 2, estimatedRemaining: estimate?.expected };
      if (evaluateStoppingRule(rule, progress).stop) stopping[i] = { rule, screened: k, screenedFraction: k / n, recall: found / nRelevant };
    });
  }
  const screenedLabels = Uint8Array.from(order.subarray(0, k), (r) => (labels[r] === 1 ? 1 : 0));
  return {
    priors,
    order: order.slice(0, k),
    metrics: orderMetrics(screenedLabels, n, nRelevant),
    stopping: stopping.filter((s): s is StoppingOutcome => s !== undefined),
    estimates,
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
