import { describe, expect, it } from "vitest";
import { estimateRemainingRelevant } from "./remaining-estimate";

describe("estimateRemainingRelevant", () => {
  it("is null until both classes are labelled", () => {
    expect(estimateRemainingRelevant(new Float64Array([1, 2, 3]), new Int8Array([1, -1, -1]))).toBeNull();
  });

  it("expects about the share of relevant records seen at each score among the unlabelled ones", () => {
    // Scores 0 or 1; labelled: at score 1, 30 of 40 relevant; at score 0, 2 of 60. Unlabelled: 20 at score 1, 50 at score 0.
    const scores: number[] = [];
    const labels: number[] = [];
    const push = (s: number, l: number, n: number) => { for (let i = 0; i < n; i++) { scores.push(s); labels.push(l); } };
    push(1, 1, 30); push(1, 0, 10); push(0, 1, 2); push(0, 0, 58); push(1, -1, 20); push(0, -1, 50);
    const est = estimateRemainingRelevant(Float64Array.from(scores), Int8Array.from(labels))!;
    // Hand computation with Platt's smoothed targets: close to 20·0.75 + 50·(2/60) ≈ 15 + 1.67.
    expect(est.expected).toBeGreaterThan(15.5);
    expect(est.expected).toBeLessThan(17.5);
    expect(est.low).toBeLessThan(est.expected);
    expect(est.high).toBeGreaterThan(est.expected);
    expect(est.basedOn).toBe(100);
  });
});
