import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { markNotDuplicate, mergePair, undoPairDecision } from "@/server/review/dedup/decisions";
import { duplicateStats, listDuplicateDecisions, listDuplicateQueue } from "@/server/review/dedup/queue";

const projectId = z.object({ projectId: z.string() });
const page = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(200).default(20) };
const pair = projectId.extend({ pairId: z.uuid() });

export const dedupRouter = router({
  stats: member("viewer").input(projectId).query(({ ctx, input }) => duplicateStats(ctx.db, input.projectId)),
  queue: member("viewer")
    .input(projectId.extend(page))
    .query(({ ctx, input }) => listDuplicateQueue(ctx.db, input.projectId, input)),
  decisions: member("viewer")
    .input(projectId.extend({ ...page, status: z.enum(["merged", "not_duplicate"]).optional() }))
    .query(({ ctx, input }) => listDuplicateDecisions(ctx.db, input.projectId, input)),
  merge: member("reviewer")
    .input(pair.extend({ keepId: z.uuid().optional() }))
    .mutation(({ ctx, input }) => callService(() => mergePair(ctx.db, ctx.user.id, input.projectId, input.pairId, input.keepId))),
  notDuplicate: member("reviewer")
    .input(pair)
    .mutation(({ ctx, input }) => callService(() => markNotDuplicate(ctx.db, ctx.user.id, input.projectId, input.pairId))),
  undo: member("reviewer")
    .input(pair)
    .mutation(({ ctx, input }) => callService(() => undoPairDecision(ctx.db, ctx.user.id, input.projectId, input.pairId))),
});
