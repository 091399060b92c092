import { initTRPC, TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Db } from "@/db/client";
import { memberships, type Role } from "@/db/schema";
import { roleAtLeast } from "@/server/review/projects/roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** Hands work to the durable job queue; absent in contexts without a queue (runs stay queued). */
export interface JobQueue {
  enqueueAnalysis(runId: string): Promise<void>;
}

/** What every procedure sees: the database, the signed-in user (or null) and the job queue. */
export interface Context {
  db: Db;
  user: SessionUser | null;
  jobs?: JobQueue;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

/** Signed-in users only; narrows `ctx.user` to non-null. */
export const authed = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

const projectScoped = z.object({ projectId: z.string() });
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Project-scoped procedures: the project comes from the input's `projectId`, and the caller must
 * be a member with at least `minRole`. Non-members get NOT_FOUND whether or not the project
 * exists, so ids cannot be probed; members below `minRole` get FORBIDDEN.
 */
export function member(minRole: Role) {
  return authed.use(async ({ ctx, next, getRawInput }) => {
    const parsed = projectScoped.safeParse(await getRawInput());
    if (!parsed.success) throw new TRPCError({ code: "BAD_REQUEST", message: "projectId is required." });
    const { projectId } = parsed.data;
    const notFound = new TRPCError({ code: "NOT_FOUND", message: "Project not found." });
    if (!uuidShape.test(projectId)) throw notFound;
    const [membership] = await ctx.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.projectId, projectId), eq(memberships.userId, ctx.user.id)));
    if (!membership) throw notFound;
    if (!roleAtLeast(membership.role, minRole)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${minRole} role; you are ${membership.role}.` });
    }
    return next({ ctx: { ...ctx, projectId, role: membership.role } });
  });
}
