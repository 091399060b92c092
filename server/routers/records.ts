import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { getRecord, listRecords, listSources, recordQuerySchema } from "@/server/review/import/list-records";
import { getIdentificationCounts } from "@/server/review/import/prisma-counts";
import { recordSets } from "@/server/review/import/record-sets";

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
});
