import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { stageAgreement } from "@/server/review/screening/agreement";
import { decide, undoLastDecision } from "@/server/review/screening/decide";
import { screeningMethod } from "@/server/review/screening/method";
import { getScreeningCounts } from "@/server/review/screening/prisma-counts";
import { myHistory, nextRecord, screeningRecord, teamProgress } from "@/server/review/screening/queue";
import { decideSchema, screeningSettingsSchema, stageSchema } from "@/server/review/screening/schema";
import { getScreeningSettings, updateScreeningSettings } from "@/server/review/screening/settings";

const projectId = z.object({ projectId: z.string() });
const stage = projectId.extend({ stage: stageSchema });

/** Screening: settings, the one-record-at-a-time queue, decisions, progress and agreement. */
export const screeningRouter = router({
  settings: member("viewer").input(projectId).query(({ ctx, input }) => getScreeningSettings(ctx.db, input.projectId)),
  updateSettings: member("owner")
    .input(projectId.extend(screeningSettingsSchema.shape))
    .mutation(({ ctx, input: { projectId: id, ...changes } }) => callService(() => updateScreeningSettings(ctx.db, ctx.user.id, id, changes))),
  next: member("reviewer")
    .input(stage.extend({ skip: z.array(z.uuid()).max(20).default([]) }))
    .query(({ ctx, input }) => callService(() => nextRecord(ctx.db, ctx.user.id, ctx.role, input.projectId, input.stage, input.skip))),
  record: member("reviewer")
    .input(stage.extend({ recordId: z.uuid() }))
    .query(({ ctx, input }) => callService(() => screeningRecord(ctx.db, ctx.user.id, input.projectId, input.stage, input.recordId))),
  history: member("reviewer").input(stage).query(({ ctx, input }) => myHistory(ctx.db, ctx.user.id, input.projectId, input.stage)),
  decide: member("reviewer")
    .input(projectId.extend(decideSchema.shape))
    .mutation(({ ctx, input: { projectId: id, ...decision } }) => callService(() => decide(ctx.db, ctx.user.id, ctx.role, id, decision))),
  undo: member("reviewer")
    .input(stage)
    .mutation(({ ctx, input }) => callService(() => undoLastDecision(ctx.db, ctx.user.id, ctx.role, input.projectId, input.stage))),
  progress: member("viewer").input(stage).query(({ ctx, input }) => teamProgress(ctx.db, input.projectId, input.stage)),
  agreement: member("viewer").input(stage).query(({ ctx, input }) => stageAgreement(ctx.db, input.projectId, input.stage)),
  method: member("viewer").input(projectId).query(({ ctx, input }) => screeningMethod(ctx.db, input.projectId)),
  counts: member("viewer").input(projectId).query(({ ctx, input }) => getScreeningCounts(ctx.db, input.projectId)),
});
