import { requireProjectAccess } from "@/server/project-access";
import { roleAtLeast } from "@/server/review/projects/roles";
import { ImportWizard } from "@/components/import/import-wizard";
import { SourcesPanel } from "@/components/import/sources-panel";

export default async function ImportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Search import</h1>
          <p>One file per database search. Records are deduplicated against the whole project after each import.</p>
        </div>
      </div>
      <SourcesPanel projectId={projectId} canDelete={roleAtLeast(role, "owner")} />
      <ImportWizard projectId={projectId} canImport={roleAtLeast(role, "reviewer")} />
    </>
  );
}
