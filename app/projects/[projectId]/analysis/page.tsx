import { requireProjectAccess } from "@/server/project-access";
import { AnalysisWorkspace } from "@/components/analysis/analysis-workspace";

export default async function AnalysisPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Analyses</h1>
          <p>Run ALE and effect-size meta-analyses on a locked snapshot. Every run keeps its snapshot, parameters and seed, so it can be reproduced exactly.</p>
        </div>
      </div>
      <AnalysisWorkspace projectId={projectId} canStart={role !== "viewer"} />
    </>
  );
}
