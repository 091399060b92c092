"use client";
import { highlightRuns } from "./highlight";
import type { RecordView } from "./types";

function Highlighted({ text, include, exclude }: { text: string; include: string[]; exclude: string[] }) {
  return (
    <>
      {highlightRuns(text, include, exclude).map((run, i) =>
        run.kind ? <mark key={i} className={`hl-${run.kind}`}>{run.text}</mark> : <span key={i}>{run.text}</span>,
      )}
    </>
  );
}

/** The record being screened: everything a reviewer reads, with the project's terms highlighted. */
export function RecordCard({ record, include, exclude, position }: { record: RecordView; include: string[]; exclude: string[]; position?: string }) {
  const authors = record.authors.length > 6 ? `${record.authors.slice(0, 6).join("; ")}; … (${record.authors.length} authors)` : record.authors.join("; ");
  return (
    <article className="screen-record" aria-label="Record being screened">
      <div className="screen-meta">
        {record.journal && <span>{record.journal}</span>}
        {record.year && <span>{record.year}</span>}
        {record.doi && <a href={`https://doi.org/${record.doi}`} target="_blank" rel="noreferrer">doi:{record.doi}</a>}
        {record.pmid && <a href={`https://pubmed.ncbi.nlm.nih.gov/${record.pmid}/`} target="_blank" rel="noreferrer">PMID {record.pmid}</a>}
        {position && <span className="screen-position">{position}</span>}
      </div>
      <h2 className="screen-title"><Highlighted text={record.title} include={include} exclude={exclude} /></h2>
      {authors && <p className="screen-authors">{authors}</p>}
      <div className="screen-abstract">
        {record.abstract ? (
          record.abstract.split(/\n{2,}/).map((para, i) => <p key={i}><Highlighted text={para} include={include} exclude={exclude} /></p>)
        ) : (
          <p className="muted">No abstract in the import. Decide on the title, or mark maybe.</p>
        )}
      </div>
      {record.keywords.length > 0 && (
        <div className="screen-keywords">
          {record.keywords.map((k) => <span key={k} className="chip"><Highlighted text={k} include={include} exclude={exclude} /></span>)}
        </div>
      )}
    </article>
  );
}
