import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { listConflicts, resolutionHistory, resolveConflict } from "@/server/review/screening/conflicts";
import { resolveSchema, stageSchema } from "@/server/review/screening/schema";

const projectId = z.object({ projectId: z.string() });

/** The conflicts queue of both screening stages and their resolution. */
export const conflictsRouter = router({
  list: member("viewer")
    .input(projectId.extend({ stage: stageSchema, includeResolved: z.boolean().default(false) }))
    .query(({ ctx, input }) => listConflicts(ctx.db, input.projectId, input.stage, input.includeResolved)),
  history: member("viewer")
    .input(projectId.extend({ stage: stageSchema, recordId: z.uuid() }))
    .query(({ ctx, input }) => resolutionHistory(ctx.db, input.projectId, input.recordId, input.stage)),
  resolve: member("reviewer")
    .input(projectId.extend(resolveSchema.shape))
    .mutation(({ ctx, input: { projectId: id, ...resolution } }) => callService(() => resolveConflict(ctx.db, ctx.user.id, ctx.role, id, resolution))),
});
