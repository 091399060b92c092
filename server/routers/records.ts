import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { getRecord, listRecords, listSources, recordQuerySchema } from "@/server/review/import/list-records";
import { getIdentificationCounts } from "@/server/review/import/prisma-counts";
import { recordSets } from "@/server/review/import/record-sets";
import { removeRecords, removeRecordsSchema, restoreRecords, restoreRecordsSchema } from "@/server/review/import/remove-records";
import { deleteSource } from "@/server/review/import/delete-source";

const projectId = z.object({ projectId: z.string() });

// Imports themselves go through the upload route (app/api/projects/[projectId]/import): file bytes
// do not belong in tRPC JSON.
export const recordsRouter = router({
  list: member("viewer")
    .input(projectId.extend(recordQuerySchema.shape))
    .query(({ ctx, input }) => listRecords(ctx.db, input.projectId, input)),
  get: member("viewer")
    .input(projectId.extend({ recordId: z.uuid() }))
    .query(({ ctx, input }) => callService(() => getRecord(ctx.db, input.projectId, input.recordId))),
  sources: member("viewer").input(projectId).query(({ ctx, input }) => listSources(ctx.db, input.projectId)),
  identificationCounts: member("viewer").input(projectId).query(({ ctx, input }) => getIdentificationCounts(ctx.db, input.projectId)),
  exportSets: member("viewer").input(projectId).query(() => recordSets()),
  // Removing records before screening takes them out of dual screening on one person's word, the
  // power an adjudicator has when settling a conflict alone: adjudicators and owners.
  remove: member("adjudicator")
    .input(projectId.extend(removeRecordsSchema.shape))
    .mutation(({ ctx, input }) => callService(() => removeRecords(ctx.db, ctx.user.id, input.projectId, input))),
  restore: member("adjudicator")
    .input(projectId.extend(restoreRecordsSchema.shape))
    .mutation(({ ctx, input }) => callService(() => restoreRecords(ctx.db, ctx.user.id, input.projectId, input))),
  // Deleting an import rewrites the PRISMA identification box: the owner's call.
  deleteSource: member("owner")
    .input(projectId.extend({ sourceId: z.uuid() }))
    .mutation(({ ctx, input }) => callService(() => deleteSource(ctx.db, ctx.user.id, input.projectId, input.sourceId))),
});
