import { z } from "zod";
import { analysisKinds } from "@/db/schema";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { availableKinds } from "@/server/review/analysis/executor-types";
import { getRun, listRuns, listSnapshotsForAnalysis, snapshotFacets } from "@/server/review/analysis/list-runs";
import { parametersByKind } from "@/server/review/analysis/parameters";
import { createRun, requestCancel } from "@/server/review/analysis/start-run";

const projectId = z.object({ projectId: z.string() });

export const analysisRouter = router({
  snapshots: member("viewer").input(projectId).query(({ ctx, input }) => listSnapshotsForAnalysis(ctx.db, input.projectId)),
  facets: member("viewer")
    .input(projectId.extend({ snapshotVersion: z.number().int().positive() }))
    .query(({ ctx, input }) => callService(() => snapshotFacets(ctx.db, input.projectId, input.snapshotVersion))),
  /** The kinds this version can run and their default parameters. */
  options: member("viewer")
    .input(projectId)
    .query(() => availableKinds.map((kind) => ({ kind, defaults: (parametersByKind[kind].safeParse({}).data ?? {}) as Record<string, unknown> }))),
  list: member("viewer").input(projectId).query(({ ctx, input }) => listRuns(ctx.db, input.projectId)),
  get: member("viewer")
    .input(projectId.extend({ runId: z.uuid() }))
    .query(({ ctx, input }) => callService(() => getRun(ctx.db, input.projectId, input.runId))),
  start: member("reviewer")
    .input(
      projectId.extend({
        snapshotVersion: z.number().int().positive(),
        kind: z.enum(analysisKinds),
        name: z.string().max(200).optional(),
        filter: z.record(z.string(), z.unknown()).optional(),
        parameters: z.record(z.string(), z.unknown()).optional(),
        seed: z.number().int().min(1).max(2 ** 31 - 1).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const run = await callService(() => createRun(ctx.db, ctx.user.id, input));
      await ctx.jobs?.enqueueAnalysis(run.id);
      return run;
    }),
  cancel: member("reviewer")
    .input(projectId.extend({ runId: z.uuid() }))
    .mutation(({ ctx, input }) => callService(() => requestCancel(ctx.db, ctx.user.id, input.projectId, input.runId))),
});
