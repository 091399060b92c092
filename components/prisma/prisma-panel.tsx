"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

export function PrismaPanel({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const diagram = useQuery(trpc.prisma.diagram.queryOptions({ projectId }));
  if (!diagram.data) return <p className="muted">Loading…</p>;
  const { pending, problems, notes, reportsWithoutStudy, svg, counts } = diagram.data;
  const inProgress = pending.records + pending.recordConflicts + pending.reports + pending.reportConflicts;
  const href = (f: string) => `/api/projects/${projectId}/prisma/${f}`;
  const empty = counts.databases.length + counts.registers.length === 0 && !counts.otherMethods;
  return (
    <div className="stack">
      {empty && <div className="alert info">No search has been imported yet: the boxes fill in as you import, deduplicate and screen.</div>}
      {inProgress > 0 && (
        <div className="alert warn">
          Screening is still in progress ({pending.records} records awaiting decisions, {pending.recordConflicts} title/abstract conflicts, {pending.reports} full-text reports awaiting decisions, {pending.reportConflicts} full-text conflicts). The diagram is provisional.
        </div>
      )}
      {problems.length > 0 && inProgress === 0 && (
        <div className="alert error">The numbers do not add up yet: {problems.join("; ")}.</div>
      )}
      {problems.length === 0 && !empty && <div className="alert ok">Every box adds up.</div>}
      {reportsWithoutStudy > 0 && <div className="alert info">{reportsWithoutStudy} included report(s) are not yet grouped into a study on the Studies page.</div>}
      <div className="row no-print">
        <a className="button" href={href("svg")} download>Download SVG</a>
        <a className="button" href={href("png")} download>PNG (300 dpi)</a>
        <a className="button" href={href("pdf")} download>PDF</a>
        <a className="button" href={href("csv")} download title="The CSV layout of the PRISMA2020 R package / Shiny app">CSV for the PRISMA2020 app</a>
      </div>
      <div className="card" style={{ overflowX: "auto" }} aria-label="PRISMA 2020 flow diagram" dangerouslySetInnerHTML={{ __html: svg }} />
      {notes.map((n) => <p key={n} className="muted small">{n}</p>)}
    </div>
  );
}
