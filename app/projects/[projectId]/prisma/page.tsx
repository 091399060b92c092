import { requireProjectAccess } from "@/server/project-access";
import { PrismaPanel } from "@/components/prisma/prisma-panel";

export default async function PrismaPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  await requireProjectAccess(projectId);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>PRISMA 2020 flow diagram</h1>
          <p>Drawn live from the project's imports, deduplication and screening decisions — never typed in by hand.</p>
        </div>
      </div>
      <PrismaPanel projectId={projectId} />
    </>
  );
}
