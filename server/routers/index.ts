import { router } from "@/server/trpc";
import { accountsRouter } from "./accounts";
import { prismaRouter } from "./prisma";
import { analysisRouter } from "./analysis";
import { analysisResultsRouter } from "./analysis-results";
import { auditRouter } from "./audit";
import { dedupRouter } from "./dedup";
import { membersRouter } from "./members";
import { projectsRouter } from "./projects";
import { screeningRouter } from "./screening";
import { conflictsRouter } from "./conflicts";
import { fullTextRouter } from "./full-text";
import { recordsRouter } from "./records";
import { studiesRouter } from "./studies";
import { extractionRouter } from "./extraction";
import { qualityRouter } from "./quality";
import { snapshotsRouter } from "./snapshots";

/** One router per workflow stage; each is thin and calls its stage's services in server/review/. */
export const appRouter = router({
  accounts: accountsRouter,
  projects: projectsRouter,
  members: membersRouter,
  audit: auditRouter,
  prisma: prismaRouter,
  analysis: analysisRouter,
  analysisResults: analysisResultsRouter,
  screening: screeningRouter,
  conflicts: conflictsRouter,
  fullText: fullTextRouter,
  records: recordsRouter,
  dedup: dedupRouter,
  studies: studiesRouter,
  extraction: extractionRouter,
  quality: qualityRouter,
  snapshots: snapshotsRouter,
});

export type AppRouter = typeof appRouter;
