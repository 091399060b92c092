import { requireProjectAccess } from "@/server/project-access";
import { AgreementReport } from "@/components/screening/agreement-report";
import { ScreeningTabs } from "@/components/screening/screening-tabs";

export default async function AgreementPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Screening progress and agreement</h1>
          <p>PRISMA counts, Cohen's kappa per reviewer pair, and the method as it will appear in the report.</p>
        </div>
      </div>
      <ScreeningTabs projectId={projectId} active="agreement" isOwner={role === "owner"} />
      <AgreementReport projectId={projectId} />
    </>
  );
}
