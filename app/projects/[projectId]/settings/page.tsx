import { notFound } from "next/navigation";
import { requireProjectAccess } from "@/server/project-access";
import { ProjectSettingsForm } from "@/components/projects/project-settings-form";

export default async function SettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role, project } = await requireProjectAccess(projectId);
  if (role !== "owner") notFound();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p>The review's title, question and registration appear in the report.</p>
        </div>
      </div>
      <ProjectSettingsForm
        projectId={projectId}
        initial={{ title: project.title, reviewQuestion: project.reviewQuestion, registrationId: project.registrationId ?? "", description: project.description }}
      />
    </>
  );
}
