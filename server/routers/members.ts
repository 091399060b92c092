import { z } from "zod";
import { authed, member, publicProcedure, router } from "@/server/trpc";
import { callService } from "@/server/review/errors";
import { changeRole, listMembers, removeMember } from "@/server/review/projects/members";
import { acceptInvitation, createInvitation, listInvitations, previewInvitation, revokeInvitation } from "@/server/review/projects/invitations";
import { inviteSchema, roleSchema } from "@/server/review/projects/schema";

const projectId = z.object({ projectId: z.string() });
const token = z.object({ token: z.string().min(10).max(200) });

export const membersRouter = router({
  list: member("viewer").input(projectId).query(({ ctx, input }) => listMembers(ctx.db, input.projectId)),
  invitations: member("owner").input(projectId).query(({ ctx, input }) => listInvitations(ctx.db, input.projectId)),
  invite: member("owner")
    .input(projectId.extend(inviteSchema.shape))
    .mutation(({ ctx, input }) => callService(() => createInvitation(ctx.db, ctx.user.id, input.projectId, input))),
  revokeInvitation: member("owner")
    .input(projectId.extend({ invitationId: z.uuid() }))
    .mutation(({ ctx, input }) => callService(() => revokeInvitation(ctx.db, ctx.user.id, input.projectId, input.invitationId))),
  changeRole: member("owner")
    .input(projectId.extend({ userId: z.uuid(), role: roleSchema }))
    .mutation(({ ctx, input }) => callService(() => changeRole(ctx.db, ctx.user.id, input.projectId, input.userId, input.role))),
  remove: member("owner")
    .input(projectId.extend({ userId: z.uuid() }))
    .mutation(({ ctx, input }) => callService(() => removeMember(ctx.db, ctx.user.id, input.projectId, input.userId))),
  previewInvitation: publicProcedure.input(token).query(({ ctx, input }) => previewInvitation(ctx.db, input.token)),
  acceptInvitation: authed.input(token).mutation(({ ctx, input }) => callService(() => acceptInvitation(ctx.db, ctx.user.id, input.token))),
});
