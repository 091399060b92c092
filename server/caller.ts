import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { appRouter } from "@/server/routers";
import { createCallerFactory } from "@/server/trpc";
import { currentUser } from "@/server/session";

const createCaller = createCallerFactory(appRouter);

/** A tRPC caller for server components: same procedures and checks as the HTTP endpoint. */
export const serverCaller = cache(async () => createCaller({ db: await getDb(), user: await currentUser() }));
