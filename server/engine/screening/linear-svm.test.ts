import { describe, expect, it } from "vitest";
import { LinearSvmModel, defaultLinearSvmOptions } from "./linear-svm";
import { createRng } from "./rng";
import { csrFromRows } from "./sparse";
import { TrainingSet } from "./training-set";

// Overlapping classes in 4 dimensions so that the hinge is active for some records.
const dense = [
  [1, 0.2, 0, 0], [0.9, 0, 0.3, 0], [0.7, 0.5, 0, 0.1], [0.2, 0.9, 0, 0],
  [0, 1, 0.2, 0], [0, 0.3, 1, 0], [0.1, 0, 0.8, 0.5], [0.6, 0.6, 0.1, 0],
];
const labels = [1, 1, 1, 0, 0, 0, 0, 1] as const;
const matrix = csrFromRows(dense.map((row) => new Map(row.flatMap((v, j) => (v ? [[j, v] as [number, number]] : [])))), 4);

describe("LinearSvmModel (dual coordinate descent)", () => {
  it("reaches the primal optimum: the dense gradient of ½‖w‖² + Σ Cᵢ max(0, 1 − yᵢ f(xᵢ))² vanishes", () => {
    const c = 2;
    const model = new LinearSvmModel(matrix, { ...defaultLinearSvmOptions, c, classWeighting: "none", maxPasses: 2000, tolerance: 1e-9 });
    const t = new TrainingSet(8);
    labels.forEach((l, r) => t.add(r, l));
    model.fit(t, createRng(3));
    const f = model.score(new Float64Array(8));
    // Optimality of the squared hinge: w = 2C Σ yᵢ xᵢ max(0, 1 − yᵢ fᵢ) and b = 2C Σ yᵢ max(0, 1 − yᵢ fᵢ)
    // (bias feature 1), so the scores must be reproduced by the (w, b) rebuilt densely from them.
    const w = new Float64Array(4);
    const slack = Array.from(f, (fi, i) => Math.max(0, 1 - (labels[i] ? 1 : -1) * fi));
    for (let j = 0; j < 4; j++) w[j] = 2 * c * dense.reduce((s, x, i) => s + (labels[i] ? 1 : -1) * x[j] * slack[i], 0);
    const b = 2 * c * slack.reduce((s, x, i) => s + (labels[i] ? 1 : -1) * x, 0);
    // At the optimum w equals that sum, so the scores must be reproduced by it.
    dense.forEach((x, i) => expect(f[i]).toBeCloseTo(x.reduce((s, v, j) => s + v * w[j], 0) + b, 5));
  });

  it("warm-starts: adding a decision and refitting equals fitting from scratch", () => {
    const opts = { ...defaultLinearSvmOptions, maxPasses: 5000, tolerance: 1e-10 };
    const warm = new LinearSvmModel(matrix, opts);
    const t = new TrainingSet(8);
    for (let r = 0; r < 6; r++) t.add(r, labels[r]);
    warm.fit(t, createRng(1));
    t.add(6, labels[6]);
    t.add(7, labels[7]);
    warm.fit(t, createRng(2));
    const cold = new LinearSvmModel(matrix, opts);
    const t2 = new TrainingSet(8);
    labels.forEach((l, r) => t2.add(r, l));
    cold.fit(t2, createRng(9));
    const a = warm.score(new Float64Array(8));
    const b = cold.score(new Float64Array(8));
    for (let i = 0; i < 8; i++) expect(a[i]).toBeCloseTo(b[i], 5);
  });

  it("ranks the records of the relevant class higher", () => {
    const model = new LinearSvmModel(matrix);
    const t = new TrainingSet(8);
    labels.forEach((l, r) => t.add(r, l));
    model.fit(t, createRng(0));
    const s = model.score(new Float64Array(8));
    expect(Math.min(s[0], s[1], s[2])).toBeGreaterThan(Math.max(s[4], s[5]));
  });
});
