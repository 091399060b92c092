"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { REASON_LABEL } from "./removal-actions";

/** Every field of one record, shown under its row in the records table. */
export function RecordDetail({ projectId, recordId }: { projectId: string; recordId: string }) {
  const trpc = useTRPC();
  const record = useQuery(trpc.records.get.queryOptions({ projectId, recordId }));
  const r = record.data;
  if (!r) return <div className="muted">Loading…</div>;
  const removed = !r.duplicateOf && (r.removalReason === "automation" || r.removalReason === "other");
  return (
    <div className="record-detail">
      {removed && (
        <p className="alert warn small-print">
          Removed before screening: {REASON_LABEL[r.removalReason as "automation" | "other"]}{r.removalNote ? ` — ${r.removalNote}` : " (no note)"}.
        </p>
      )}
      {r.otherTitles.length > 0 && <p className="muted">{r.otherTitles.join(" · ")}</p>}
      <p>{r.authors.join("; ")}</p>
      <p className="muted">
        {[r.journal, r.year, r.volume && `${r.volume}${r.issue ? `(${r.issue})` : ""}`, r.pages].filter(Boolean).join(" · ")}
        {r.doi && <> · <a href={`https://doi.org/${r.doi}`} target="_blank" rel="noreferrer">doi:{r.doi}</a></>}
        {r.pmid && <> · <a href={`https://pubmed.ncbi.nlm.nih.gov/${r.pmid}/`} target="_blank" rel="noreferrer">PMID {r.pmid}</a></>}
      </p>
      {r.abstract ? <p className="abstract">{r.abstract}</p> : <p className="muted">No abstract.</p>}
      {r.keywords.length > 0 && <p className="muted">Keywords: {r.keywords.join("; ")}</p>}
      <p className="small-print muted">
        From {r.sourceName} ({r.sourceFile}), record {r.sourceIndex}
        {r.duplicates.length > 0 && <> · merged duplicates: {r.duplicates.map((d) => d.sourceName).join(", ")}</>}
      </p>
    </div>
  );
}
