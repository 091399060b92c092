import Link from "next/link";

/** Tabs across the screening pages (server component: plain links). */
export function ScreeningTabs({ projectId, active, isOwner }: { projectId: string; active: "ta" | "ft" | "agreement" | "settings"; isOwner: boolean }) {
  const base = `/projects/${projectId}/screening`;
  const tabs = [
    { id: "ta", href: base, label: "Title & abstract" },
    { id: "ft", href: `${base}?stage=full_text`, label: "Full text" },
    { id: "agreement", href: `${base}/agreement`, label: "Progress & agreement" },
    ...(isOwner ? [{ id: "settings", href: `${base}/settings`, label: "Settings" }] : []),
  ];
  return (
    <nav className="tabs" aria-label="Screening">
      {tabs.map((t) => (
        <Link key={t.id} href={t.href} className={t.id === active ? "active" : undefined} aria-current={t.id === active ? "page" : undefined}>{t.label}</Link>
      ))}
    </nav>
  );
}
