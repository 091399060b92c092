"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Role } from "@/db/roles";
import { roleAtLeast } from "@/server/review/projects/roles";
import { projectNav, type NavItem } from "./project-nav";

export function ProjectSidebar({ projectId, title, role }: { projectId: string; title: string; role: Role }) {
  const pathname = usePathname();
  const base = `/projects/${projectId}`;
  const groups: NavItem["group"][] = ["Review", "Analysis", "Project"];
  const visible = projectNav.filter((item) => !item.minRole || roleAtLeast(role, item.minRole));
  return (
    <nav className="sidebar" aria-label="Project stages">
      <div className="project-title">
        {title}
        <div><span className={`badge ${role}`}>{role}</span></div>
      </div>
      {groups.map((group) => {
        const items = visible.filter((i) => i.group === group);
        if (!items.length) return null;
        return (
          <div key={group}>
            <div className="group">{group}</div>
            {items.map((item) => {
              const href = item.path ? `${base}/${item.path}` : base;
              const active = item.path ? pathname.startsWith(href) : pathname === base;
              return (
                <Link key={item.path} href={href} className={active ? "active" : undefined}>
                  {item.label}
                </Link>
              );
            })}
          </div>
        );
      })}
    </nav>
  );
}
