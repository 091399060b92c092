import { router } from "@/server/trpc";
import { accountsRouter } from "./accounts";
import { auditRouter } from "./audit";
import { dedupRouter } from "./dedup";
import { membersRouter } from "./members";
import { projectsRouter } from "./projects";
import { recordsRouter } from "./records";

/** One router per workflow stage; each is thin and calls its stage's services in server/review/. */
export const appRouter = router({
  accounts: accountsRouter,
  projects: projectsRouter,
  members: membersRouter,
  audit: auditRouter,
  records: recordsRouter,
  dedup: dedupRouter,
});

export type AppRouter = typeof appRouter;
