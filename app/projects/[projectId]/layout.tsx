import type { ReactNode } from "react";
import { ProjectSidebar } from "@/components/layout/project-sidebar";
import { requireProjectAccess } from "@/server/project-access";

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project, role } = await requireProjectAccess(projectId);
  return (
    <div className="project-frame">
      <ProjectSidebar projectId={projectId} title={project.title} role={role} />
      <main className="project-main">{children}</main>
    </div>
  );
}
