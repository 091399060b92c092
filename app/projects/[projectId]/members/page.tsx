import { requireProjectAccess } from "@/server/project-access";
import { TeamPanel } from "@/components/projects/team-panel";

export default async function MembersPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role, user } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Team</h1>
          <p>Owners manage the project; reviewers screen and extract; adjudicators also resolve conflicts; viewers read only.</p>
        </div>
      </div>
      <TeamPanel projectId={projectId} myRole={role} myUserId={user.id} />
    </>
  );
}
