import { describe, expect, it } from "vitest";
import type { CoordinateDataset } from "../types";
import { contrastAle } from "./contrast";
import { fitAle } from "./fit";
import { ballMask } from "./test-fixtures";

const mask = ballMask();
/** k experiments with a focus near `centre` (jittered) plus one at a scattered location each. */
function group(name: string, centre: [number, number, number], shared: [number, number, number], k: number): CoordinateDataset {
  return {
    name,
    experiments: Array.from({ length: k }, (_, i) => {
      const foci: [number, number, number][] = [
        [centre[0] + (i % 3) * 2 - 2, centre[1] + (i % 2) * 2, centre[2]],
        [shared[0] + (i % 2) * 2, shared[1], shared[2] - (i % 3) * 2],
        [-40 + 9 * i, 40 - 7 * i, -20 + 5 * (i % 5)],
      ];
      return { id: `${name}${i}`, studyLabel: `${name}${i}`, contrastLabel: "c", sampleSize: 20, space: "MNI" as const, transform: "none" as const, foci: foci.map((f) => ({ mniMm: f, originalMm: f })) };
    }),
  };
}

describe("ALE contrast and conjunction (GingerALE style)", () => {
  const shared: [number, number, number] = [0, -30, 30];
  const a = fitAle(group("A", [36, 10, 0], shared, 10), { mask, atlas: false });
  const b = fitAle(group("B", [-36, 10, 0], shared, 10), { mask, atlas: false });

  it("finds A > B where only A converges, B > A where only B does, and the shared site in the conjunction", async () => {
    const seen: number[] = [];
    const r = await contrastAle(a, b, { permutations: 300, seed: 2, onProgress: (p) => seen.push(p.fraction), minClusterMm3: 0, pThreshold: 0.05 });
    expect(r.warnings.join()).toMatch(/not FWE-corrected/);
    expect(seen.at(-1)).toBe(1);
    expect(r.tables.aGreaterB.length).toBeGreaterThan(0);
    expect(r.tables.aGreaterB[0].peakMm[0]).toBeGreaterThan(20);
    expect(r.tables.bGreaterA[0].peakMm[0]).toBeLessThan(-20);
    const conj = r.tables.conjunction[0];
    expect(Math.hypot(conj.peakMm[0] - shared[0], conj.peakMm[1] - shared[1], conj.peakMm[2] - shared[2])).toBeLessThan(8);
    const again = await contrastAle(a, b, { permutations: 300, seed: 2, minClusterMm3: 0, pThreshold: 0.05 });
    expect(Array.from(again.maps["p_desc-AgtB"])).toEqual(Array.from(r.maps["p_desc-AgtB"]));
  });

  it("honours an abort signal", async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(contrastAle(a, b, { permutations: 100, signal: ctrl.signal })).rejects.toMatchObject({ name: "AbortError" });
  });
});
