import { getDb } from "@/db/client";
import { handleExport } from "@/server/review/snapshot/http";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";

/** Snapshot exports: extraction/foci/quality/outcomes CSV, Sleuth text, NiMARE and NIMADS JSON. */
export async function GET(request: Request, { params }: { params: Promise<{ projectId: string; file: string }> }) {
  const { projectId, file } = await params;
  return handleExport(await getDb(), await currentUser(), projectId, file, request);
}
