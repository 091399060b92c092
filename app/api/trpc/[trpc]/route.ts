import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getDatabase } from "@/db/client";
import { jobQueueFor } from "@/server/jobs/queue";
import { appRouter } from "@/server/routers";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => {
      const handle = await getDatabase();
      return { db: handle.db, user: await currentUser(), jobs: jobQueueFor(handle) };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path}:`, error);
    },
  });
}

export { handler as GET, handler as POST };
