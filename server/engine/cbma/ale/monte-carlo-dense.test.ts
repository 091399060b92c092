/**
 * The optimised Monte Carlo iteration (slabs, neighbour lists, wasm row loops) against the plain
 * dense implementation in `test-monte-carlo-dense.ts`: every per-iteration maximum must be
 * bit-identical (Object.is), not merely close — the null distribution may not move at all.
 */
import { expect, it } from "vitest";
import { describeShared, sharedPath } from "@/tests/shared-data";
import { MNI152_2MM, voxelCount } from "../grid";
import { readCoordinateFile } from "../io/read-input";
import { loadMask, maskFromArray } from "../mask";
import type { CoordinateDataset } from "../types";
import { fitAle } from "./fit";
import { monteCarloPlan } from "./fwe";
import { MonteCarloRunner } from "./monte-carlo-core";
import { denseMonteCarloIteration } from "./test-monte-carlo-dense";
import { ballMask, smallDataset } from "./test-fixtures";
import type { AleResult } from "./types";

function expectSameMaxima(fitted: AleResult, seed: number, iterations: number[]): void {
  const plan = monteCarloPlan(fitted, seed);
  const runner = new MonteCarloRunner(plan);
  for (const t of iterations) {
    const fast = runner.iterate(t);
    const dense = denseMonteCarloIteration(plan, t);
    expect(Object.is(fast.maxAle, dense.maxAle), `iteration ${t} max ALE ${fast.maxAle} vs ${dense.maxAle}`).toBe(true);
    expect(fast.maxClusterSize, `iteration ${t} cluster size`).toBe(dense.maxClusterSize);
    expect(Object.is(fast.maxClusterMass, dense.maxClusterMass), `iteration ${t} mass ${fast.maxClusterMass} vs ${dense.maxClusterMass}`).toBe(true);
  }
}

/** `k` experiments of `n` foci each (the positions only set the count: iterations relocate them). */
function crowdedDataset(k: number, n: number, sampleSize: number): CoordinateDataset {
  return {
    name: "crowded",
    experiments: Array.from({ length: k }, (_, e) => ({
      id: `c${e}`, studyLabel: `c${e}`, contrastLabel: "c", sampleSize: sampleSize + e, space: "MNI" as const, transform: "none" as const,
      foci: Array.from({ length: n }, (_, f) => ({ mniMm: [f - 10, e, 0] as [number, number, number], originalMm: [f - 10, e, 0] as [number, number, number] })),
    })),
  };
}

it("equals the dense implementation bit for bit on the small fixture (50 iterations)", () => {
  const fitted = fitAle(smallDataset(), { mask: ballMask(), atlas: false });
  expectSameMaxima(fitted, 11, Array.from({ length: 50 }, (_, t) => t));
});

it("equals the dense implementation when most kernel boxes overlap (small mask, many foci)", () => {
  // A 24 mm ball: every focus's box overlaps many others of its experiment, so nearly all rows
  // take the shared-row minimum path, and clusters are large.
  const fitted = fitAle(crowdedDataset(5, 25, 8), { mask: ballMask(24), atlas: false });
  expectSameMaxima(fitted, 2, Array.from({ length: 15 }, (_, t) => t));
});

it("equals the dense implementation with boxes clipped by the grid and wide fixed kernels", () => {
  // Whole-grid mask: foci land on the faces of the volume, so boxes are clipped on every side;
  // a 20 mm FWHM gives 31-voxel boxes (odd widths, the widest rows).
  const full = maskFromArray(MNI152_2MM, new Uint8Array(voxelCount(MNI152_2MM)).fill(1), "full grid");
  const fitted = fitAle(crowdedDataset(4, 12, 10), { mask: full, fwhmMm: 20, atlas: false });
  expectSameMaxima(fitted, 5, Array.from({ length: 8 }, (_, t) => t));
});

describeShared("Monte Carlo iteration vs dense implementation on the NIDM pain data", () => {
  it("is bit-identical for 8 iterations (seed 1)", () => {
    const ref = (f: string) => sharedPath("reference/nimare-ale", f);
    const fitted = fitAle(readCoordinateFile(ref("dataset_sleuth.txt")).dataset, { mask: loadMask(ref("mask.nii.gz")), atlas: false });
    expectSameMaxima(fitted, 1, [0, 1, 2, 3, 500, 1234, 9998, 9999]);
  });
});
