import { describe, expect, it } from "vitest";
import { MNI152_2MM, mmToVoxel, unflatIndex } from "../grid";
import { fitAle } from "./fit";
import { correctFdr } from "./fdr";
import { createAleKernel } from "./kernel";
import { ballMask, smallDataset } from "./test-fixtures";

const mask = ballMask();
const dataset = smallDataset();
const result = fitAle(dataset, { mask, atlas: false });

/** Dense reference: MA = max over foci of the kernel value, ALE = 1 − Π(1 − MA), float64. */
function denseAle(): Float64Array {
  const out = new Float64Array(result.maps.stat.length);
  const kernels = dataset.experiments.map((e) => createAleKernel({ sampleSize: e.sampleSize! }));
  const foci = dataset.experiments.map((e) => e.foci.map((f) => mmToVoxel(MNI152_2MM, f.mniMm)));
  for (const v of mask.indices) {
    const [i, j, k] = unflatIndex(MNI152_2MM, v);
    let prod = 1;
    dataset.experiments.forEach((_, e) => {
      const ker = kernels[e];
      let ma = 0;
      for (const [a, b, c] of foci[e]) {
        const da = i - a + ker.radius, db = j - b + ker.radius, dc = k - c + ker.radius;
        if (da < 0 || db < 0 || dc < 0 || da >= ker.size || db >= ker.size || dc >= ker.size) continue;
        ma = Math.max(ma, ker.values[da + ker.size * (db + ker.size * dc)]);
      }
      prod *= 1 - ma;
    });
    out[v] = 1 - prod;
  }
  return out;
}

describe("fitAle on a hand-made dataset", () => {
  it("matches a dense max-over-foci / product reference within float32 precision", () => {
    const dense = denseAle();
    let maxDiff = 0;
    for (const v of mask.indices) maxDiff = Math.max(maxDiff, Math.abs(dense[v] - result.maps.stat[v]));
    expect(maxDiff).toBeLessThan(1e-8);
    let outside = 0;
    for (let v = 0; v < dense.length; v++) if (mask.data[v] === 0) outside += result.maps.stat[v];
    expect(outside).toBe(0);
  });

  it("gives p in (0, 1], p = 1 where ALE = 0, and z decreasing in p", () => {
    const { stat, p, z } = result.maps;
    let checked = 0;
    for (const v of mask.indices) {
      expect(p[v]).toBeGreaterThan(0);
      expect(p[v]).toBeLessThanOrEqual(1);
      if (stat[v] === 0) expect(p[v]).toBe(1);
      if (++checked > 5000) break;
    }
    const order = Array.from(mask.indices).sort((a, b) => stat[b] - stat[a]);
    expect(z[order[0]]).toBeGreaterThan(z[order[order.length - 1]]);
  });

  it("finds the shared right-hemisphere peak as the top cluster with its contributors", () => {
    const top = result.tables.clusters[0];
    expect(top).toBeDefined();
    expect(Math.abs(top.peaks[0].mm[0] - 30)).toBeLessThanOrEqual(4);
    const ids = top.contributions.map((c) => c.experimentId);
    expect(ids).toEqual(expect.arrayContaining(["e1", "e2", "e3", "e5", "e6"]));
    expect(ids).not.toContain("e4");
    const e6 = top.contributions.find((c) => c.experimentId === "e6")!;
    expect(e6.fociInCluster).toBe(1);
    expect(e6.contribution).toBeGreaterThan(0);
    expect(result.tables.experiments.find((e) => e.id === "e3")!.fociOutsideMask).toBe(1);
  });

  it("uses a fixed FWHM when given and warns about small datasets", () => {
    const fixed = fitAle(dataset, { mask, atlas: false, fwhmMm: 12 });
    expect(fixed.tables.experiments.every((e) => e.fwhmMm === 12)).toBe(true);
    expect(fixed.warnings.join()).toMatch(/only 6 experiments/);
  });

  it("requires a sample size unless a kernel is fixed", () => {
    const noN = { ...dataset, experiments: dataset.experiments.map((e) => ({ ...e, sampleSize: null })) };
    expect(() => fitAle(noN, { mask, atlas: false })).toThrow(/"e1" has no sample size/);
    expect(() => fitAle(noN, { mask, atlas: false, sampleSize: 20 })).not.toThrow();
  });

  it("FDR returns a new result with monotone adjusted p", () => {
    const fdr = correctFdr(result);
    expect(result.maps["p_corr-FDR_method-indep"]).toBeUndefined();
    const q = fdr.maps["p_corr-FDR_method-indep"];
    for (const v of mask.indices.slice(0, 2000)) expect(q[v]).toBeGreaterThanOrEqual(result.maps.p[v] - 1e-7);
  });
});
