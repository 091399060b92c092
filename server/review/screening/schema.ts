import { z } from "zod";
import { screeningDecisionKinds, screeningStages } from "@/db/schema/screening";

/** Zod contracts shared by the screening routers and forms. */
export const stageSchema = z.enum(screeningStages);
export const decisionSchema = z.enum(screeningDecisionKinds);

export const stoppingRuleSchema = z.object({
  kind: z.enum(["none", "consecutive_irrelevant", "estimated_remaining"]),
  n: z.number().int().min(0).max(100_000),
  rationale: z.string().max(4000),
});

const termList = z.array(z.string().max(100)).max(200);

export const screeningSettingsSchema = z.object({
  reviewersPerRecord: z.number().int().min(1).max(5).optional(),
  screenerIds: z.array(z.uuid()).max(100).optional(),
  inclusionCriteria: z.string().max(20_000).optional(),
  exclusionCriteria: z.string().max(20_000).optional(),
  fullTextReasons: z.array(z.string().max(200)).min(1, "Keep at least one exclusion reason.").max(60).optional(),
  includeTerms: termList.optional(),
  excludeTerms: termList.optional(),
  prioritise: z.boolean().optional(),
  stoppingRule: stoppingRuleSchema.optional(),
  unblinded: z.boolean().optional(),
});
export type ScreeningSettingsInput = z.infer<typeof screeningSettingsSchema>;

export const decideSchema = z.object({
  recordId: z.uuid(),
  stage: stageSchema,
  decision: decisionSchema,
  reason: z.string().max(200).optional(),
  note: z.string().max(4000).optional(),
});
export type DecideInput = z.infer<typeof decideSchema>;

export const resolveSchema = z.object({
  recordId: z.uuid(),
  stage: stageSchema,
  decision: z.enum(["include", "exclude"]),
  reason: z.string().max(200).optional(),
  rationale: z.string().trim().min(3, "Say why (at least a few words).").max(4000),
  consensus: z.boolean().default(false),
});
export type ResolveInput = z.infer<typeof resolveSchema>;
