import type { DbOrTx } from "@/db/client";
import { prioritiserCache, type ModelStats } from "./prioritiser-cache";
import { getScreeningSettings } from "./settings";
import { stoppingState, type StoppingState } from "./stopping";

export interface ScreeningMethod {
  reviewersPerRecord: number;
  prioritised: boolean;
  model: ModelStats;
  stopping: StoppingState;
  /** A methods-section paragraph for the report. */
  text: string;
}

/** What the report says about how screening was done: reviewers, blinding, prioritisation and the stopping rule. */
export async function screeningMethod(db: DbOrTx, projectId: string): Promise<ScreeningMethod> {
  const settings = await getScreeningSettings(db, projectId);
  const [model, stopping] = await Promise.all([prioritiserCache.stats(db, projectId), stoppingState(db, projectId, settings)]);
  const who = settings.reviewersPerRecord === 1 ? "one reviewer" : `${settings.reviewersPerRecord} reviewers independently and blind to each other's decisions`;
  const parts = [
    `Titles and abstracts, then full texts, were screened by ${who}; disagreements (including "maybe") were resolved by an adjudicator or by consensus.`,
    settings.prioritise
      ? `Title/abstract records were presented in order of predicted relevance: ${model.method}.`
      : "Records were presented in import order (no prioritisation).",
  ];
  const rule = settings.stoppingRule;
  if (rule.kind === "consecutive_irrelevant") parts.push(`Stopping rule: title/abstract screening stops after ${rule.n} consecutive excluded records.`);
  if (rule.kind === "estimated_remaining") parts.push(`Stopping rule: title/abstract screening stops when fewer than ${rule.n} relevant records are estimated to remain.`);
  if (rule.kind === "none") parts.push("Every record was screened (no stopping rule).");
  if (rule.rationale.trim()) parts.push(rule.rationale.trim());
  return { reviewersPerRecord: settings.reviewersPerRecord, prioritised: settings.prioritise, model, stopping, text: parts.join(" ") };
}
