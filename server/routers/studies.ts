import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import {
  addReport, createExperiment, createStudy, deleteExperiment, deleteStudy, experimentInputSchema, listEligibleReports, listStudies,
  removeReport, searchOtherRecords, studyInputSchema, updateExperiment, updateStudy,
} from "@/server/review/studies/studies";

const projectId = z.object({ projectId: z.string() });
const study = projectId.extend({ studyId: z.uuid() });

/** Studies (groups of reports) and their experiments/contrasts. */
export const studiesRouter = router({
  list: member("viewer").input(projectId).query(({ ctx, input }) => listStudies(ctx.db, input.projectId)),
  eligibleReports: member("viewer").input(projectId).query(({ ctx, input }) => listEligibleReports(ctx.db, input.projectId)),
  searchRecords: member("owner").input(projectId.extend({ query: z.string().max(200) })).query(({ ctx, input }) => searchOtherRecords(ctx.db, input.projectId, input.query)),
  create: member("adjudicator")
    .input(projectId.extend(studyInputSchema.shape).extend({ recordIds: z.array(z.uuid()).min(1, "Pick at least one report.").max(50) }))
    .mutation(({ ctx, input }) => callService(() => createStudy(ctx.db, ctx.user.id, input.projectId, { ...input, isOwner: ctx.role === "owner" }))),
  update: member("adjudicator")
    .input(study.extend(studyInputSchema.shape))
    .mutation(({ ctx, input }) => callService(() => updateStudy(ctx.db, ctx.user.id, input.projectId, input.studyId, input))),
  delete: member("adjudicator").input(study).mutation(({ ctx, input }) => callService(() => deleteStudy(ctx.db, ctx.user.id, input.projectId, input.studyId))),
  addReport: member("adjudicator")
    .input(study.extend({ recordId: z.uuid() }))
    .mutation(({ ctx, input }) => callService(() => addReport(ctx.db, ctx.user.id, input.projectId, input.studyId, input.recordId, ctx.role === "owner"))),
  removeReport: member("adjudicator")
    .input(study.extend({ recordId: z.uuid() }))
    .mutation(({ ctx, input }) => callService(() => removeReport(ctx.db, ctx.user.id, input.projectId, input.studyId, input.recordId))),
  addExperiment: member("reviewer")
    .input(study.extend(experimentInputSchema.shape))
    .mutation(({ ctx, input }) => callService(() => createExperiment(ctx.db, ctx.user.id, input.projectId, input.studyId, input))),
  updateExperiment: member("reviewer")
    .input(projectId.extend({ experimentId: z.uuid() }).extend(experimentInputSchema.shape))
    .mutation(({ ctx, input }) => callService(() => updateExperiment(ctx.db, ctx.user.id, input.projectId, input.experimentId, input))),
  deleteExperiment: member("adjudicator")
    .input(projectId.extend({ experimentId: z.uuid() }))
    .mutation(({ ctx, input }) => callService(() => deleteExperiment(ctx.db, ctx.user.id, input.projectId, input.experimentId))),
});
