"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { stageLabel, type PairAgreement, type Stage } from "./types";

const fmt = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? "—" : x.toFixed(d));

/** PRISMA screening counts, per-pair agreement at both stages, and the methods paragraph. */
export function AgreementReport({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const counts = useQuery(trpc.screening.counts.queryOptions({ projectId }));
  const method = useQuery(trpc.screening.method.queryOptions({ projectId }));
  const c = counts.data;
  return (
    <>
      {c && (
        <div className="grid-3">
          <div className="card"><div className="stat">{c.recordsScreened} / {c.recordsToScreen}</div><div className="stat-label">records screened (title/abstract) · {c.recordsExcluded} excluded · {c.recordsInConflict} in conflict</div></div>
          <div className="card"><div className="stat">{c.reportsAssessed} / {c.reportsSought}</div><div className="stat-label">reports assessed / sought · {c.reportsNotRetrieved} not retrieved</div></div>
          <div className="card"><div className="stat">{c.reportsIncluded}</div><div className="stat-label">reports included · {c.reportsExcluded} excluded at full text</div></div>
        </div>
      )}
      {c && c.excludedByReason.length > 0 && (
        <div className="card"><h2>Full-text exclusions by reason</h2><table className="data"><tbody>{c.excludedByReason.map((r) => <tr key={r.reason}><td>{r.reason}</td><td className="num">{r.n}</td></tr>)}</tbody></table></div>
      )}
      {(["title_abstract", "full_text"] as const).map((s) => <StageAgreement key={s} projectId={projectId} stage={s} />)}
      {method.data && (
        <div className="card">
          <h2>Method (for the report)</h2>
          <p>{method.data.text}</p>
          {method.data.model.retrainMs !== null && <p className="muted small-text">Last retrain {method.data.model.retrainMs.toFixed(0)} ms on {method.data.model.records.toLocaleString()} records ({method.data.model.labelledRelevant} relevant, {method.data.model.labelledIrrelevant} irrelevant labels).</p>}
        </div>
      )}
    </>
  );
}

function StageAgreement({ projectId, stage }: { projectId: string; stage: Stage }) {
  const trpc = useTRPC();
  const pairs = useQuery(trpc.screening.agreement.queryOptions({ projectId, stage }));
  return (
    <section className="card">
      <h2>Agreement: {stageLabel[stage]}</h2>
      {(pairs.data ?? []).length === 0 && <p className="muted">No record has been decided by two reviewers yet.</p>}
      <div className="pair-grid">{(pairs.data ?? []).map((p) => <PairCard key={`${p.reviewerA.id}${p.reviewerB.id}`} pair={p} />)}</div>
    </section>
  );
}

function PairCard({ pair }: { pair: PairAgreement }) {
  return (
    <div className="pair">
      <h3>{pair.reviewerA.name} × {pair.reviewerB.name} <span className="muted">n = {pair.n}</span></h3>
      <div className="kappa-line">
        <span className="stat">κ = {fmt(pair.kappa)}</span>
        <span className="muted">95% CI {pair.ci95 ? `${fmt(pair.ci95[0])} to ${fmt(pair.ci95[1])}` : "—"} · agreement {fmt(pair.percentAgreement, 1)}%</span>
      </div>
      <table className="data contingency" aria-label={`Decisions of ${pair.reviewerA.name} (rows) against ${pair.reviewerB.name} (columns)`}>
        <thead><tr><th>{pair.reviewerA.name} ↓ / {pair.reviewerB.name} →</th>{pair.categories.map((c) => <th key={c} className="num">{c}</th>)}</tr></thead>
        <tbody>{pair.categories.map((r, i) => <tr key={r}><th>{r}</th>{pair.counts[i].map((n, j) => <td key={j} className={`num${i === j ? " diag" : ""}`}>{n}</td>)}</tr>)}</tbody>
      </table>
    </div>
  );
}
