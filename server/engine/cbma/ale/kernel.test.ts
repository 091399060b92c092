import { describe, expect, it } from "vitest";
import { aleFwhmMm, aleSigmaVox, createAleKernel, gaussianWeights1d } from "./kernel";

// Values from cbma.md A2 (NiMARE 0.20.0 on the NIDM pain data set, 2 mm grid).
const TABLE = [
  { n: 9, fwhm: 10.16401, sigma: 2.15813, r: 9, centre: 0.006317 },
  { n: 12, fwhm: 9.7554, sigma: 2.07137, r: 8, centre: 0.007145 },
  { n: 16, fwhm: 9.43733, sigma: 2.00383, r: 8, centre: 0.0078917 },
  { n: 25, fwhm: 9.08132, sigma: 1.92824, r: 8, centre: 0.0088564 },
  { n: 32, fwhm: 8.93904, sigma: 1.89803, r: 8, centre: 0.009286 },
];

describe("ALE kernel (NiMARE get_ale_kernel)", () => {
  it.each(TABLE)("N = $n: FWHM, sigma, radius and centre value", ({ n, fwhm, sigma, r, centre }) => {
    expect(aleFwhmMm(n)).toBeCloseTo(fwhm, 5);
    const k = createAleKernel({ sampleSize: n });
    expect(k.sigmaVox).toBeCloseTo(sigma, 5);
    expect(k.radius).toBe(r);
    expect(k.size).toBe(2 * r + 1);
    expect(k.peak).toBeCloseTo(centre, 7);
  });

  it("fixed 10 mm FWHM gives sigma 2.12330 voxels, radius 8 (float32 division)", () => {
    const k = createAleKernel({ fwhmMm: 10 });
    expect(k.sigmaVox).toBeCloseTo(2.1233, 5);
    expect(k.radius).toBe(8);
    expect(aleSigmaVox(10, 2, true)).not.toBe(aleSigmaVox(10, 2, false)); // float32 vs float64 path
  });

  it("sums to 1 over its cube and equals the dense separable Gaussian", () => {
    const k = createAleKernel({ sampleSize: 20 });
    let sum = 0;
    for (const v of k.values) sum += v;
    expect(sum).toBeCloseTo(1, 6);
    // dense reference: exp(−d²/2σ²) per axis, normalised over |d| ≤ r, product (i·j)·k
    const w = Array.from({ length: k.size }, (_, a) => Math.exp((-0.5 / k.sigmaVox ** 2) * (a - k.radius) ** 2));
    const z = w.reduce((x, y) => x + y, 0);
    for (const [a, b, c] of [[0, 0, 0], [k.radius, k.radius, k.radius], [3, 9, 16]]) {
      const dense = Math.fround(((w[a] / z) * (w[b] / z)) * (w[c] / z));
      expect(k.values[a + k.size * (b + k.size * c)]).toBe(dense);
    }
  });

  it("stores float32 log1p(−value) for the log-domain ALE", () => {
    const k = createAleKernel({ sampleSize: 14 });
    const mid = k.radius + k.size * (k.radius + k.size * k.radius);
    expect(k.logComplement[mid]).toBe(Math.fround(Math.log1p(-k.values[mid])));
  });

  it("clips very wide kernels to NiMARE's 31³ box without renormalising", () => {
    const k = createAleKernel({ fwhmMm: 25 });
    expect(k.radius).toBe(15);
    const w = gaussianWeights1d(k.sigmaVox, Math.trunc(4 * k.sigmaVox + 0.5));
    let sum = 0;
    for (const v of k.values) sum += v;
    expect(sum).toBeLessThan(1);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("rejects non-positive sample sizes", () => {
    expect(() => aleFwhmMm(0)).toThrow(/sample size/);
  });
});
