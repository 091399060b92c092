import { buildCorpus, type Corpus } from "@/server/engine/screening/tfidf";
import { Prioritiser, defaultPrioritiserOptions } from "@/server/engine/screening/prioritiser";
import { estimateRemaining } from "@/server/engine/screening/remaining";

/** One pool record's text, as sent to the model. */
export interface ModelRecord {
  id: string;
  title: string;
  abstract: string;
  keywords: string;
}

/** What one retrain returns to the queue. */
export interface TrainResult {
  /** Corpus rows, highest relevance score first (ties: lower row first). */
  order: Int32Array;
  retrainMs: number;
  labelledRelevant: number;
  labelledIrrelevant: number;
  remaining: { expected: number; low: number; high: number; method: string } | null;
  method: string;
}

/**
 * The prioritisation model of one project: TF-IDF corpus plus the engine's incremental
 * prioritiser. Runs inside the screening model worker (model-worker.mjs) so that vectorising and
 * retraining never block the server's event loop; the same class runs in-process when no worker
 * can be started, with identical (deterministic) results.
 */
export class ModelCore {
  private readonly records: ModelRecord[] = [];
  private corpus: Corpus | null = null;
  private prioritiser: Prioritiser | null = null;

  /** Adds pool records (in source order; sent in chunks so no single message is large). */
  add(records: ModelRecord[]): void {
    this.records.push(...records);
  }

  /** Vectorises the records added so far; returns the corpus ids (row order) and the time taken. */
  build(): { ids: string[]; corpusBuildMs: number; method: string } {
    const started = performance.now();
    this.corpus = buildCorpus(this.records);
    this.records.length = 0;
    this.prioritiser = new Prioritiser(this.corpus.matrix);
    return { ids: this.corpus.ids, corpusBuildMs: performance.now() - started, method: describeMethod(this.prioritiser.options.model) };
  }

  /**
   * Retrains on the team's labels (applied in corpus-row order, so the result depends only on the
   * label set) and ranks every record. `rebuild` starts from a fresh model (a label was withdrawn,
   * which the incremental model cannot unlearn); `estimate` also refits the out-of-fold estimate of
   * relevant records left.
   */
  train(labels: { recordId: string; label: 0 | 1 }[], opts: { rebuild: boolean; estimate: boolean }): TrainResult {
    const corpus = this.corpus;
    if (!corpus || !this.prioritiser) throw new Error("screening model: train() before build()");
    if (opts.rebuild) this.prioritiser = new Prioritiser(corpus.matrix);
    const p = this.prioritiser;
    const started = performance.now();
    const rows: [number, 0 | 1][] = [];
    for (const { recordId, label } of labels) {
      const row = corpus.indexOf.get(recordId);
      if (row !== undefined) rows.push([row, label]);
    }
    rows.sort((a, b) => a[0] - b[0]);
    for (const [row, label] of rows) p.decide(row, label);
    const scores = p.scores();
    const order = Int32Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
    let remaining: TrainResult["remaining"] = null;
    if (p.canLearn && opts.estimate) {
      const e = estimateRemaining(p);
      remaining = { expected: e.expected, low: e.interval90[0], high: e.interval90[1], method: e.method };
    }
    return {
      order,
      retrainMs: performance.now() - started,
      labelledRelevant: p.training.nRelevant,
      labelledIrrelevant: p.training.nIrrelevant,
      remaining,
      method: describeMethod(p.options.model),
    };
  }
}

/** The methods-section wording of the ranking model. */
export function describeMethod(kind: "svm" | "nb" | "ensemble" = defaultPrioritiserOptions.model): string {
  const model = { svm: "linear support vector machine", nb: "multinomial naive Bayes", ensemble: "naive Bayes + linear SVM ensemble" }[kind];
  return `${model} on TF-IDF word uni- and bigram features of title, abstract and keywords, retrained after every title/abstract decision (Concord screening engine)`;
}
