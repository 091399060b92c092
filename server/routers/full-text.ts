import { z } from "zod";
import { fullTextStatuses } from "@/db/schema/screening";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { listFullTexts, setFullTextStatus } from "@/server/review/screening/full-text";

const projectId = z.object({ projectId: z.string() });

/** Full-text retrieval: status per report (PDF upload and download go through app/api/projects/[projectId]/full-text). */
export const fullTextRouter = router({
  list: member("viewer").input(projectId).query(({ ctx, input }) => listFullTexts(ctx.db, input.projectId)),
  setStatus: member("reviewer")
    .input(projectId.extend({
      recordId: z.uuid(),
      status: z.enum(fullTextStatuses),
      notRetrievedReason: z.string().max(500).optional(),
      link: z.union([z.url({ protocol: /^https?$/ }), z.literal("")]).optional(),
    }))
    .mutation(({ ctx, input: { projectId: id, ...status } }) => callService(() => setFullTextStatus(ctx.db, ctx.user.id, id, status))),
});
