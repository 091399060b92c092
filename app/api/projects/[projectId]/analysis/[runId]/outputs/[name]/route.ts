import { getDb } from "@/db/client";
import { handleOutputRequest } from "@/server/review/analysis-results/http";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";

/** Download one output of an analysis run (members only; others get 404). */
export async function GET(request: Request, { params }: { params: Promise<{ projectId: string; runId: string; name: string }> }) {
  const { projectId, runId, name } = await params;
  return handleOutputRequest(await getDb(), await currentUser(), { projectId, runId, name: decodeURIComponent(name) }, request);
}
