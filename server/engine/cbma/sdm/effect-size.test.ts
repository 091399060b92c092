// Reference values computed independently with SciPy 1.17 (stats.t.ppf / stats.t.isf / stats.norm.cdf)
// and NumPy from the formulas of cbma.md B1–B2.
import { describe, expect, it } from "vitest";
import { hedgesGVariance, statisticToT, studyDesign, thresholdToT, tToHedgesG } from "./effect-size";
import { prepareStudies } from "./prepare";
import { study } from "./test-support";

describe("peak statistic → t", () => {
  it("keeps t, converts z with the study df (t = T⁻¹_df(Φ(z)))", () => {
    expect(statisticToT("t", 4.2, 44)).toBe(4.2);
    expect(statisticToT("z", 3.5, 38)).toBeCloseTo(3.8305528413220737, 10);
    // Large z: computed on the lower tail so it does not round to infinity.
    expect(statisticToT("z", 8, 20)).toBeCloseTo(22.385033082827995, 6);
  });

  it("converts a one-tailed p (t = T⁻¹_df(1 − p)) and rejects p outside (0, 1)", () => {
    expect(statisticToT("p", 0.001, 44)).toBeCloseTo(3.2860719461802885, 10);
    expect(() => statisticToT("p", 0, 44)).toThrow(/p must be in/);
    expect(thresholdToT({ statistic: "p", value: 0.001 }, 44)).toBeCloseTo(3.2860719461802885, 10);
  });
});

describe("t → Hedges' g and variance", () => {
  it("two groups: g = J·t·√(1/n1 + 1/n2), v = 1/n1 + 1/n2 + g²/(2N)", () => {
    const d = studyDesign(24, 22);
    expect(d.df).toBe(44);
    expect(d.j).toBeCloseTo(0.9828571428571429, 14);
    const g = tToHedgesG(4.2, d);
    expect(g).toBeCloseTo(1.2184329727526704, 12);
    expect(hedgesGVariance(g, d)).toBeCloseTo(0.1032579393939394, 12);
    expect(tToHedgesG(-4.2, d)).toBeCloseTo(-1.2184329727526704, 12);
  });

  it("one group (nControls null): df = n − 1, g = J·t/√n, v = 1/n + g²/(2n)", () => {
    const d = studyDesign(30, null);
    expect(d.df).toBe(29);
    const g = tToHedgesG(3, d);
    expect(g).toBeCloseTo(0.5334341429615531, 12);
    expect(hedgesGVariance(g, d)).toBeCloseTo(0.03807586641461878, 12);
  });

  it("rejects impossible sample sizes, naming the study", () => {
    expect(() => studyDesign(0, 10, "study X")).toThrow(/study X: nPatients/);
    expect(() => studyDesign(1, 1, "study Y")).toThrow(/study Y: degrees of freedom/);
  });
});

describe("prepareStudies", () => {
  it("imputes missing peak values with the threshold, caps |t|, flags and warns", () => {
    const a = study("a", 20, 20, [[0, 0, 0, 4]]);
    a.foci.push({ mniMm: [10, 0, 0], originalMm: [10, 0, 0], sign: -1, statistic: "none", value: null });
    a.foci.push({ mniMm: [20, 0, 0], originalMm: [20, 0, 0], sign: 1, statistic: "t", value: 80 });
    const b = study("b", 15, 15, [], { threshold: null });
    const { studies, warnings } = prepareStudies({ name: "t", experiments: [a, b] });
    const [pa, pb] = studies;
    expect(pa.thresholdT).toBe(3);
    expect(pa.peaks[1]).toMatchObject({ t: -3, imputed: true });
    expect(pa.peaks[2].t).toBe(50);
    expect(pb.nullStudy).toBe(true);
    expect(pb.thresholdSource).toBe("default-p-0.001");
    expect(warnings.join("\n")).toMatch(/study a, peak 2: no statistic reported/);
    expect(warnings.join("\n")).toMatch(/study a, peak 3: \|t\| = 80.00 capped at 50/);
  });

  it("uses the lowest reported peak when the threshold is unknown", () => {
    const a = study("a", 20, 20, [[0, 0, 0, 4], [9, 9, 9, -3.4]], { threshold: null });
    const { studies } = prepareStudies({ name: "t", experiments: [a, study("b", 20, 20, [])] });
    expect(studies[0].thresholdT).toBe(3.4);
    expect(studies[0].thresholdSource).toBe("lowest-peak");
  });

  it("refuses fewer than two studies and duplicate ids", () => {
    expect(() => prepareStudies({ name: "one", experiments: [study("a", 10, 10, [])] })).toThrow(/at least 2 studies/);
    expect(() => prepareStudies({ name: "dup", experiments: [study("a", 10, 10, []), study("a", 10, 10, [])] })).toThrow(/"a" appears twice/);
  });
});
