import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getDb } from "@/db/client";
import { appRouter } from "@/server/routers";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ db: await getDb(), user: await currentUser() }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path}:`, error);
    },
  });
}

export { handler as GET, handler as POST };
