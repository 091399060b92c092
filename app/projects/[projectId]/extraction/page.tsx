import Link from "next/link";
import { requireProjectAccess } from "@/server/project-access";
import { ExtractionList } from "@/components/extraction/extraction-list";

export default async function ExtractionPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Data extraction</h1>
          <p>Two reviewers extract every study independently and blind; the comparison opens once both have submitted.</p>
        </div>
        {role === "owner" && <Link className="button" href={`/projects/${projectId}/extraction/form`}>Edit extraction form</Link>}
      </div>
      <ExtractionList projectId={projectId} myRole={role} />
    </>
  );
}
