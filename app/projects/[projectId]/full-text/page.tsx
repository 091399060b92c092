import { requireProjectAccess } from "@/server/project-access";
import { roleAtLeast } from "@/server/review/projects/roles";
import { FullTextTable } from "@/components/screening/full-text-table";

export default async function FullTextPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Full texts</h1>
          <p>Every record included at title/abstract is sought. Upload the PDF or add a link, or say why it could not be retrieved.</p>
        </div>
        <a className="button primary" href={`/projects/${projectId}/screening?stage=full_text`}>Screen full texts</a>
      </div>
      <FullTextTable projectId={projectId} canEdit={roleAtLeast(role, "reviewer")} />
    </>
  );
}
