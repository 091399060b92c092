import { describe, expect, it } from "vitest";
import { buildCorpus } from "./tfidf";
import { rowDot } from "./sparse";

const records = [
  { id: "a", title: "pain pain reho", abstract: "" },
  { id: "b", title: "pain alff", abstract: "" },
  { id: "c", title: "knee", abstract: "", keywords: "reho" },
];

function rowOf(corpus: ReturnType<typeof buildCorpus>, row: number): Record<string, number> {
  const out: Record<string, number> = {};
  const m = corpus.matrix;
  for (let k = m.indptr[row]; k < m.indptr[row + 1]; k++) out[corpus.vocabulary[m.indices[k]]] = m.data[k];
  return out;
}

describe("buildCorpus (TF-IDF, CSR)", () => {
  const corpus = buildCorpus(records);

  it("builds a sorted vocabulary and smoothed idf ln((1 + N)/(1 + df)) + 1", () => {
    expect(corpus.vocabulary).toEqual(["alff", "knee", "pain", "reho"]);
    // N = 3; df: alff 1, knee 1, pain 2, reho 2 (keywords count: record c has "reho")
    const idf1 = Math.log(4 / 2) + 1;
    const idf2 = Math.log(4 / 3) + 1;
    expect(Array.from(corpus.idf)).toEqual([idf1, idf1, idf2, idf2].map((x) => expect.closeTo(x, 12)));
  });

  it("weights raw tf × idf and l2-normalises each row (float32 storage)", () => {
    // record a: pain tf 2, reho tf 1, both idf2 → (2, 1)/√5
    const a = rowOf(corpus, 0);
    expect(a.pain).toBeCloseTo(2 / Math.sqrt(5), 6);
    expect(a.reho).toBeCloseTo(1 / Math.sqrt(5), 6);
    // record b: pain idf2, alff idf1 → (idf2, idf1)/√(idf2² + idf1²)
    const idf1 = Math.log(2) + 1;
    const idf2 = Math.log(4 / 3) + 1;
    const b = rowOf(corpus, 1);
    expect(b.alff).toBeCloseTo(idf1 / Math.hypot(idf1, idf2), 6);
    expect(b.pain).toBeCloseTo(idf2 / Math.hypot(idf1, idf2), 6);
    const w = new Float64Array(corpus.vocabulary.length).fill(0);
    for (let k = corpus.matrix.indptr[1]; k < corpus.matrix.indptr[2]; k++) w[corpus.matrix.indices[k]] = corpus.matrix.data[k];
    expect(rowDot(corpus.matrix, 1, w)).toBeCloseTo(1, 6);
  });

  it("stores CSR with ascending columns per row", () => {
    const m = corpus.matrix;
    expect(Array.from(m.indptr)).toEqual([0, 2, 4, 6]);
    for (let r = 0; r < m.nRows; r++) {
      for (let k = m.indptr[r] + 1; k < m.indptr[r + 1]; k++) expect(m.indices[k]).toBeGreaterThan(m.indices[k - 1]);
    }
  });

  it("applies sublinear tf 1 + ln(tf) when asked", () => {
    const a = rowOf(buildCorpus(records, { sublinearTf: true }), 0);
    expect(a.pain / a.reho).toBeCloseTo(1 + Math.log(2), 6);
  });

  it("adds word bigrams seen in at least minDfBigram records, and can ignore keywords", () => {
    const bi = buildCorpus([...records, { id: "d", title: "pain reho", abstract: "" }], { ngramMax: 2 });
    expect(bi.vocabulary).toContain("pain reho");
    expect(bi.vocabulary).not.toContain("pain pain");
    expect(buildCorpus(records, { useKeywords: false }).idf.length).toBe(4);
    expect(rowOf(buildCorpus(records, { useKeywords: false }), 2)).toEqual({ knee: 1 });
  });

  it("gives an empty record an empty row and rejects duplicate ids", () => {
    const c = buildCorpus([...records, { id: "e", title: "", abstract: "" }]);
    expect(c.matrix.indptr[4] - c.matrix.indptr[3]).toBe(0);
    expect(() => buildCorpus([records[0], { ...records[1], id: "a" }])).toThrow(/duplicate record id "a"/);
  });
});
