// Always-on tests on small cases computed by hand (tests/fixtures/effects/*.json describe them).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  confint,
  escalc,
  fixedEffectPartition,
  fsn,
  hedgesCorrection,
  influence,
  leave1out,
  modelData,
  predict,
  regtest,
  rma,
  runCase,
  StudyInputError,
  subgroupModeratorTest,
  TIGHT_RMA_CONTROL,
  trimfill,
  type StudyRecord,
  type Tau2Method,
} from "./index";

const fixture = (name: string) => JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../../tests/fixtures/effects", name), "utf8"));

describe("two studies, yi = ±1, vi = 0.5 (hand-computed)", () => {
  const data = modelData(escalc("GEN", fixture("two-study-generic.json").input.studies));
  const expected: Record<Tau2Method, number> = { FE: 0, EE: 0, DL: 1.5, PM: 1.5, HE: 1.5, REML: 1.5, ML: 0.5, SJ: 4 / 3 };

  for (const [method, tau2] of Object.entries(expected) as [Tau2Method, number][]) {
    it(`${method}: tau² = ${tau2}`, () => {
      const fit = rma(data, { method, control: TIGHT_RMA_CONTROL });
      expect(fit.tau2).toBeCloseTo(tau2, 9);
      expect(fit.beta[0]).toBeCloseTo(0, 12);
      expect(fit.QE).toBeCloseTo(4, 12);
    });
  }

  it("DL: se 1, I² 75 %, H² 4, prediction interval ±1.96·√2.5", () => {
    const fit = rma(data, { method: "DL" });
    expect(fit.coefficients[0].se).toBeCloseTo(1, 12);
    expect(fit.I2).toBeCloseTo(75, 10);
    expect(fit.H2).toBeCloseTo(4, 12);
    const pr = predict(fit);
    expect(pr.piUb!).toBeCloseTo(1.959963984540054 * Math.sqrt(2.5), 12);
  });

  it("FE: I² = (Q − df)/Q = 75 %, H² = Q/df = 4, no prediction interval", () => {
    const fit = rma(data, { method: "FE" });
    expect(fit.I2).toBeCloseTo(75, 10);
    expect(predict(fit).piLb).toBeNull();
  });

  it("Knapp–Hartung: s2w = 1 here, so se is unchanged and the CI uses t(1)", () => {
    const fit = rma(data, { method: "DL", test: "knha" });
    expect(fit.s2w).toBeCloseTo(1, 12);
    expect(fit.coefficients[0].ciUb).toBeCloseTo(Math.tan(Math.PI * 0.475), 10);
  });

  it("Q-profile CI: Q(tau²) = Σ(yᵢ − μ̂)²/(vᵢ + tau²) meets the χ²₁ quantiles at the bounds", () => {
    // yi = ±3, vi = 0.5: Q(tau²) = 18/(0.5 + tau²). χ²₁ 97.5% quantile = qnorm(0.9875)².
    const wide = modelData(escalc("GEN", [{ id: "a", yi: -3, vi: 0.5 }, { id: "b", yi: 3, vi: 0.5 }]));
    const fit = rma(wide, { method: "REML", control: TIGHT_RMA_CONTROL });
    expect(fit.tau2).toBeCloseTo(17.5, 9);
    const ci = confint(fit, { tol: 1e-13 });
    const z9875 = 2.241402727604947;
    expect(ci.tau2.ciLb).toBeCloseTo(18 / (z9875 * z9875) - 0.5, 9);
    // The lower χ² quantile is tiny, so the upper bound lies beyond the search limit max(100, 10·tau²).
    expect(ci.tau2.ciUb).toBeCloseTo(175, 6);
    expect(ci.ubSign).toBe(">");
    // With yi = ±1, Q(0) = 4 is below the upper quantile: the lower bound is 0.
    expect(confint(rma(data, { method: "REML" })).tau2.ciLb).toBe(0);
  });

  it("leave-one-out leaves a single study: its own yi, Q = 0", () => {
    const rows = leave1out(rma(data, { method: "DL" }));
    expect(rows[0].estimate).toBeCloseTo(1, 14);
    expect(rows[1].estimate).toBeCloseTo(-1, 14);
    expect(rows.every((r) => r.Q === 0 && r.tau2 === 0)).toBe(true);
  });

  it("hat values are the weight shares (1/2 each)", () => {
    expect(influence(rma(data, { method: "DL" })).map((r) => r.hat)).toEqual([0.5, 0.5]);
  });
});

