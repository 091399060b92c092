import { describe, expect, it } from "vitest";
import { syntheticRecords } from "@/tests/fixtures/screening/synthetic-records";
import { Prioritiser } from "./prioritiser";
import { estimateRemaining, fitPlatt } from "./remaining";
import { createRng } from "./rng";
import { buildCorpus } from "./tfidf";

describe("fitPlatt", () => {
  it("recovers the slope and intercept of a logistic model from 20,000 draws", () => {
    const rng = createRng(5);
    const n = 20_000;
    const scores = new Float64Array(n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      scores[i] = 4 * rng() - 2;
      labels[i] = rng() < 1 / (1 + Math.exp(-(1.5 * scores[i] - 0.5))) ? 1 : 0;
    }
    const { a, b } = fitPlatt(scores, labels);
    expect(a).toBeCloseTo(1.5, 1);
    expect(b).toBeCloseTo(-0.5, 1);
  });

  it("stays finite on perfectly separated data (smoothed targets)", () => {
    const { a, b } = fitPlatt(Float64Array.from([-2, -1, 1, 2]), Uint8Array.from([0, 0, 1, 1]));
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
    expect(a).toBeGreaterThan(0);
  });
});

describe("estimateRemaining", () => {
  const { records, labels } = syntheticRecords(400, 40, 7);
  const corpus = buildCorpus(records);

  it("falls back to the prevalence so far with too few decisions", () => {
    const p = new Prioritiser(corpus.matrix);
    p.decide(0, 1);
    p.decide(399, 0);
    const e = estimateRemaining(p);
    expect(e.method).toBe("prevalence-so-far");
    // (1 + 0.5)/(2 + 1) per unscreened record
    expect(e.expected).toBeCloseTo((398 * 1.5) / 3, 9);
  });

  it("calibrates out-of-fold scores and lands near the truth on a separable corpus", () => {
    const p = new Prioritiser(corpus.matrix);
    // Screen the top of the ranking like a reviewer would, 120 decisions.
    p.decide(0, 1);
    p.decide(399, 0);
    for (let i = 0; i < 120; i++) {
      const row = p.bestUnscreened();
      p.decide(row, labels[row] as 0 | 1);
    }
    const truth = 40 - p.training.nRelevant;
    const e = estimateRemaining(p);
    expect(e.method).toBe("calibrated-out-of-fold-scores");
    expect(e.interval90[0]).toBeLessThanOrEqual(e.expected);
    expect(e.interval90[1]).toBeGreaterThanOrEqual(e.expected);
    expect(Math.abs(e.expected - truth)).toBeLessThan(5);
    // Same inputs, same seed → same estimate.
    expect(estimateRemaining(p).expected).toBe(e.expected);
  });
});
