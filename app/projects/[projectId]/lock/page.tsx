import { requireProjectAccess } from "@/server/project-access";
import { LockPanel } from "@/components/studies/lock-panel";

export default async function LockPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Lock dataset</h1>
          <p>Locking freezes studies, experiments, foci, outcomes, moderators and quality into an immutable, hashed snapshot that the analyses use.</p>
        </div>
      </div>
      <LockPanel projectId={projectId} myRole={role} />
    </>
  );
}
