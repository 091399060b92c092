import { requireProjectAccess } from "@/server/project-access";
import { roleAtLeast } from "@/server/review/projects/roles";
import { RecordsTable } from "@/components/records/records-table";

export default async function RecordsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Records</h1>
          <p>Every imported record. Search words match the start of words in titles, abstracts and authors.</p>
          {roleAtLeast(role, "adjudicator") && <p>Tick records (or filter them) to remove them before screening: marked as ineligible by an automation tool, or for another reason.</p>}
        </div>
      </div>
      <RecordsTable projectId={projectId} canRemove={roleAtLeast(role, "adjudicator")} />
    </>
  );
}
