import { publicProcedure, router, authed } from "@/server/trpc";
import { signUpSchema } from "@/server/review/accounts/schema";
import { signUp } from "@/server/review/accounts/sign-up";
import { callService } from "@/server/review/errors";

export const accountsRouter = router({
  signUp: publicProcedure.input(signUpSchema).mutation(({ ctx, input }) => callService(() => signUp(ctx.db, input))),
  me: authed.query(({ ctx }) => ctx.user),
});
