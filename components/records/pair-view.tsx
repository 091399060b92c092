"use client";

type Value = string | number | string[] | null;
interface Side { id: string; sourceName: string; sourceIndex: number; [field: string]: Value | undefined }
export interface PairData { kept: Side; other: Side; differing: string[]; evidence: Record<string, unknown> }

const FIELDS: [string, string][] = [
  ["title", "Title"],
  ["authors", "Authors"],
  ["year", "Year"],
  ["journal", "Journal"],
  ["volume", "Volume"],
  ["issue", "Issue"],
  ["pages", "Pages"],
  ["doi", "DOI"],
  ["pmid", "PMID"],
  ["language", "Language"],
  ["type", "Type"],
  ["abstract", "Abstract"],
];

const show = (v: Value | undefined) => (Array.isArray(v) ? v.join("; ") : v === null || v === undefined ? "" : String(v));

/** Two records side by side; rows whose normalised values differ are highlighted. */
export function PairView({ pair, swapped }: { pair: PairData; swapped: boolean }) {
  const [left, right] = swapped ? [pair.other, pair.kept] : [pair.kept, pair.other];
  const differing = new Set(pair.differing);
  return (
    <table className="pair-table" aria-label="Duplicate pair">
      <thead>
        <tr>
          <th />
          <th><span className="badge include">keep</span> {left.sourceName} <span className="muted">#{left.sourceIndex}</span></th>
          <th><span className="badge exclude">merge into the kept record</span> {right.sourceName} <span className="muted">#{right.sourceIndex}</span></th>
        </tr>
      </thead>
      <tbody>
        {FIELDS.map(([field, label]) => {
          const a = show(left[field]);
          const b = show(right[field]);
          if (!a && !b) return null;
          const diff = differing.has(field);
          return (
            <tr key={field} className={diff ? "differs" : "same"}>
              <th>{label}{diff && <span className="diff-mark" title="differs"> ≠</span>}</th>
              <td className={field === "abstract" ? "abstract-cell" : undefined}>{a || <span className="muted">—</span>}</td>
              <td className={field === "abstract" ? "abstract-cell" : undefined}>{b || <span className="muted">—</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
