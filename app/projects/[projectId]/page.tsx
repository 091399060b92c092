import { requireProjectAccess } from "@/server/project-access";
import { ProjectOverview } from "@/components/projects/project-overview";

export default async function ProjectOverviewPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project, role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{project.title}</h1>
          <p>{project.reviewQuestion || "No review question recorded yet."}</p>
          {project.registrationId && <p className="mono">Registration: {project.registrationId}</p>}
        </div>
      </div>
      <ProjectOverview projectId={projectId} role={role} />
    </>
  );
}
