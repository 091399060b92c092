import { requireUser } from "@/server/require-user";
import { ProjectList } from "@/components/projects/project-list";

export default async function ProjectsPage() {
  await requireUser("/projects");
  return (
    <main className="page">
      <ProjectList />
    </main>
  );
}
