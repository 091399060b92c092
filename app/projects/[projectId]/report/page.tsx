import { getDb } from "@/db/client";
import { requireProjectAccess } from "@/server/project-access";
import { buildReport } from "@/server/review/report/build-report";
import { renderReportHtml, reportCss } from "@/server/review/report/render-report-html";
import { PrintButton } from "@/components/report/print-button";

export const dynamic = "force-dynamic";

export default async function ReportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectAccess(projectId);
  const report = await buildReport(await getDb(), projectId);
  return (
    <>
      <div className="page-header no-print">
        <div>
          <h1>Report</h1>
          <p>Methods written from the project's real settings, the PRISMA diagram, study tables, results and figures. Print it to PDF or download it as one HTML file.</p>
        </div>
        <div className="row">
          <PrintButton />
          <a className="button" href={`/api/projects/${projectId}/report`} download>Download HTML</a>
        </div>
      </div>
      <style>{reportCss}</style>
      <div className="card" dangerouslySetInnerHTML={{ __html: renderReportHtml(report) }} />
    </>
  );
}
