import { notFound } from "next/navigation";
import { requireProjectAccess } from "@/server/project-access";
import { ScreeningSettingsForm } from "@/components/screening/screening-settings-form";
import { ScreeningTabs } from "@/components/screening/screening-tabs";

export default async function ScreeningSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  if (role !== "owner") notFound();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Screening settings</h1>
          <p>Who screens, the criteria shown beside every record, highlight terms, exclusion reasons, prioritisation and the stopping rule.</p>
        </div>
      </div>
      <ScreeningTabs projectId={projectId} active="settings" isOwner />
      <ScreeningSettingsForm projectId={projectId} />
    </>
  );
}
