import { describe, expect, it } from "vitest";
import { syntheticRecords } from "@/tests/fixtures/screening/synthetic-records";
import { rankUnscreened } from "./rank";
import { buildCorpus } from "./tfidf";

const { records, labels } = syntheticRecords(300, 30, 3);
const corpus = buildCorpus(records);
const idx = (id: string) => corpus.indexOf.get(id)!;

function decisions(n: number, nRelevant = 5): Map<string, 0 | 1> {
  // The first nRelevant relevant and the first n − nRelevant irrelevant records have been screened.
  const m = new Map<string, 0 | 1>();
  for (let i = 0; i < nRelevant; i++) m.set(records[i].id, 1);
  for (let i = 30; i < 30 + n - nRelevant; i++) m.set(records[i].id, 0);
  return m;
}

describe("rankUnscreened", () => {
  it("returns every unscreened record once, relevant-looking ones first", () => {
    const r = rankUnscreened(corpus, decisions(20));
    expect(r.order).toHaveLength(280);
    expect(new Set(r.order).size).toBe(280);
    expect(r.order.some((id) => decisions(20).has(id))).toBe(false);
    // The 25 unscreened relevant records should fill (almost all of) the first 25 places.
    const top = r.order.slice(0, 25).filter((id) => labels[idx(id)] === 1).length;
    expect(top).toBeGreaterThanOrEqual(23);
    for (let i = 1; i < r.scores.length; i++) expect(r.scores[i]).toBeLessThanOrEqual(r.scores[i - 1]);
    expect(r.method.ordering).toBe("model");
    expect(r.method.description).toMatch(/naive Bayes/);
  });

  it("estimates the relevant records left", () => {
    // 12 of 30 relevant screened → 18 left among 240 unscreened.
    const r = rankUnscreened(corpus, decisions(60, 12));
    const e = r.estimatedRemainingRelevant!;
    expect(e.method).toBe("calibrated-out-of-fold-scores");
    expect(e.expected).toBeGreaterThan(18 / 2);
    expect(e.expected).toBeLessThan(18 * 2);
    // Decisions in insertion order: 12 includes then 48 excludes, so the curve sees a collapse.
    expect(r.yieldCurveRemaining!.windowSize).toBe(50);
    expect(r.yieldCurveRemaining!.expected).toBeLessThan(e.expected);
  });

  it("is deterministic for a seed and independent of the decisions' insertion order", () => {
    const a = rankUnscreened(corpus, decisions(20));
    const b = rankUnscreened(corpus, new Map([...decisions(20)].reverse()));
    expect(b.order).toEqual(a.order);
  });

  it("uses a seeded random order until both an include and an exclude exist", () => {
    const only = new Map<string, 0 | 1>([[records[0].id, 1]]);
    const a = rankUnscreened(corpus, only, { prioritiser: { seed: 4 } });
    const b = rankUnscreened(corpus, only, { prioritiser: { seed: 4 } });
    const c = rankUnscreened(corpus, only, { prioritiser: { seed: 5 } });
    expect(a.method.ordering).toBe("random");
    expect(a.estimatedRemainingRelevant).toBeNull();
    expect(b.order).toEqual(a.order);
    expect(c.order).not.toEqual(a.order);
  });

  it("rejects decisions about unknown records or with other labels", () => {
    expect(() => rankUnscreened(corpus, new Map([["nope", 1]]))).toThrow(/"nope"/);
    expect(() => rankUnscreened(corpus, new Map([[records[0].id, 2 as 1]]))).toThrow(/expected 0 or 1/);
  });

  it("also ranks with the linear SVM", () => {
    const r = rankUnscreened(corpus, decisions(20), { prioritiser: { model: "svm" }, estimate: false });
    expect(r.order.slice(0, 25).filter((id) => labels[idx(id)] === 1).length).toBeGreaterThanOrEqual(23);
    expect(r.method.description).toMatch(/linear SVM/);
  });
});
