"use client";
import type { CsvMapping, ImportWarning, MappableField } from "@/server/engine/records/types";

export interface Preview {
  fileName: string;
  sizeBytes: number;
  format: string;
  encoding: string;
  recordCount: number;
  sample: { title: string | null; authors: string[]; year: number | null; journal: string | null; doi: string | null; pmid: string | null; type: string }[];
  fieldsFound: [string, number][];
  filled: Record<string, number>;
  warnings: ImportWarning[];
  warningCount: number;
  csv: { headers: string[]; mapping: CsvMapping; preset: string | null } | null;
  sameFile: { name: string; importedAt: string } | null;
}

const FILLED = ["title", "abstract", "authors", "year", "journal", "doi", "pmid", "keywords"];
const where = (w: ImportWarning) => [w.line ? `line ${w.line}` : null, w.record ? `record ${w.record}` : null, w.field ? w.field : null].filter(Boolean).join(", ");

export function PreviewPanel(props: {
  preview: Preview;
  mapping: CsvMapping | undefined;
  fields: readonly MappableField[];
  onMappingChange(m: CsvMapping): void;
  onApplyMapping(): void;
  confirmSame: boolean;
  onConfirmSame(v: boolean): void;
}) {
  const { preview: p } = props;
  const pct = (n: number | undefined) => (p.recordCount ? Math.round(((n ?? 0) / p.recordCount) * 100) : 0);
  return (
    <section className="import-preview" aria-label="Import preview">
      <div className="preview-stats">
        <div><div className="stat">{p.recordCount.toLocaleString()}</div><div className="stat-label">records in {p.fileName}</div></div>
        <div><div className="stat small-stat">{p.format.toUpperCase()}</div><div className="stat-label">format · {p.encoding}</div></div>
        <div><div className="stat small-stat">{(p.sizeBytes / 1048576).toFixed(1)} MB</div><div className="stat-label">file size</div></div>
        <div><div className={`stat small-stat${p.warningCount ? " warn-text" : ""}`}>{p.warningCount}</div><div className="stat-label">warnings</div></div>
      </div>
      {p.sameFile && (
        <div className="alert warn">
          This exact file was already imported as “{p.sameFile.name}” on {new Date(p.sameFile.importedAt).toLocaleDateString()}.
          <label className="inline-check"><input type="checkbox" checked={props.confirmSame} onChange={(e) => props.onConfirmSame(e.target.checked)} /> Import it again anyway</label>
        </div>
      )}
      <h3>Fields found</h3>
      <div className="field-bars">
        {FILLED.map((f) => (
          <div key={f} className="field-bar">
            <span>{f}</span>
            <div className="progress"><span style={{ width: `${pct(p.filled[f])}%` }} /></div>
            <span className="muted num">{pct(p.filled[f])}%</span>
          </div>
        ))}
      </div>
      <p className="muted small-print">Source fields: {p.fieldsFound.slice(0, 40).map(([f, n]) => `${f} (${n})`).join(" · ")}</p>
      {p.csv && props.mapping && (
        <details className="csv-mapping" open>
          <summary>Column mapping {p.csv.preset ? <span className="badge reviewer">{p.csv.preset} layout recognised</span> : <span className="badge maybe">suggested from headers</span>}</summary>
          <div className="mapping-grid">
            {props.fields.map((field) => (
              <label key={field} className="mapping-row">
                <span>{field}</span>
                <select
                  aria-label={`Column for ${field}`}
                  value={props.mapping?.[field]?.[0] ?? ""}
                  onChange={(e) => props.onMappingChange({ ...props.mapping, [field]: e.target.value ? [e.target.value] : [] })}
                >
                  <option value="">—</option>
                  {p.csv!.headers.map((h) => <option key={h} value={h}>{h}</option>)}
                </select>
              </label>
            ))}
          </div>
          <button className="small" onClick={props.onApplyMapping}>Apply mapping</button>
        </details>
      )}
      <h3>First records</h3>
      <table className="data">
        <thead><tr><th>Title</th><th>Authors</th><th className="num">Year</th><th>Journal</th><th>DOI / PMID</th></tr></thead>
        <tbody>
          {p.sample.map((r, i) => (
            <tr key={i}>
              <td>{r.title ?? <span className="muted">(no title)</span>}</td>
              <td className="muted">{r.authors.slice(0, 3).join("; ")}{r.authors.length > 3 ? " et al." : ""}</td>
              <td className="num">{r.year ?? ""}</td>
              <td>{r.journal ?? ""}</td>
              <td className="mono">{r.doi ?? (r.pmid ? `PMID ${r.pmid}` : "")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.warnings.length > 0 && (
        <details className="warnings">
          <summary>{p.warningCount} warning{p.warningCount === 1 ? "" : "s"} (records are still imported)</summary>
          <ul>{p.warnings.map((w, i) => <li key={i}><span className="muted">{where(w)}</span> {w.message}</li>)}</ul>
        </details>
      )}
    </section>
  );
}
