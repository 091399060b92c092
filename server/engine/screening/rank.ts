import { defaultPrioritiserOptions, Prioritiser, type PrioritiserOptions } from "./prioritiser";
import { estimateRemaining, type RemainingEstimate, type RemainingOptions } from "./remaining";
import { createRng, shuffle } from "./rng";
import type { Corpus } from "./tfidf";
import type { RelevanceLabel } from "./training-set";
import { yieldCurveEstimate, type YieldCurveEstimate } from "./yield-curve";

/** Options of {@link rankUnscreened}. */
export interface RankOptions {
  prioritiser: Partial<PrioritiserOptions>;
  /** Compute the remaining-relevant estimate (5 extra model fits; cheap for naive Bayes). */
  estimate: boolean;
  remaining: Partial<RemainingOptions>;
}

export const defaultRankOptions: RankOptions = { prioritiser: {}, estimate: true, remaining: {} };

export interface RankResult {
  /** Unscreened record ids, most likely relevant first. */
  order: string[];
  /** Model score per id in `order` (log-odds scale for naive Bayes; 0 before the model can learn). */
  scores: Float64Array;
  estimatedRemainingRelevant: RemainingEstimate | null;
  /** Second opinion from the discovery curve of the decisions, in the Map's insertion order. */
  yieldCurveRemaining: YieldCurveEstimate | null;
  method: RankMethod;
}

/** What ranked the records, for the audit log and the report. */
export interface RankMethod {
  /** "model" once ≥ 1 relevant and ≥ 1 irrelevant decision exist, else "random" (seeded). */
  ordering: "model" | "random";
  model: PrioritiserOptions["model"];
  nRelevant: number;
  nIrrelevant: number;
  description: string;
}

/**
 * Orders the unscreened records of a corpus by predicted relevance given the decisions so far
 * (record id → 1 include / 0 exclude, inserted in the order they were made; "maybe" should be
 * left out until resolved). Stateless:
 * trains from scratch, which for naive Bayes costs one pass over the screened rows. Deterministic
 * for a given corpus, decisions and seed; ties keep corpus order.
 */
export function rankUnscreened(corpus: Corpus, decisions: ReadonlyMap<string, RelevanceLabel>, options: Partial<RankOptions> = {}): RankResult {
  const opts = { ...defaultRankOptions, ...options };
  const prioritiserOptions = { ...defaultPrioritiserOptions, ...opts.prioritiser };
  const prioritiser = new Prioritiser(corpus.matrix, prioritiserOptions);
  for (const [id, label] of decisions) {
    const row = corpus.indexOf.get(id);
    if (row === undefined) throw new Error(`rankUnscreened: decision for record "${id}", which is not in the corpus`);
    if (label !== 0 && label !== 1) throw new Error(`rankUnscreened: decision for record "${id}" is ${String(label)}, expected 0 or 1`);
    prioritiser.decide(row, label);
  }
  const rows: number[] = [];
  const labels = prioritiser.training.labels;
  for (let r = 0; r < labels.length; r++) if (labels[r] === -1) rows.push(r);
  const ordering = prioritiser.canLearn ? "model" : "random";
  const all = prioritiser.scores();
  if (ordering === "model") {
    rows.sort((a, b) => all[b] - all[a] || a - b);
  } else {
    const shuffled = shuffle(Int32Array.from(rows), createRng(prioritiserOptions.seed));
    rows.splice(0, rows.length, ...shuffled);
  }
  const t = prioritiser.training;
  return {
    order: rows.map((r) => corpus.ids[r]),
    scores: Float64Array.from(rows, (r) => all[r]),
    estimatedRemainingRelevant: opts.estimate && ordering === "model" ? estimateRemaining(prioritiser, { seed: prioritiserOptions.seed, ...opts.remaining }) : null,
    yieldCurveRemaining: opts.estimate && ordering === "model" ? yieldCurveEstimate([...decisions.values()], corpus.ids.length) : null,
    method: {
      ordering, model: prioritiserOptions.model, nRelevant: t.nRelevant, nIrrelevant: t.nIrrelevant,
      description: describeRanking(prioritiserOptions),
    },
  };
}

/** Methods-section text for the prioritisation model. */
export function describeRanking(o: PrioritiserOptions): string {
  const model = o.model === "nb"
    ? `multinomial naive Bayes (smoothing α = ${o.nb.alpha}, ASReview double-balance class weights, log-odds divided by each record's TF-IDF mass${o.nb.lengthExponent === 1 ? "" : `^${o.nb.lengthExponent}`})`
    : o.model === "svm"
      ? `a linear SVM (squared hinge, C = ${o.svm.c}, ${o.svm.classWeighting} class weights)`
      : "the mean of standardised naive Bayes and linear SVM scores";
  return `Unscreened records were ordered by ${model} trained on TF-IDF features of title, abstract and keywords, retrained after every decision; the record most likely to be relevant was shown first.`;
}
