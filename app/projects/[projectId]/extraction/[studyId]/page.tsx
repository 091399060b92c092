import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireProjectAccess } from "@/server/project-access";
import { studyLabel } from "@/server/review/studies/study-label";
import { ExtractionEditor } from "@/components/extraction/extraction-editor";

export default async function ExtractStudyPage({ params }: { params: Promise<{ projectId: string; studyId: string }> }) {
  const { projectId, studyId } = await params;
  const { role } = await requireProjectAccess(projectId);
  const label = await studyLabel(await getDb(), projectId, studyId);
  if (!label || role === "viewer") notFound();
  return (
    <>
      <div className="page-header">
        <div>
          <p><Link href={`/projects/${projectId}/extraction`}>← Data extraction</Link></p>
          <h1>{label}</h1>
        </div>
      </div>
      <ExtractionEditor projectId={projectId} studyId={studyId} />
    </>
  );
}
