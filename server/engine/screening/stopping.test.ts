import { describe, expect, it } from "vitest";
import { describeStoppingRule, evaluateStoppingRule, recallTestPValue } from "./stopping";

describe("recall test (Callaghan & Müller-Hansen 2020)", () => {
  it("matches the hypergeometric arithmetic by hand", () => {
    // N = 20, screened 10 = [1,1,0,1,0,0,0,0,0,0], τ = 0.75: r = 3, H0 needs K = ⌊3/0.75⌋ + 1 = 5.
    // Window n ≤ 6 (all irrelevant): urn 10 + n with 5 − 3 = 2 relevant, P(X = 0) = 90/((10+n)(9+n)),
    // smallest at n = 6: 90/240 = 0.375. Wider windows include relevant records and give larger p
    // (n = 7: 12441/19448; n = 10: 1 − 28028/184756), so the minimum is 0.375.
    expect(recallTestPValue([1, 1, 0, 1, 0, 0, 0, 0, 0, 0], 20, 0.75)).toBeCloseTo(0.375, 10);
  });

  it("only stops after a long run of irrelevant records", () => {
    // 40 found, τ = 0.95 → H0 leaves ≥ 3 relevant in the urn. After 700 irrelevant in a row the
    // urn is 1000 − 740 + 700 = 960 and P(X = 0) ≈ (260/960)³ ≈ 0.02 < 0.05; after 20 it is ≈ 0.94.
    const early = [...Array(40).fill(1), ...Array(20).fill(0)];
    const late = [...Array(40).fill(1), ...Array(700).fill(0)];
    const rule = { kind: "recall-test", targetRecall: 0.95, alpha: 0.05 } as const;
    expect(evaluateStoppingRule(rule, { labelsInOrder: early, nRecords: 1000 }).stop).toBe(false);
    expect(evaluateStoppingRule(rule, { labelsInOrder: late, nRecords: 1000 }).stop).toBe(true);
  });
});

describe("other stopping rules", () => {
  it("consecutive-irrelevant counts the trailing run and respects the minimum screened share", () => {
    const rule = { kind: "consecutive-irrelevant", count: 3, minScreenedFraction: 0.5 } as const;
    const d = evaluateStoppingRule(rule, { labelsInOrder: [1, 0, 1, 0, 0, 0], nRecords: 10 });
    expect(d.statistic).toBe(3);
    expect(d.stop).toBe(true);
    expect(evaluateStoppingRule(rule, { labelsInOrder: [1, 0, 0, 0], nRecords: 10 }).stop).toBe(false);
    expect(evaluateStoppingRule(rule, { labelsInOrder: [0, 0, 0, 0, 0, 1], nRecords: 10 }).statistic).toBe(0);
  });

  it("estimated-recall divides found by found + estimated remaining", () => {
    const rule = { kind: "estimated-recall", targetRecall: 0.9 } as const;
    const d = evaluateStoppingRule(rule, { labelsInOrder: [1, 1, 1, 0], nRecords: 10, estimatedRemaining: 0.25 });
    expect(d.statistic).toBeCloseTo(3 / 3.25, 12);
    expect(d.stop).toBe(true);
    expect(() => evaluateStoppingRule(rule, { labelsInOrder: [1], nRecords: 10 })).toThrow(/estimatedRemaining/);
  });

  it("never stops under 'none' before every record is screened, and describes each rule", () => {
    expect(evaluateStoppingRule({ kind: "none" }, { labelsInOrder: [0, 0], nRecords: 3 }).stop).toBe(false);
    expect(evaluateStoppingRule({ kind: "none" }, { labelsInOrder: [0, 0, 0], nRecords: 3 }).stop).toBe(true);
    expect(describeStoppingRule({ kind: "recall-test", targetRecall: 0.95, alpha: 0.05 })).toMatch(/Callaghan & Müller-Hansen \(2020\).*95%/);
  });
});
