import { describe, expect, it } from "vitest";
import { scoreGroupRemovals, scorePairwise } from "./score";

// Gold: work A has four records, work B two; x and y are unique records.
const gold = [["a1", "a2", "a3", "a4"], ["b1", "b2"]];

describe("scoreGroupRemovals (records removed, as bib-dedupe and ASySD score)", () => {
  it("counts one removal per record a group takes out, and Σ(size − 1) gold duplicates", () => {
    const s = scoreGroupRemovals([["a1", "a2", "a3"], ["b1", "b2"]], gold);
    expect(s).toEqual({ removed: 3, correct: 3, goldDuplicates: 4, precision: 1, recall: 0.75 });
    // the same prediction costs three of seven pairs pairwise: a4 is paired with a1, a2 and a3
    expect(scorePairwise([["a1", "a2", "a3"], ["b1", "b2"]], gold).recall).toBeCloseTo(4 / 7, 12);
  });

  it("a group joining m different works removes m − 1 records wrongly, whichever record it keeps", () => {
    // works A, B and unique x in one group: 4 removals, 2 wrong
    const s = scoreGroupRemovals([["a1", "b1", "x", "a2", "b2"]], gold);
    expect(s).toEqual({ removed: 4, correct: 2, goldDuplicates: 4, precision: 0.5, recall: 0.5 });
    // two unique records merged: one wrong removal, nothing right
    expect(scoreGroupRemovals([["x", "y"]], gold)).toMatchObject({ removed: 1, correct: 0, precision: 0, recall: 0 });
  });

  it("ignores repeated ids and scores an empty prediction as precise with no recall", () => {
    expect(scoreGroupRemovals([["a1", "a1", "a2"]], gold)).toMatchObject({ removed: 1, correct: 1 });
    expect(scoreGroupRemovals([], gold)).toEqual({ removed: 0, correct: 0, goldDuplicates: 4, precision: 1, recall: 0 });
  });
});
