import { downloadAccess } from "@/server/download-access";
import { getPrismaReport } from "@/server/review/prisma/get-prisma-counts";
import { prismaContentTypes, renderPrisma, type PrismaFormat } from "@/server/review/prisma/render";

export const dynamic = "force-dynamic";

export async function GET(_req: Request, { params }: { params: Promise<{ projectId: string; format: string }> }) {
  const { projectId, format } = await params;
  if (!(format in prismaContentTypes)) return new Response("Unknown format; use svg, png, pdf or csv.", { status: 404 });
  const access = await downloadAccess(projectId);
  if (!access) return new Response("Not found", { status: 404 });
  const { counts } = await getPrismaReport(access.db, projectId);
  const body = await renderPrisma(counts, format as PrismaFormat);
  return new Response(Buffer.from(body), {
    headers: {
      "Content-Type": prismaContentTypes[format as PrismaFormat],
      "Content-Disposition": `attachment; filename="prisma-2020-flow-diagram.${format}"`,
      "Cache-Control": "no-store",
    },
  });
}
