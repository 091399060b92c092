import { describe, expect, it } from "vitest";
import { labelClusters } from "../clusters";
import { MNI152_2MM, unflatIndex, voxelToMm } from "../grid";
import { createRng } from "../rng";
import { fitAle } from "./fit";
import { applyMonteCarloNull, correctFwe, mergeMonteCarloMaxima, monteCarloPlan, runMonteCarloChunk } from "./fwe";
import { MonteCarloRunner } from "./monte-carlo-core";
import { ballMask, smallDataset } from "./test-fixtures";

const mask = ballMask();
const dataset = smallDataset();
const fitted = fitAle(dataset, { mask, atlas: false });

describe("Monte Carlo iteration", () => {
  it("equals a full refit of the relocated foci (max ALE, largest cluster, mass)", () => {
    const plan = monteCarloPlan(fitted, 7);
    const runner = new MonteCarloRunner(plan);
    for (const t of [0, 3]) {
      const fast = runner.iterate(t);
      // replay the draws of iteration t and refit densely with the ordinary code path
      const rng = createRng(7, t);
      const relocated = {
        ...dataset,
        experiments: dataset.experiments.map((e) => ({
          ...e,
          foci: e.foci.map(() => {
            const mm = voxelToMm(MNI152_2MM, unflatIndex(MNI152_2MM, mask.indices[rng.nextInt(mask.count)]));
            return { mniMm: mm, originalMm: mm };
          }),
        })),
      };
      const ref = fitAle(relocated, { mask, atlas: false });
      let maxAle = 0;
      for (const v of mask.indices) maxAle = Math.max(maxAle, ref.maps.stat[v]);
      expect(fast.maxAle).toBe(maxAle);
      const { clusters } = labelClusters(MNI152_2MM, ref.maps.stat, fitted.model.clusterThresholdAle, mask.data);
      const sizes = clusters.map((c) => c.length);
      expect(fast.maxClusterSize).toBe(sizes.length ? Math.max(...sizes) : 0);
      const masses = clusters.map((c) => Array.from(c).reduce((a, v) => a + ref.maps.stat[v] - fitted.model.clusterThresholdAle, 0));
      expect(fast.maxClusterMass).toBeCloseTo(masses.length ? Math.max(...masses) : 0, 10);
    }
  });
});

describe("correctFwe", () => {
  it("is identical for 0, 1 and 2 threads and for split ranges", async () => {
    const inline = await correctFwe(fitted, { iterations: 24, seed: 3, threads: 0 });
    const two = await correctFwe(fitted, { iterations: 24, seed: 3, threads: 2 });
    const one = await correctFwe(fitted, { iterations: 24, seed: 3, threads: 1 });
    for (const other of [two, one]) {
      expect(Array.from(other.model.monteCarlo!.maxClusterSizeVoxels)).toEqual(Array.from(inline.model.monteCarlo!.maxClusterSizeVoxels));
      expect(Array.from(other.model.monteCarlo!.maxAle)).toEqual(Array.from(inline.model.monteCarlo!.maxAle));
      expect(Array.from(other.model.monteCarlo!.maxClusterMass)).toEqual(Array.from(inline.model.monteCarlo!.maxClusterMass));
    }
    const a = await runMonteCarloChunk(fitted, 3, 10, 24, { threads: 0 });
    const b = await runMonteCarloChunk(fitted, 3, 0, 10, { threads: 0 });
    const merged = mergeMonteCarloMaxima([a, b], 3);
    expect(Array.from(merged.maxAle)).toEqual(Array.from(inline.model.monteCarlo!.maxAle));
    expect(applyMonteCarloNull(fitted, merged).tables.clusters).toEqual(inline.tables.clusters);
    const other = await correctFwe(fitted, { iterations: 24, seed: 4, threads: 0 });
    expect(Array.from(other.model.monteCarlo!.maxAle)).not.toEqual(Array.from(inline.model.monteCarlo!.maxAle));
  });

  it("returns a new result with FWE maps, p-values in the table and NiMARE's background logp", async () => {
    const r = await correctFwe(fitted, { iterations: 20, seed: 1, threads: 0 });
    expect(fitted.maps["logp_level-voxel"]).toBeUndefined();
    const c = r.tables.clusters[0];
    expect(c.pFweSize).not.toBeNull();
    expect(c.pFweSize!).toBeGreaterThanOrEqual(1 / 20);
    const outside = mask.indices.find((v) => r.model.clusterLabels[v] === 0)!;
    expect(r.maps["logp_desc-size_level-cluster"][outside]).toBeCloseTo(-Math.log10(1 - 1 / 20), 6);
    expect(r.maps["z_desc-size_level-cluster"][outside]).toBe(0);
    expect(r.warnings.join()).toMatch(/only 20 Monte Carlo iterations/);
  });

  it("reports progress with an ETA and honours an abort signal", async () => {
    const seen: number[] = [];
    await correctFwe(fitted, { iterations: 12, threads: 0, progressIntervalMs: 0, onProgress: (p) => seen.push(p.fraction) });
    expect(seen.at(-1)).toBe(1);
    const ctrl = new AbortController();
    const run = correctFwe(fitted, {
      iterations: 5000,
      threads: 1,
      progressIntervalMs: 0,
      signal: ctrl.signal,
      onProgress: (p) => {
        if (p.done >= 20) ctrl.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
  });
});
