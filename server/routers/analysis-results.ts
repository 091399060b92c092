import { z } from "zod";
import { member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { getRunFacts, getRunResults } from "@/server/review/analysis-results/results";

const runInput = z.object({ projectId: z.string(), runId: z.string() });

/** The results side of analysis runs: read-only, for every member of the project. */
export const analysisResultsRouter = router({
  /** Run facts + output list + small JSON outputs (cluster tables, statistics). */
  get: member("viewer").input(runInput).query(({ ctx, input }) => callService(() => getRunResults(ctx.db, input.projectId, input.runId))),
  /** Just the run row, for polling progress while it is queued or running. */
  status: member("viewer").input(runInput).query(({ ctx, input }) => callService(() => getRunFacts(ctx.db, input.projectId, input.runId))),
});
