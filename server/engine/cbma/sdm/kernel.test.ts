import { describe, expect, it } from "vitest";
import { flatIndex, mmToVoxelContinuous } from "../grid";
import { buildVoxelKernel, fwhmToSigmaMm, recreatedValueAt, StudyMapBuilder, stampAtMm, stampAtVoxel } from "./kernel";
import { createSpace } from "./space";
import { centredMask } from "./test-support";

const mask = centredMask([21, 21, 21], 2);
const space = createSpace(mask);
const kernel = buildVoxelKernel(space.grid, { fwhmMm: 20, truncateSigmas: 3 });
const sigma = 20 / (2 * Math.sqrt(2 * Math.LN2));

function maskedAt(mm: [number, number, number]): number {
  const [i, j, k] = mmToVoxelContinuous(space.grid, mm).map(Math.round);
  return space.maskedIndex[flatIndex(space.grid, i, j, k)];
}

describe("unnormalised Gaussian kernel", () => {
  it("σ = FWHM/2.3548 and the cut-off at 3σ", () => {
    expect(fwhmToSigmaMm(20)).toBeCloseTo(8.493218002880191, 12);
    expect(kernel.radiusMm).toBeCloseTo(3 * 8.493218002880191, 12);
    // Every offset within 25.48 mm: count lattice points of a 2 mm grid in that ball by brute force.
    let n = 0;
    for (let a = -13; a <= 13; a++) for (let b = -13; b <= 13; b++) for (let c = -13; c <= 13; c++) if (4 * (a * a + b * b + c * c) <= kernel.radiusMm ** 2) n++;
    expect(kernel.count).toBe(n);
  });

  it("keeps the peak's effect at the peak voxel and decays as exp(−r²/2σ²)", () => {
    const b = new StudyMapBuilder(space.nMask);
    stampAtMm(space, kernel, [0, 0, 0], 1.5, b);
    expect(b.value[maskedAt([0, 0, 0])]).toBeCloseTo(1.5, 6);
    expect(b.value[maskedAt([6, 0, 0])]).toBeCloseTo(1.5 * Math.exp(-36 / (2 * sigma * sigma)), 6);
    expect(b.value[maskedAt([10, 10, 10])]).toBeCloseTo(1.5 * Math.exp(-300 / (2 * sigma * sigma)), 6);
    // Beyond 3σ: null.
    expect(b.value[maskedAt([20, 20, 0])]).toBe(0);
  });

  it("voxel-centred stamping equals exact-mm stamping at voxel centres", () => {
    const a = new StudyMapBuilder(space.nMask);
    const c = new StudyMapBuilder(space.nMask);
    stampAtMm(space, kernel, [4, -6, 2], -0.8, a);
    const [i, j, k] = mmToVoxelContinuous(space.grid, [4, -6, 2]);
    stampAtVoxel(space, kernel, i, j, k, -0.8, c);
    expect(c.count).toBe(a.count);
    let worst = 0;
    for (let m = 0; m < space.nMask; m++) worst = Math.max(worst, Math.abs(c.value[m] - a.value[m]));
    expect(worst).toBeLessThan(1e-6);
  });

  it("overlapping peaks of a study keep the value of largest magnitude (either sign)", () => {
    const b = new StudyMapBuilder(space.nMask);
    stampAtMm(space, kernel, [0, 0, 0], 1.0, b);
    stampAtMm(space, kernel, [8, 0, 0], 0.6, b);
    stampAtMm(space, kernel, [-8, 0, 0], -1.2, b);
    const peaks = [
      { mm: [0, 0, 0] as [number, number, number], g: 1.0 },
      { mm: [8, 0, 0] as [number, number, number], g: 0.6 },
      { mm: [-8, 0, 0] as [number, number, number], g: -1.2 },
    ];
    for (const mm of [[0, 0, 0], [8, 0, 0], [6, 0, 0], [-4, 0, 0], [-8, 0, 0], [14, 2, 0]] as [number, number, number][]) {
      const byHand = peaks.map((p) => p.g * Math.exp(-((p.mm[0] - mm[0]) ** 2 + (p.mm[1] - mm[1]) ** 2) / (2 * sigma * sigma)));
      const expected = byHand.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
      expect(b.value[maskedAt(mm)]).toBeCloseTo(expected, 6);
      expect(recreatedValueAt(kernel, peaks, mm)).toBeCloseTo(expected, 12);
    }
  });

  it("stays inside the mask and clears in O(touched)", () => {
    const ball = createSpace(centredMask([21, 21, 21], 2, 10));
    const b = new StudyMapBuilder(ball.nMask);
    stampAtMm(ball, kernel, [0, 0, 0], 1, b);
    expect(b.count).toBe(ball.nMask);
    b.clear();
    expect(b.count).toBe(0);
    expect(b.value.every((v) => v === 0)).toBe(true);
  });
});
