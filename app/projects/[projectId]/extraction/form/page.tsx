import { notFound } from "next/navigation";
import { requireProjectAccess } from "@/server/project-access";
import { FormBuilder } from "@/components/extraction/form-builder";

export default async function FormBuilderPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { role } = await requireProjectAccess(projectId);
  if (role !== "owner") notFound();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Extraction form</h1>
          <p>Study-level fields. Saving creates the next version; extractions already started keep the version they began with.</p>
        </div>
      </div>
      <FormBuilder projectId={projectId} />
    </>
  );
}
