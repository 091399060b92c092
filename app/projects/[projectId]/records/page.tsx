import { requireProjectAccess } from "@/server/project-access";
import { RecordsTable } from "@/components/records/records-table";

export default async function RecordsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Records</h1>
          <p>Every imported record. Search words match the start of words in titles, abstracts and authors.</p>
        </div>
      </div>
      <RecordsTable projectId={projectId} />
    </>
  );
}