describe("escalc formulas (hand-computed)", () => {
  const arms = fixture("raw-arms.json");
  it("MD", () => {
    const [e] = escalc("MD", [arms.continuous]);
    expect(e.yi).toBe(2);
    expect(e.vi).toBeCloseTo(0.8, 15);
  });
  it("SMD uses the exact Hedges factor Γ(9)/(3·Γ(8.5))", () => {
    // Γ(8.5) = 7.5·6.5·…·0.5·√π
    let g85 = Math.sqrt(Math.PI);
    for (let x = 0.5; x < 8.5; x++) g85 *= x;
    const j = 40320 / (3 * g85);
    expect(hedgesCorrection(18)).toBeCloseTo(j, 14);
    const [e] = escalc("SMD", [arms.continuous]);
    expect(e.yi).toBeCloseTo(j, 14);
    expect(e.vi).toBeCloseTo(0.2 + (j * j) / 40, 14);
    expect(e.smd!.hedgesJApprox).toBeCloseTo(1 - 3 / 71, 15);
  });
  it("RR, OR with a zero cell, RD and ZCOR", () => {
    const [rr] = escalc("RR", [arms.binary]);
    expect(rr.yi).toBeCloseTo(Math.log(0.5), 15);
    expect(rr.vi).toBeCloseTo(0.13, 15);
    const [or] = escalc("OR", [arms.binaryZero]);
    expect(or.cells).toEqual({ added: 0.5, a: 0.5, b: 20.5, c: 4.5, d: 16.5 });
    expect(or.yi).toBeCloseTo(Math.log((0.5 * 16.5) / (20.5 * 4.5)), 14);
    const [rd] = escalc("RD", [arms.binary]);
    expect(rd.yi).toBeCloseTo(-0.1, 15);
    expect(rd.vi).toBeCloseTo(0.0009 + 0.0016, 15);
    const [z] = escalc("ZCOR", [arms.correlation]);
    expect(z.yi).toBeCloseTo(0.5 * Math.log(3), 15);
    expect(z.vi).toBeCloseTo(1 / 25, 15);
  });
  it("generic estimate with a 95% CI recovers the SE", () => {
    const [e] = escalc("RR", [{ id: "g", estimate: 0.5, ci_lower: 0.25, ci_upper: 1 }]);
    expect(e.yi).toBeCloseTo(Math.log(0.5), 15);
    expect(e.sei).toBeCloseTo(Math.log(4) / (2 * 1.959963984540054), 14);
  });
});

describe("invalid input names the study and the field", () => {
  const base = { id: "S9", n1: 10, mean1: 1, sd1: 1, n2: 10, mean2: 2, sd2: 1 };
  const cases: [string, StudyRecord, RegExp][] = [
    ["negative SD", { ...base, sd2: -0.5 }, /study S9: field 'sd2' must not be negative/],
    ["n < 2", { ...base, n1: 1 }, /study S9: field 'n1' must be at least 2/],
    ["missing field", { ...base, mean2: undefined }, /study S9: field 'mean2' is missing/],
  ];
  for (const [name, study, message] of cases) {
    it(name, () => expect(() => escalc("MD", [study])).toThrow(message));
  }
  it("zero total", () => {
    expect(() => escalc("OR", [{ id: "T0", events1: 0, total1: 0, events2: 1, total2: 10 }])).toThrow(StudyInputError);
    expect(() => escalc("OR", [{ id: "T0", events1: 0, total1: 0, events2: 1, total2: 10 }])).toThrow(/study T0: field 'total1'.*zero total/);
  });
});

describe("constructed low-back-pain case (own fixture)", () => {
  const input = fixture("low-back-pain-acupuncture.json").input;
  const es = escalc("MD", input.studies);
  const studies = es.map((e, i) => ({ ...e, group: input.studies[i].population as string }));

  it("the fixed-effect Q-between equals the QM of the common-effect subgroup model", () => {
    const fep = fixedEffectPartition(studies, input.subgroup_levels);
    const qm = subgroupModeratorTest(studies, { method: "FE" }, input.subgroup_levels).QM;
    expect(fep.Qb).toBeCloseTo(qm, 10);
    expect(fep.df).toBe(1);
  });

  it("Rosenthal's fail-safe N follows its formula", () => {
    const z = es.reduce((s, e) => s + e.yi / e.sei, 0);
    const k = es.length;
    const expected = Math.ceil(k * (Math.abs(z) / Math.sqrt(k) / 1.6448536269514722) ** 2 - k);
    expect(fsn(es.map((e) => e.yi), es.map((e) => e.vi)).fsnum).toBe(expected);
  });

  it("trim-and-fill imputes mirror images 2μ − yᵢ of the most extreme studies, with their vᵢ", () => {
    // Small studies only on the left: studies are missing on the right.
    const skewed = escalc("GEN", [
      { id: "a", yi: -0.1, vi: 0.01 }, { id: "b", yi: -0.15, vi: 0.02 }, { id: "c", yi: -0.4, vi: 0.08 },
      { id: "d", yi: -0.6, vi: 0.15 }, { id: "e", yi: -0.8, vi: 0.25 }, { id: "f", yi: -0.05, vi: 0.012 },
    ]);
    const tf = trimfill(rma(modelData(skewed), { method: "FE" }));
    expect(tf.side).toBe("right");
    expect(tf.k0).toBeGreaterThan(0);
    // Each imputed study mirrors an observed one (same vᵢ) about one common centre μ.
    const centres = tf.filled.map((f) => (f.yi + skewed.find((e) => e.vi === f.vi)!.yi) / 2);
    for (const c of centres) expect(c).toBeCloseTo(centres[0], 12);
    // The mirrored studies are the most negative ones.
    const mirrored = tf.filled.map((f) => skewed.find((e) => e.vi === f.vi)!.yi).sort((p, q) => p - q);
    expect(mirrored).toEqual(skewed.map((e) => e.yi).sort((p, q) => p - q).slice(0, tf.k0));
    expect(tf.kTotal).toBe(skewed.length + tf.k0);
  });

  it("Egger's classic lm test and the rma test agree for the common-effect model's slope estimate", () => {
    const fit = rma(modelData(es), { method: "FE" });
    expect(regtest(fit, "lm").coefficients[1].estimate).toBeCloseTo(regtest(fit, "rma").coefficients[1].estimate, 10);
  });

  it("runCase writes every section the reference layout names", () => {
    const out = runCase({ input });
    for (const key of ["escalc", "models", "models_tight", "knha", "confint", "regtest", "ranktest", "trimfill", "fsn", "leave1out", "influence", "subgroups", "metaregression"]) {
      expect(out).toHaveProperty(key);
    }
    expect(out.errors).toEqual({});
  });
});
