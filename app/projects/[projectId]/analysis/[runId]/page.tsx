import { RunResults } from "@/components/analysis-results/run-results";
import { requireProjectAccess } from "@/server/project-access";

export default async function AnalysisRunPage({ params }: { params: Promise<{ projectId: string; runId: string }> }) {
  const { projectId, runId } = await params;
  await requireProjectAccess(projectId);
  return <RunResults projectId={projectId} runId={runId} />;
}
