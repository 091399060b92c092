import { notFound } from "next/navigation";
import { requireProjectAccess } from "@/server/project-access";
import { AuditTable } from "@/components/projects/audit-table";

export default async function AuditPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  if (role !== "owner") notFound();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p>Every change in this project: who made it, when, and the values before and after.</p>
        </div>
      </div>
      <AuditTable projectId={projectId} />
    </>
  );
}
