import { doubleBalanceWeights, defaultDoubleBalance } from "./balance";
import { matVec, rowDot, rowNormSq, addRow, type CsrMatrix } from "./sparse";
import { shuffle, type Rng } from "./rng";
import type { TrainingSet } from "./training-set";

/** How the two classes are weighted in the loss. */
export type ClassWeighting = "balanced" | "double" | "none";

/** Options of the linear SVM. */
export interface LinearSvmOptions {
  /** Inverse regularisation strength (liblinear's C) before class weighting. */
  c: number;
  /**
   * "balanced": each class carries half the total loss weight (C·n / (2·n_class)), as
   * scikit-learn's class_weight="balanced"; "double": ASReview's double-balance weights.
   */
  classWeighting: ClassWeighting;
  /** Value of the constant feature that carries the intercept (regularised, as liblinear). */
  bias: number;
  /** Coordinate-descent passes per retrain at most; warm starts need few. */
  maxPasses: number;
  /** Stop when the spread of projected gradients falls below this (liblinear's stopping rule). */
  tolerance: number;
}

export const defaultLinearSvmOptions: LinearSvmOptions = {
  c: 1,
  classWeighting: "balanced",
  bias: 1,
  maxPasses: 20,
  tolerance: 0.1,
};

/**
 * L2-regularised squared-hinge linear SVM trained by dual coordinate descent (Hsieh et al. 2008,
 * liblinear's default solver). Hand-written because it is a few lines on our CSR rows, and the
 * dual variables persist between retrains: a new decision enters with α = 0 and the previous
 * solution is a warm start, so each retrain is a few passes of O(nnz of screened records).
 */
export class LinearSvmModel {
  private readonly dual: Float64Array;
  private readonly weights: Float64Array;
  private intercept = 0;
  private revision = 0;
  private order = new Int32Array(0);

  constructor(
    private readonly matrix: CsrMatrix,
    private readonly options: LinearSvmOptions = defaultLinearSvmOptions,
  ) {
    this.dual = new Float64Array(matrix.nRows);
    this.weights = new Float64Array(matrix.nCols);
  }

  /** Re-optimises on all decisions so far, starting from the previous solution. */
  fit(training: TrainingSet, rng: Rng): void {
    if (training.revision !== this.revision) this.reset(training.revision);
    const n = training.size;
    if (this.order.length < n) this.order = Int32Array.from(training.rows.subarray(0, n));
    else this.order.set(training.rows.subarray(0, n));
    const [cOne, cZero] = this.classC(training);
    const { bias, maxPasses, tolerance } = this.options;
    const m = this.matrix;
    for (let pass = 0; pass < maxPasses; pass++) {
      shuffle(this.order, rng, n);
      let pgMax = -Infinity;
      let pgMin = Infinity;
      for (let k = 0; k < n; k++) {
        const row = this.order[k];
        const y = training.labels[row] === 1 ? 1 : -1;
        const diag = 0.5 / (y === 1 ? cOne : cZero);
        const a = this.dual[row];
        const g = y * (rowDot(m, row, this.weights) + bias * this.intercept) - 1 + diag * a;
        const pg = a === 0 ? Math.min(g, 0) : g;
        if (pg > pgMax) pgMax = pg;
        if (pg < pgMin) pgMin = pg;
        if (pg === 0) continue;
        const next = Math.max(a - g / (rowNormSq(m, row) + bias * bias + diag), 0);
        const step = (next - a) * y;
        this.dual[row] = next;
        addRow(m, row, step, this.weights);
        this.intercept += step * bias;
      }
      if (pgMax - pgMin < tolerance) break;
    }
  }

  /** Decision values w·x + b for every record. */
  score(out: Float64Array): Float64Array {
    return matVec(this.matrix, this.weights, this.options.bias * this.intercept, out);
  }

  private classC(training: TrainingSet): [number, number] {
    const { c, classWeighting } = this.options;
    const nOne = Math.max(training.nRelevant, 1);
    const nZero = Math.max(training.nIrrelevant, 1);
    if (classWeighting === "balanced") {
      const n = nOne + nZero;
      return [(c * n) / (2 * nOne), (c * n) / (2 * nZero)];
    }
    if (classWeighting === "double") {
      const w = doubleBalanceWeights(nOne, nZero, defaultDoubleBalance);
      return [c * w.one, c * w.zero];
    }
    return [c, c];
  }

  private reset(revision: number): void {
    this.dual.fill(0);
    this.weights.fill(0);
    this.intercept = 0;
    this.revision = revision;
  }
}
