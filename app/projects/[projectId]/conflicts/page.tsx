import { requireProjectAccess } from "@/server/project-access";
import { roleAtLeast } from "@/server/review/projects/roles";
import { ConflictsQueue } from "@/components/screening/conflicts-queue";

export default async function ConflictsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ stage?: string }> }) {
  const { projectId } = await params;
  const { stage } = await searchParams;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Conflicts</h1>
          <p>Records where reviewers disagreed or said maybe. An adjudicator decides, or both reviewers record their consensus; the reason is kept.</p>
        </div>
      </div>
      <ConflictsQueue projectId={projectId} initialStage={stage === "full_text" ? "full_text" : "title_abstract"} canAdjudicate={roleAtLeast(role, "adjudicator")} canConsensus={roleAtLeast(role, "reviewer")} />
    </>
  );
}
