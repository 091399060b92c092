import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { getMyAssessment, getQualityComparison, listQualityStatus, saveAssessment, saveQualityConsensus } from "@/server/review/quality/assessments";
import { chooseChecklist, createCustomChecklist, listChecklists } from "@/server/review/quality/checklists";
import { qualitySummary } from "@/server/review/quality/summary";

const projectId = z.object({ projectId: z.string() });
const study = projectId.extend({ studyId: z.uuid() });
const scores = z.record(z.string(), z.unknown());

/** Quality checklists, blind dual scoring, consensus, totals and agreement. */
export const qualityRouter = router({
  checklists: member("viewer").input(projectId).query(({ ctx, input }) => listChecklists(ctx.db, input.projectId)),
  chooseChecklist: member("owner")
    .input(projectId.extend({ preset: z.enum(["neuro10", "neuro11"]).optional(), checklistId: z.uuid().optional() }))
    .mutation(({ ctx, input }) =>
      callService(() => chooseChecklist(ctx.db, ctx.user.id, input.projectId, input.preset ? { preset: input.preset } : { checklistId: input.checklistId ?? "" })),
    ),
  createChecklist: member("owner")
    .input(projectId.extend({ name: z.string().max(200), items: z.unknown() }))
    .mutation(({ ctx, input }) => callService(() => createCustomChecklist(ctx.db, ctx.user.id, input.projectId, input))),
  status: member("viewer").input(projectId).query(({ ctx, input }) => listQualityStatus(ctx.db, input.projectId, ctx.user.id)),
  mine: member("reviewer").input(study).query(({ ctx, input }) => callService(() => getMyAssessment(ctx.db, input.projectId, input.studyId, ctx.user.id))),
  save: member("reviewer")
    .input(study.extend({ scores, submit: z.boolean().default(false) }))
    .mutation(({ ctx, input }) => callService(() => saveAssessment(ctx.db, ctx.user.id, input.projectId, input.studyId, input.scores, input.submit))),
  compare: member("reviewer").input(study).query(({ ctx, input }) => callService(() => getQualityComparison(ctx.db, input.projectId, input.studyId, ctx.user.id, ctx.role))),
  saveConsensus: member("reviewer")
    .input(study.extend({ scores, rationale: z.string().max(5000) }))
    .mutation(({ ctx, input }) => callService(() => saveQualityConsensus(ctx.db, ctx.user.id, ctx.role, input.projectId, input.studyId, input.scores, input.rationale))),
  summary: member("viewer").input(projectId).query(({ ctx, input }) => qualitySummary(ctx.db, input.projectId)),
});
