"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

const fmt = (x: number | null | undefined, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? "—" : x.toFixed(d));

/** Studies × items (consensus, colour-coded), totals, and agreement between the two raters. */
export function QualitySummary({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.quality.summary.queryOptions({ projectId }));
  const d = summary.data;
  if (!d) return null;
  const a = d.agreement;
  return (
    <>
      <div className="grid-3">
        <div className="card"><div className="stat">κw = {fmt(a.weightedKappa?.kappa)}</div><div className="stat-label">linear weighted kappa over {a.pairs} item ratings{a.weightedKappa ? ` · 95% CI ${fmt(a.weightedKappa.ci95[0])} to ${fmt(a.weightedKappa.ci95[1])}` : ""}</div></div>
        <div className="card"><div className="stat">ICC = {fmt(a.iccTotals?.icc)}</div><div className="stat-label">ICC(2,1) of the two raters&apos; totals over {a.studies} studies{a.iccTotals ? ` · 95% CI ${fmt(a.iccTotals.ci95[0])} to ${fmt(a.iccTotals.ci95[1])}` : ""}</div></div>
        <div className="card"><div className="stat">{fmt(a.percentAgreement, 1)}%</div><div className="stat-label">item ratings identical{a.note ? ` · ${a.note}` : ""}</div></div>
      </div>
      <div className="card flush">
        <div className="table-toolbar row" style={{ justifyContent: "space-between" }}>
          <h2 style={{ margin: 0 }}>Consensus scores</h2>
          <a className="button small" href={`/api/projects/${projectId}/exports/quality.csv?version=working`}>Download CSV</a>
        </div>
        <table className="data quality-grid" aria-label="Consensus quality scores">
          <thead><tr><th>Study</th>{d.checklist.items.map((i, n) => <th key={i.key} className="num" title={i.text}>{n + 1}</th>)}<th className="num">Total</th></tr></thead>
          <tbody>
            {d.table.map((r) => (
              <tr key={r.studyId}>
                <td>{r.label}</td>
                {d.checklist.items.map((i) => { const v = r.scores[i.key]; return <td key={i.key} className={`num q-cell ${v === null ? "q-none" : v >= 1 ? "q-full" : v > 0 ? "q-partial" : "q-unmet"}`}>{v ?? ""}</td>; })}
                <td className="num"><strong>{r.total ?? "—"}</strong></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
