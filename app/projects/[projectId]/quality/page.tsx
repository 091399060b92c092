import { requireProjectAccess } from "@/server/project-access";
import { QualityPanel } from "@/components/quality/quality-panel";

export default async function QualityPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Quality</h1>
          <p>Two reviewers score each study independently; disagreements are settled in a consensus (a third reviewer decides when needed).</p>
        </div>
      </div>
      <QualityPanel projectId={projectId} myRole={role} />
    </>
  );
}
