import { getDb } from "@/db/client";
import { handleExportRequest } from "@/server/review/import/http";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";

/** Download a record set as RIS or CSV: `?set=all|screenable|duplicates|source:<id>&format=ris|csv`. */
export async function GET(request: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return handleExportRequest(await getDb(), await currentUser(), projectId, request);
}
