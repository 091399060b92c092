import hypergeometricCdf from "@stdlib/stats-base-dists-hypergeometric-cdf";

/**
 * Stopping rules the project owner can choose for prioritised screening. "none" (screen every
 * record) is the default; any other rule is stored with the project and its description goes
 * into the report's methods.
 */
export type StoppingRule =
  | { kind: "none" }
  /** Heuristic: stop after `count` irrelevant decisions in a row, once `minScreenedFraction` is screened. */
  | { kind: "consecutive-irrelevant"; count: number; minScreenedFraction: number }
  /** Callaghan & Müller-Hansen (2020) hypergeometric test of H0 "recall < target". */
  | { kind: "recall-test"; targetRecall: number; alpha: number }
  /** Heuristic: stop when found / (found + model-estimated remaining) reaches the target. */
  | { kind: "estimated-recall"; targetRecall: number };

export const defaultStoppingRules = {
  none: { kind: "none" },
  consecutiveIrrelevant: { kind: "consecutive-irrelevant", count: 100, minScreenedFraction: 0.1 },
  recallTest: { kind: "recall-test", targetRecall: 0.95, alpha: 0.05 },
  estimatedRecall: { kind: "estimated-recall", targetRecall: 0.95 },
} as const satisfies Record<string, StoppingRule>;

/** The screening so far, as the rules see it. */
export interface ScreeningProgress {
  /** Title/abstract decisions in the order they were made: 1 relevant, 0 irrelevant. */
  labelsInOrder: ArrayLike<number>;
  /** Records in the project (screened and unscreened). */
  nRecords: number;
  /** Model estimate of relevant records left (needed by "estimated-recall"). */
  estimatedRemaining?: number;
}

export interface StoppingDecision {
  stop: boolean;
  /** The rule's statistic: run length, p-value or estimated recall. */
  statistic: number;
  detail: string;
}

/** Whether the rule says screening may stop now. */
export function evaluateStoppingRule(rule: StoppingRule, progress: ScreeningProgress): StoppingDecision {
  const labels = progress.labelsInOrder;
  const screened = labels.length;
  if (screened >= progress.nRecords) return { stop: true, statistic: 1, detail: "every record screened" };
  switch (rule.kind) {
    case "none":
      return { stop: false, statistic: screened / progress.nRecords, detail: "screen every record" };
    case "consecutive-irrelevant": {
      let run = 0;
      while (run < screened && labels[screened - 1 - run] === 0) run++;
      const enough = screened >= rule.minScreenedFraction * progress.nRecords;
      return { stop: enough && run >= rule.count, statistic: run, detail: `${run} irrelevant in a row (rule: ${rule.count})` };
    }
    case "recall-test": {
      const p = recallTestPValue(labels, progress.nRecords, rule.targetRecall);
      return { stop: p < rule.alpha, statistic: p, detail: `p = ${p.toPrecision(3)} for H0 recall < ${rule.targetRecall}` };
    }
    case "estimated-recall": {
      if (progress.estimatedRemaining === undefined) throw new Error("evaluateStoppingRule: estimated-recall needs estimatedRemaining");
      let found = 0;
      for (let i = 0; i < screened; i++) found += labels[i];
      const recall = found / (found + progress.estimatedRemaining);
      return { stop: recall >= rule.targetRecall, statistic: recall, detail: `estimated recall ${recall.toFixed(3)}` };
    }
  }
}

/**
 * Callaghan & Müller-Hansen (2020): treat the last n screened records as if drawn at random
 * from the records not screened before them (conservative when the ranking puts relevant
 * records first). Under H0 "recall < τ" the urn of N − (screened − n) records holds at least
 * K = ⌊r/τ⌋ + 1 − r_before relevant ones (r found in total, r_before before the window);
 * p = P(X ≤ k) for X ~ Hypergeometric(urn, K, n), k = relevant in the window. The smallest p
 * over all windows n is returned.
 */
export function recallTestPValue(labelsInOrder: ArrayLike<number>, nRecords: number, targetRecall: number): number {
  const screened = labelsInOrder.length;
  let found = 0;
  for (let i = 0; i < screened; i++) found += labelsInOrder[i];
  const kTotal = Math.floor(found / targetRecall) + 1;
  let best = 1;
  let inWindow = 0;
  for (let n = 1; n <= screened; n++) {
    inWindow += labelsInOrder[screened - n];
    const urn = nRecords - screened + n;
    const kUrn = Math.min(urn, kTotal - (found - inWindow));
    const p = hypergeometricCdf(inWindow, urn, kUrn, n);
    if (p < best) best = p;
  }
  return best;
}

/** A methods-section sentence for the chosen rule. */
export function describeStoppingRule(rule: StoppingRule): string {
  switch (rule.kind) {
    case "none":
      return "All records were screened; prioritisation only changed the order.";
    case "consecutive-irrelevant":
      return `Screening stopped after ${rule.count} consecutive irrelevant records, once at least ${Math.round(rule.minScreenedFraction * 100)}% of records had been screened (heuristic rule).`;
    case "recall-test":
      return `Screening stopped when the hypergeometric test of Callaghan & Müller-Hansen (2020) rejected a recall below ${Math.round(rule.targetRecall * 100)}% at α = ${rule.alpha}.`;
    case "estimated-recall":
      return `Screening stopped when the model-estimated recall (found / (found + estimated remaining)) reached ${Math.round(rule.targetRecall * 100)}% (heuristic rule).`;
  }
}
