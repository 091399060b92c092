import { describe, expect, it } from "vitest";
import type { CoordinateDataset } from "../types";
import { fitAle } from "./fit";
import { jackknifeAle } from "./jackknife";
import { ballMask } from "./test-fixtures";

const mask = ballMask();

/** Five experiments: four share a site at (30, 10, 4); each has one scattered focus. */
function dataset(): CoordinateDataset {
  return {
    name: "jk",
    experiments: Array.from({ length: 5 }, (_, i) => {
      const foci: [number, number, number][] = i < 4 ? [[30 + (i % 2) * 2, 10, 4 - (i % 2) * 2], [-40 + 15 * i, -30, 20]] : [[-20, 40, -10]];
      return { id: `e${i}`, studyLabel: `e${i}`, contrastLabel: "c", sampleSize: 20, space: "MNI" as const, transform: "none" as const, foci: foci.map((f) => ({ mniMm: f, originalMm: f })) };
    }),
  };
}

describe("leave-one-experiment-out jackknife", () => {
  it("reports per-cluster survival fractions and per-run surviving clusters", async () => {
    const fitted = fitAle(dataset(), { mask, atlas: false });
    const seen: string[] = [];
    const jk = await jackknifeAle(fitted, { iterations: 10, seed: 1, threads: 0, onProgress: (p) => seen.push(p.stage) });
    expect(jk.tables.jackknife.map((r) => r.leftOut)).toEqual(["e0", "e1", "e2", "e3", "e4"]);
    expect(seen).toEqual(["jackknife", "jackknife", "jackknife", "jackknife", "jackknife"]);
    const top = jk.tables.clusters[0];
    expect(top.jackknifeSurvival).not.toBeNull();
    expect(top.jackknifeSurvival!).toBeGreaterThanOrEqual(0);
    expect(top.jackknifeSurvival!).toBeLessThanOrEqual(1);
    // the survival fraction is the share of runs listing the cluster
    const listed = jk.tables.jackknife.filter((r) => r.survivingClusters.includes(top.id)).length;
    expect(top.jackknifeSurvival).toBe(listed / 5);
    // the input result is left unchanged
    expect(fitted.tables.clusters[0].jackknifeSurvival).toBeNull();
  });
});
