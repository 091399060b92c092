import { requireProjectAccess } from "@/server/project-access";
import { roleAtLeast } from "@/server/review/projects/roles";
import { ScreeningTabs } from "@/components/screening/screening-tabs";
import { ScreeningWorkspace } from "@/components/screening/screening-workspace";

export default async function ScreeningPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ stage?: string }> }) {
  const { projectId } = await params;
  const { stage: stageParam } = await searchParams;
  const { role } = await requireProjectAccess(projectId);
  const stage = stageParam === "full_text" ? "full_text" : "title_abstract";
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Screening</h1>
          <p>{stage === "title_abstract" ? "Titles and abstracts, blind to your co-reviewer." : "Full texts: include, or exclude with a reason."} Keys: <kbd>I</kbd> include · <kbd>E</kbd> exclude{stage === "title_abstract" && <> · <kbd>M</kbd> maybe</>} · <kbd>U</kbd> undo.</p>
        </div>
      </div>
      <ScreeningTabs projectId={projectId} active={stage === "full_text" ? "ft" : "ta"} isOwner={role === "owner"} />
      {roleAtLeast(role, "reviewer") ? (
        <ScreeningWorkspace key={stage} projectId={projectId} stage={stage} />
      ) : (
        <div className="card empty"><h3>Viewers do not screen</h3><p>See progress and agreement on the next tab.</p></div>
      )}
    </>
  );
}
