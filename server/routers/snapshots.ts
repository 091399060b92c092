import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { getLockOverview, getSnapshot, lockDataset, unlockDataset } from "@/server/review/snapshot/snapshots";

const projectId = z.object({ projectId: z.string() });

/** Lock, unlock and the immutable snapshot history. */
export const snapshotsRouter = router({
  overview: member("viewer").input(projectId).query(({ ctx, input }) => getLockOverview(ctx.db, input.projectId)),
  get: member("viewer")
    .input(projectId.extend({ version: z.number().int().positive() }))
    .query(({ ctx, input }) => callService(() => getSnapshot(ctx.db, input.projectId, input.version))),
  lock: member("owner").input(projectId).mutation(({ ctx, input }) => callService(() => lockDataset(ctx.db, ctx.user.id, input.projectId))),
  unlock: member("owner")
    .input(projectId.extend({ reason: z.string().max(2000) }))
    .mutation(({ ctx, input }) => callService(() => unlockDataset(ctx.db, ctx.user.id, input.projectId, input.reason))),
});
