import { getDb } from "@/db/client";
import { handleImportCancel, handleImportRequest } from "@/server/review/import/http";
import { auth } from "@/server/auth";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";
// Parsing a 200 MB export and deduplicating it against the project takes a while on a small server.
export const maxDuration = 300;

/**
 * Upload a search export: `?step=preview` parses and reports, `?step=commit` imports (multipart `file` +
 * `options`); `?step=cancel&importId=…` stops the caller's running import, from the session alone
 * (the embedded database is busy with that import's transaction).
 */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  if (new URL(request.url).searchParams.get("step") === "cancel") {
    const session = await auth();
    return handleImportCancel(session?.user?.id ?? null, projectId, request);
  }
  return handleImportRequest(await getDb(), await currentUser(), projectId, request);
}
