import { describe, expect, it } from "vitest";
import path from "node:path";
import { syntheticRecords } from "@/tests/fixtures/screening/synthetic-records";
import { readLabelledCsv } from "./labelled-csv";
import { randomOrderMetrics } from "./metrics";
import { drawPriors, simulateScreening } from "./simulate";
import { buildCorpus } from "./tfidf";

const fixtures = path.resolve(import.meta.dirname, "../../../tests/fixtures/screening");

describe("simulateScreening", () => {
  const { records, labels } = syntheticRecords(500, 25, 11, 0.3);
  const corpus = buildCorpus(records);

  it("finds the relevant records far sooner than random order, deterministically", () => {
    const a = simulateScreening(corpus.matrix, labels, { seed: 2 });
    const b = simulateScreening(corpus.matrix, labels, { seed: 2 });
    expect(Array.from(b.order)).toEqual(Array.from(a.order));
    expect(a.metrics.n).toBe(498);
    expect(a.metrics.nIncluded).toBe(24);
    expect(a.metrics.wss95).toBeGreaterThan(randomOrderMetrics(498, 24).wss95 + 0.5);
    expect(a.order).not.toContain(a.priors[0]);
    expect(a.order).not.toContain(a.priors[1]);
  });

  it("replays stopping rules and remaining-estimate checkpoints", () => {
    const r = simulateScreening(corpus.matrix, labels, {
      seed: 1,
      stoppingRules: [{ kind: "consecutive-irrelevant", count: 50, minScreenedFraction: 0.1 }],
      estimateCheckpoints: [0.1],
    });
    expect(r.stopping).toHaveLength(1);
    expect(r.stopping[0].screened).toBeGreaterThanOrEqual(50);
    expect(r.stopping[0].recall).toBeGreaterThan(0.8);
    expect(r.estimates[0].screenedFraction).toBeCloseTo(0.1, 2);
    expect(r.estimates[0].trueRemaining).toBeGreaterThanOrEqual(0);
    expect(r.estimates[0].model.expected).toBeGreaterThanOrEqual(0);
    expect(r.estimates[0].yieldCurve.interval90[1]).toBeGreaterThanOrEqual(r.estimates[0].yieldCurve.expected);
  });

  it("draws one relevant and one irrelevant prior", () => {
    const [rel, irr] = drawPriors(labels, 3);
    expect(labels[rel]).toBe(1);
    expect(labels[irr]).toBe(0);
    expect(() => drawPriors([1, 0], 0)).toThrow(/≥ 2 relevant/);
  });
});

describe("readLabelledCsv", () => {
  it("detects differently named columns, quotes and NaN, and reads yes/no labels", () => {
    const ds = readLabelledCsv(path.join(fixtures, "tiny-labelled.csv"));
    expect(ds.columns).toMatchObject({ id: "ID", title: "Title", abstract: "Abstract", keywords: "Keywords", label: "Included" });
    expect(Array.from(ds.labels)).toEqual([1, 0, 1, 0]);
    expect(ds.records[1].abstract).toBe("");
    expect(ds.records[2].abstract).toContain('"quoted" text and a comma, inside');
  });

  it("honours overrides and names the file and field on errors", () => {
    const file = path.join(fixtures, "tiny-labelled.csv");
    expect(readLabelledCsv(file, { abstract: "Title" }).records[0].abstract).toMatch(/^Regional homogeneity/);
    expect(() => readLabelledCsv(file, { label: "Verdict" })).toThrow(/tiny-labelled\.csv: no column "Verdict"/);
    expect(() => readLabelledCsv(file, { label: "Title" })).toThrow(/data row 1, column Title/);
  });
});
