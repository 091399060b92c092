import { requireProjectAccess } from "@/server/project-access";
import { roleAtLeast } from "@/server/review/projects/roles";
import { DuplicateReview } from "@/components/records/duplicate-review";

export default async function DuplicatesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Duplicates</h1>
          <p>Certain duplicates are merged automatically; possible ones wait here. Every decision can be undone.</p>
        </div>
      </div>
      <DuplicateReview projectId={projectId} canDecide={roleAtLeast(role, "reviewer")} />
    </>
  );
}
