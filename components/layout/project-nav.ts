import type { Role } from "@/db/roles";

export interface NavItem {
  /** Path below /projects/[projectId]; "" is the overview. */
  path: string;
  label: string;
  group: "Review" | "Analysis" | "Project";
  /** Hidden from members below this role. */
  minRole?: Role;
}

/**
 * The project's stages in workflow order. Each stage adds its entry here when its page exists,
 * so the sidebar never links to a page that is not there.
 */
export const projectNav: NavItem[] = [
  { path: "", label: "Overview", group: "Review" },
  { path: "import", label: "Import", group: "Review" },
  { path: "records", label: "Records", group: "Review" },
  { path: "duplicates", label: "Duplicates", group: "Review" },
  { path: "screening", label: "Screening", group: "Review" },
  { path: "conflicts", label: "Conflicts", group: "Review" },
  { path: "full-text", label: "Full texts", group: "Review" },
  { path: "studies", label: "Studies", group: "Review" },
  { path: "extraction", label: "Extraction", group: "Review" },
  { path: "quality", label: "Quality", group: "Review" },
  { path: "lock", label: "Lock dataset", group: "Review" },
  { path: "analysis", label: "Analyses", group: "Analysis" },
  { path: "prisma", label: "PRISMA diagram", group: "Analysis" },
  { path: "report", label: "Report", group: "Analysis" },
  { path: "members", label: "Team", group: "Project" },
  { path: "settings", label: "Settings", group: "Project", minRole: "owner" },
  { path: "audit", label: "Audit log", group: "Project", minRole: "owner" },
];
