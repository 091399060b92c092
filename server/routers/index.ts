import { router } from "@/server/trpc";
import { accountsRouter } from "./accounts";
import { auditRouter } from "./audit";
import { membersRouter } from "./members";
import { projectsRouter } from "./projects";

/** One router per workflow stage; each is thin and calls its stage's services in server/review/. */
export const appRouter = router({
  accounts: accountsRouter,
  projects: projectsRouter,
  members: membersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
