import { handleAtlasRequest } from "@/server/review/analysis-results/http";

/** The display template and label atlas for the brain viewer (allow-listed files of data/atlas/). */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  return handleAtlasRequest(file);
}
