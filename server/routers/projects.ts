import { z } from "zod";
import { authed, member, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { projectFieldsSchema } from "@/server/review/projects/schema";
import { createProject, getProject, listProjects, updateProject } from "@/server/review/projects/projects";
import { createDemoProject } from "@/server/review/demo/create-demo";

const projectId = z.object({ projectId: z.string() });

export const projectsRouter = router({
  list: authed.query(({ ctx }) => listProjects(ctx.db, ctx.user.id)),
  /** A fully worked synthetic review owned by the caller (every stage and output to explore). */
  createDemo: authed.mutation(({ ctx }) => callService(() => createDemoProject(ctx.db, ctx.user, ctx.jobs))),
  create: authed.input(projectFieldsSchema).mutation(({ ctx, input }) => callService(() => createProject(ctx.db, ctx.user.id, input))),
  get: member("viewer")
    .input(projectId)
    .query(async ({ ctx, input }) => ({ ...(await callService(() => getProject(ctx.db, input.projectId))), myRole: ctx.role })),
  update: member("owner")
    .input(projectId.extend(projectFieldsSchema.shape))
    .mutation(({ ctx, input }) => {
      const { projectId: id, ...fields } = input;
      return callService(() => updateProject(ctx.db, ctx.user.id, id, fields));
    }),
});
