import { requireProjectAccess } from "@/server/project-access";
import { StudiesPanel } from "@/components/studies/studies-panel";

export default async function StudiesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Studies</h1>
          <p>Group the included reports into studies (one cohort, one or more reports), then split each study into experiments or contrasts.</p>
        </div>
      </div>
      <StudiesPanel projectId={projectId} myRole={role} />
    </>
  );
}
