import { downloadAccess } from "@/server/download-access";
import { buildReport } from "@/server/review/report/build-report";
import { standaloneReportHtml } from "@/server/review/report/render-report-html";

export const dynamic = "force-dynamic";

/** The report as one self-contained HTML file (figures inline), ready to print to PDF. */
export async function GET(_req: Request, { params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const access = await downloadAccess(projectId);
  if (!access) return new Response("Not found", { status: 404 });
  const html = standaloneReportHtml(await buildReport(access.db, projectId));
  return new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Content-Disposition": 'attachment; filename="concord-report.html"', "Cache-Control": "no-store" },
  });
}
