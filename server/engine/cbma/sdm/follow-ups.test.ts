// Jackknife, meta-regression, subgroups and multimodal overlap on small hand-made datasets.
import { describe, expect, it } from "vitest";
import { fitSdm } from "./fit-sdm";
import { jackknifeSdm } from "./jackknife";
import { metaRegression } from "./meta-regression";
import { metaRegressionSdm } from "./meta-regression-sdm";
import { overlapSdm } from "./overlap";
import { maskedIndexAtMm } from "./space";
import { subgroupSdm } from "./subgroups";
import { centredMask, study } from "./test-support";

const mask = centredMask([19, 19, 19], 2);
const options = { mask, atlas: null, permutations: 40, seed: 4, threads: 0, kernel: { fwhmMm: 10 }, threshold: { voxelP: 0.01 } } as const;

describe("jackknifeSdm", () => {
  const dataset = {
    name: "jk",
    experiments: [
      study("s1", 30, 30, [[-8, 0, 0, 5]]),
      study("s2", 28, 30, [[-8, 2, 0, 4.6]]),
      study("s3", 25, 26, [[-6, 0, 0, 5.2]]),
      study("s4", 30, 28, [[-8, 0, 2, 4.8], [10, 6, 0, -7]]),
      study("s5", 20, 22, [[10, 6, 2, -6]]),
      study("s6", 20, 20, []),
    ],
  };

  it("counts in how many leave-one-out runs each cluster survives", async () => {
    const fit = await fitSdm(dataset, options);
    const positive = fit.tables.clusters.find((c) => c.sign === "positive");
    const negative = fit.tables.clusters.find((c) => c.sign === "negative");
    expect(positive && negative).toBeTruthy();
    const jk = await jackknifeSdm(dataset, fit, { permutations: 20 });
    expect(jk.runs.map((r) => r.leftOut)).toEqual(["s1", "s2", "s3", "s4", "s5", "s6"]);
    for (const c of jk.clusters) expect(c.survived + c.lostWithout.length).toBe(6);
    // The negative cluster rests on s4 and s5: one study alone does not reach p ≤ 0.01 here.
    const neg = jk.clusters.find((c) => c.clusterId === negative!.id)!;
    expect(neg.lostWithout).toEqual(["s4", "s5"]);
    const pos = jk.clusters.find((c) => c.clusterId === positive!.id)!;
    expect(pos.survived).toBe(6);
    // A run equals a direct fit of the subset.
    const direct = await fitSdm({ ...dataset, experiments: dataset.experiments.filter((e) => e.id !== "s4") }, { ...options, permutations: 20 });
    expect(jk.runs[3].clusters.map((c) => [c.sign, c.sizeVoxels])).toEqual(direct.tables.clusters.map((c) => [c.sign, c.sizeVoxels]));
  });
});

describe("metaRegressionSdm", () => {
  const ages = [25, 32, 40, 47, 55, 61];
  const dataset = {
    name: "mr",
    experiments: ages.map((age, i) => study(`m${i}`, 30, 30, [[0, 0, 0, 2.6 + 0.09 * (age - 25)]], { attributes: { age } })),
  };
  dataset.experiments.push(study("no-age", 30, 30, [[0, 0, 0, 4]]));

  it("reports the slope at the main clusters, consistent with the per-study values, and leaves out studies without the moderator", async () => {
    const fit = await fitSdm(dataset, options);
    expect(fit.tables.clusters.length).toBeGreaterThan(0);
    const mr = await metaRegressionSdm(dataset, "age", { ...options, fit });
    expect(mr.studiesExcluded).toEqual(["no-age"]);
    expect(mr.studiesUsed).toHaveLength(6);
    const at = mr.atClusters[0];
    expect(at.clusterId).toBe(fit.tables.clusters[0].id);
    expect(at.fit.slope).toBeGreaterThan(0);
    // The slope at the peak from the study values equals the slope map there.
    const m = maskedIndexAtMm(fit.space, at.peakMm);
    expect(mr.maps.slope[m]).toBeCloseTo(at.fit.slope, 5);
    expect(mr.maps.z[m]).toBeCloseTo(at.fit.slopeZ, 4);
    const c = fit.tables.clusters[0].studies.filter((s) => s.id !== "no-age");
    const direct = metaRegression(c.map((s) => s.g), c.map((s) => s.variance), ages);
    expect(direct.slope).toBeCloseTo(at.fit.slope, 10);
    expect(at.permutationP).toBeGreaterThan(0);
    expect(at.permutationP).toBeLessThanOrEqual(1);
  });

  it("refuses a moderator too few studies have", async () => {
    await expect(metaRegressionSdm(dataset, "duration", options)).rejects.toThrow(/only 0 studies have a numeric value/);
  });
});

describe("subgroupSdm", () => {
  it("fits one analysis per value and skips subgroups that are too small", async () => {
    const mk = (id: string, modality: string) => study(id, 25, 25, [[0, 0, 0, 4]], { attributes: { modality } });
    const dataset = { name: "sg", experiments: [mk("a", "ReHo"), mk("b", "ReHo"), mk("c", "ALFF"), mk("d", "ALFF"), mk("e", "ALFF"), mk("f", "DC")] };
    const outcomes = await subgroupSdm(dataset, "modality", { ...options, permutations: 10 });
    expect(outcomes.map((o) => [o.value, o.studies.length, "skipped" in o])).toEqual([["ALFF", 3, false], ["DC", 1, true], ["ReHo", 2, false]]);
    const alff = outcomes[0];
    if ("result" in alff) expect(alff.result.provenance.studies).toBe(3);
    await expect(subgroupSdm(dataset, "scanner", options)).rejects.toThrow(/no study has the attribute "scanner"/);
  });
});

describe("overlapSdm", () => {
  it("joint voxels need a small combined p = p1 + p2 − p1·p2; clusters by sign combination", async () => {
    const a = await fitSdm({ name: "reho", experiments: [study("a1", 30, 30, [[0, 0, 0, 5]]), study("a2", 30, 30, [[2, 0, 0, 5]]), study("a3", 30, 30, [[10, 10, 10, -5]]), study("a4", 30, 30, [])] }, options);
    const b = await fitSdm({ name: "alff", experiments: [study("b1", 30, 30, [[2, 2, 0, 5]]), study("b2", 30, 30, [[0, 2, 0, 5]]), study("b3", 30, 30, [[-10, -10, -10, -5]]), study("b4", 30, 30, [])] }, options);
    const o = overlapSdm(a, b, { voxelP: 0.01 });
    for (let m = 0; m < a.space.nMask; m += 13) expect(o.combinedP[m]).toBeCloseTo(a.maps.p[m] + b.maps.p[m] - a.maps.p[m] * b.maps.p[m], 6);
    expect(o.clusters.length).toBeGreaterThan(0);
    expect(o.clusters[0].signs).toBe("++");
    for (let m = 0; m < a.space.nMask; m++) {
      if (o.clusterLabels[m] === 0) continue;
      expect(o.combinedP[m]).toBeLessThanOrEqual(0.01);
      expect(a.maps.p[m]).toBeLessThanOrEqual(0.01);
      expect(b.maps.p[m]).toBeLessThanOrEqual(0.01);
    }
    // The negative findings are far apart: no joint negative cluster.
    expect(o.clusters.some((c) => c.signs === "--")).toBe(false);
    expect(o.jointVoxels).toBe(o.clusters.reduce((n, c) => n + c.sizeVoxels, 0));
  });
});
