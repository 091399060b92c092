import { describe, expect, it } from "vitest";
import { fitAle } from "@/server/engine/cbma/ale/fit";
import { clusterTableJson } from "@/server/engine/cbma/ale/outputs";
import { ballMask, smallDataset } from "@/server/engine/cbma/ale/test-fixtures";
import { runCase } from "@/server/engine/effects/case/run-case";
import { aleClusterRows, jackknifeRuns, sdmClusterRows } from "./cluster-model";
import { biasStats, leaveOneOut, pooledStats, subgroups } from "./effects-model";
import { estimateCi, pValue, regionName } from "./format";

// A small case written for this test (fictional): five trials, two settings.
const smallCase = {
  input: {
    measure: "SMD",
    subgroup_variable: "setting",
    studies: [
      { id: "a", setting: "x", n1: 20, mean1: 10, sd1: 3, n2: 21, mean2: 12, sd2: 3.2 },
      { id: "b", setting: "x", n1: 35, mean1: 11, sd1: 4, n2: 33, mean2: 12.5, sd2: 3.8 },
      { id: "c", setting: "y", n1: 15, mean1: 9, sd1: 2.5, n2: 16, mean2: 12, sd2: 3 },
      { id: "d", setting: "y", n1: 50, mean1: 10.5, sd1: 3.5, n2: 48, mean2: 11, sd2: 3.6 },
      { id: "e", setting: "y", n1: 28, mean1: 10, sd1: 3, n2: 30, mean2: 11.8, sd2: 3.1 },
    ],
  },
};

describe("effects statistics panel model", () => {
  const result = runCase(smallCase) as Record<string, any>;

  it("shows the run's method, and the Knapp-Hartung model when the run asked for it", () => {
    const reml = pooledStats(result, { method: "REML" })!;
    expect(reml.method).toBe("REML");
    expect(reml.estimate).toBe(result.models.REML.estimate);
    expect([reml.ciLb, reml.ciUb, reml.piLb, reml.piUb]).toEqual([result.models.REML.ci_lb, result.models.REML.ci_ub, result.models.REML.predict.pi_lb, result.models.REML.predict.pi_ub]);
    expect(reml.tau2CiUb).toBe(result.confint.REML.tau2.ci_ub);
    expect(reml.test).toBe("z");
    const knha = pooledStats(result, { method: "DL", knha: true })!;
    expect(knha.test).toBe("knha");
    expect(knha.ciLb).toBe(result.knha.DL.ci_lb);
    expect(knha.df).toBe(4);
    // EE is stored under metafor's FE key; an unknown method falls back to REML
    expect(pooledStats(result, { method: "EE" })!.estimate).toBe(result.models.FE.estimate);
    expect(pooledStats(result, { method: "nope" })!.method).toBe("REML");
    expect(pooledStats(null)).toBeNull();
  });

  it("reads Egger, Begg, trim-and-fill, fail-safe N, leave-one-out and subgroups", () => {
    const bias = biasStats(result, "REML");
    expect(bias.egger!.p).toBe(result.regtest.rma_REML.pval);
    expect(bias.begg!.p).toBe(result.ranktest.pval);
    expect(bias.trimFill!.k0).toBe(result.trimfill.REML.k0);
    expect(bias.failSafeN!.n).toBe(result.fsn.Rosenthal.fsnum);
    const l1o = leaveOneOut(result, "REML");
    expect(l1o.map((r) => r.omitted)).toEqual(["a", "b", "c", "d", "e"]);
    expect(l1o[2].estimate).toBe(result.leave1out.REML[2].estimate);
    const sg = subgroups(result, "REML")!;
    expect(sg.rows.map((r) => [r.level, r.k])).toEqual([["x", 2], ["y", 3]]);
    expect(sg.test!.p).toBe(result.subgroups.moderator_test.REML.QMp);
    expect(sg.test!.df).toBe(1);
    expect(subgroups({}, "REML")).toBeNull();
  });
});

describe("cluster table model", () => {
  it("maps the ALE engine's cluster table (object or bare array) to rows with peaks and contributors", () => {
    const fit = fitAle(smallDataset(), { mask: ballMask(), atlas: false });
    const json = clusterTableJson(fit.tables.clusters);
    const rows = aleClusterRows({ clusters: json });
    expect(aleClusterRows(json)).toEqual(rows);
    expect(rows.length).toBe(fit.tables.clusters.length);
    const first = fit.tables.clusters[0];
    expect(rows[0]).toMatchObject({ id: first.id, direction: "increase", sizeVoxels: first.sizeVoxels, peakMm: first.peaks[0].mm, peakZ: first.peaks[0].z, significant: false });
    expect(rows[0].contributors.map((c) => c.id)).toEqual(first.contributions.map((c) => c.experimentId));
    expect(rows[0].subPeaks.length).toBe(first.peaks.length - 1);
    expect(aleClusterRows(undefined)).toEqual([]);
  });

  it("reads SDM clusters as positive/negative lists or one signed list, with heterogeneity", () => {
    const pos = { id: 1, sign: "positive", sizeVoxels: 40, peakMm: [2, 4, 6], peakZ: 3.1, pooled: { estimate: 0.4, ciLower: 0.2, ciUpper: 0.6, i2: 0.3, tau2: 0.01, q: 5, pQ: 0.2 }, egger: { p: 0.5 }, studies: [{ id: "s1", label: "S 1", g: 0.5, se: 0.2, weightPercent: 60, contributes: true }, { id: "s2", label: "S 2", g: 0, se: 0.3, weightPercent: 40, contributes: false }] };
    const neg = { id: 2, sign: "negative", sizeVoxels: 12, peakMm: [-2, -4, -6], peakZ: -2.5, pooled: { estimate: -0.3 } };
    const a = sdmClusterRows({ positive: [pos], negative: [neg] });
    const b = sdmClusterRows({ clusters: [pos, neg] });
    expect(a.map((r) => r.direction)).toEqual(["increase", "decrease"]);
    expect(b.map((r) => r.key)).toEqual(a.map((r) => r.key));
    expect(a[0].contributors.map((c) => c.id)).toEqual(["s1"]);
    expect(a[0].heterogeneity).toMatchObject({ g: 0.4, ciLb: 0.2, i2: 0.3, eggerP: 0.5 });
    // no sign field: the sign of z decides
    expect(sdmClusterRows([{ id: 3, peak_z: -4, peak_mm: [1, 2, 3] }])[0].direction).toBe("decrease");
  });

  it("reads jackknife runs", () => {
    expect(jackknifeRuns([{ leftOut: "e1", survivingClusters: [1, 2], significantClusters: 2 }])).toEqual([{ leftOut: "e1", survivingClusters: [1, 2], significantClusters: 2 }]);
    expect(jackknifeRuns({ nope: 1 })).toEqual([]);
  });
});

describe("formatting", () => {
  it("prints p-values, intervals with true minus signs and AAL names", () => {
    expect(pValue(0.0004)).toBe("< 0.001");
    expect(pValue(0.0123)).toBe("0.012");
    expect(estimateCi(-1.234, -2, -0.5)).toBe("−1.23 [−2.00, −0.50]");
    expect(regionName("Frontal_Sup_L")).toBe("Frontal Sup (L)");
    expect(regionName(null)).toBe("unlabelled");
  });
});
