import { LinearSvmModel, defaultLinearSvmOptions, type LinearSvmOptions } from "./linear-svm";
import { NaiveBayesModel, defaultNaiveBayesOptions, type NaiveBayesOptions } from "./naive-bayes";
import { createRng, type Rng } from "./rng";
import type { CsrMatrix } from "./sparse";
import { TrainingSet, type RelevanceLabel } from "./training-set";

/** Which classifier ranks the records. */
export type ModelKind = "svm" | "nb" | "ensemble";

/** Options of the relevance model. */
export interface PrioritiserOptions {
  model: ModelKind;
  svm: LinearSvmOptions;
  nb: NaiveBayesOptions;
  /** Seed of the coordinate-descent order (the only randomness in training). */
  seed: number;
}

export const defaultPrioritiserOptions: PrioritiserOptions = {
  model: "nb",
  svm: defaultLinearSvmOptions,
  nb: defaultNaiveBayesOptions,
  seed: 0,
};

/** A relevance classifier: retrain on the decisions, then score every record (higher = more likely relevant). */
export interface RelevanceModel {
  fit(training: TrainingSet, rng: Rng): void;
  score(out: Float64Array): Float64Array;
}

/** A fresh, untrained model of the configured kind. */
export function createModel(matrix: CsrMatrix, options: PrioritiserOptions): RelevanceModel {
  if (options.model === "nb") return new NaiveBayesModel(matrix, options.nb);
  if (options.model === "svm") return new LinearSvmModel(matrix, options.svm);
  return new EnsembleModel([new NaiveBayesModel(matrix, options.nb), new LinearSvmModel(matrix, options.svm)], matrix.nRows);
}

/**
 * The incremental screening model: holds the decisions so far and a classifier that is updated,
 * not rebuilt, when decisions arrive. `scores()` ranks every record; unscreened ones are read
 * off with {@link Prioritiser.bestUnscreened} (simulation) or a sort (the app's queue).
 */
export class Prioritiser {
  readonly training: TrainingSet;
  readonly options: PrioritiserOptions;
  private readonly model: RelevanceModel;
  private readonly rng: Rng;
  private readonly buffer: Float64Array;
  private fitted = false;

  constructor(readonly matrix: CsrMatrix, options: Partial<PrioritiserOptions> = {}) {
    this.options = { ...defaultPrioritiserOptions, ...options };
    this.training = new TrainingSet(matrix.nRows);
    this.rng = createRng(this.options.seed);
    this.buffer = new Float64Array(matrix.nRows);
    this.model = createModel(matrix, this.options);
  }

  /** Records a screening decision (row = corpus index). */
  decide(row: number, label: RelevanceLabel): void {
    this.training.add(row, label);
    this.fitted = false;
  }

  /** True once both classes have been seen; before that there is nothing to learn from. */
  get canLearn(): boolean {
    return this.training.nRelevant > 0 && this.training.nIrrelevant > 0;
  }

  /** Retrains on the decisions so far and rescores every record; returns the shared buffer. */
  scores(): Float64Array {
    if (!this.fitted) {
      if (this.canLearn) {
        this.model.fit(this.training, this.rng);
        this.model.score(this.buffer);
      } else {
        this.buffer.fill(0);
      }
      this.fitted = true;
    }
    return this.buffer;
  }

  /** Highest-scoring unscreened row (lowest row on ties), or -1 when none is left. */
  bestUnscreened(): number {
    const s = this.scores();
    const labels = this.training.labels;
    let best = -1;
    let bestScore = -Infinity;
    for (let r = 0; r < s.length; r++) {
      if (labels[r] === -1 && s[r] > bestScore) {
        bestScore = s[r];
        best = r;
      }
    }
    return best;
  }
}

/** Mean of the members' standardised scores (each member's scale differs: log-odds vs margins). */
class EnsembleModel implements RelevanceModel {
  private readonly tmp: Float64Array;
  constructor(private readonly members: RelevanceModel[], nRows: number) {
    this.tmp = new Float64Array(nRows);
  }
  fit(training: TrainingSet, rng: Rng): void {
    for (const m of this.members) m.fit(training, rng);
  }
  score(out: Float64Array): Float64Array {
    out.fill(0);
    for (const m of this.members) {
      m.score(this.tmp);
      let mean = 0;
      for (let i = 0; i < this.tmp.length; i++) mean += this.tmp[i];
      mean /= this.tmp.length;
      let v = 0;
      for (let i = 0; i < this.tmp.length; i++) v += (this.tmp[i] - mean) ** 2;
      const sd = Math.sqrt(v / this.tmp.length) || 1;
      for (let i = 0; i < out.length; i++) out[i] += (this.tmp[i] - mean) / sd;
    }
    return out;
  }
}
