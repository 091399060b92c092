import { getDb } from "@/db/client";
import { handleImportRequest } from "@/server/review/import/http";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";
// Parsing a 200 MB export and deduplicating it against the project takes a while on a small server.
export const maxDuration = 300;

/** Upload a search export: `?step=preview` parses and reports, `?step=commit` imports (multipart `file` + `options`). */
export async function POST(request: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return handleImportRequest(await getDb(), await currentUser(), projectId, request);
}
