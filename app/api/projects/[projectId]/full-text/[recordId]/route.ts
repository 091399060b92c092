import { getDb } from "@/db/client";
import { handleFullTextDownload, handleFullTextUpload } from "@/server/review/screening/full-text-http";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ projectId: string; recordId: string }> };

/** Download a report's PDF (project members only). */
export async function GET(_request: Request, { params }: Params) {
  const { projectId, recordId } = await params;
  return handleFullTextDownload(await getDb(), await currentUser(), projectId, recordId);
}

/** Upload a report's PDF (multipart field `file`; reviewers and above). */
export async function POST(request: Request, { params }: Params) {
  const { projectId, recordId } = await params;
  return handleFullTextUpload(await getDb(), await currentUser(), projectId, recordId, request);
}
