import { z } from "zod";
import { member, router } from "@/server/trpc";
import { listAudit } from "@/server/review/audit/list-audit";

export const auditRouter = router({
  list: member("owner")
    .input(z.object({ projectId: z.string(), cursor: z.number().int().positive().optional(), limit: z.number().int().min(1).max(200).optional() }))
    .query(({ ctx, input }) => listAudit(ctx.db, input.projectId, input)),
});
