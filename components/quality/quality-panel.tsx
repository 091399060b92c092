"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import type { Role } from "@/db/roles";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { QualityConsensus } from "./quality-consensus";
import { QualitySummary } from "./quality-summary";
import { ScoreForm } from "./score-form";

function parseCustomItems(text: string) {
  // One item per line: "key | statement | label=score, label=score"
  return text.split("\n").map((l) => l.split("|").map((x) => x.trim())).filter((p) => p[0]).map(([key, statement, opts]) => ({
    key, text: statement ?? key, options: (opts ?? "yes=1, no=0").split(",").map((o) => { const [label, score] = o.split("=").map((x) => x.trim()); return { label, score: Number(score) }; }),
  }));
}

/** Checklist choice, per-study blind scoring and consensus, and the summary with agreement. */
export function QualityPanel({ projectId, myRole }: { projectId: string; myRole: Role }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const status = useQuery(trpc.quality.status.queryOptions({ projectId }));
  const [open, setOpen] = useState<{ id: string; mode: "score" | "consensus" } | null>(null);
  const [custom, setCustom] = useState<string | null>(null);
  const [customName, setCustomName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.quality.pathKey() });
  const choose = useMutation(trpc.quality.chooseChecklist.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorMessage(e)) }));
  const create = useMutation(trpc.quality.createChecklist.mutationOptions({ onSuccess: () => { setCustom(null); refresh(); }, onError: (e) => setError(errorMessage(e)) }));
  const s = status.data;
  if (!s) return <div className="card empty">Loading…</div>;
  const canScore = myRole !== "viewer";
  return (
    <div className="stack">
      <div className="card row" style={{ justifyContent: "space-between" }}>
        <div><strong>{s.checklist.name}</strong> <span className="muted">· {s.checklist.items.length} items · scored 1 / 0.5 / 0 by two reviewers independently</span></div>
        {myRole === "owner" && (
          <div className="row">
            <button className="small" disabled={s.checklist.preset === "neuro10"} onClick={() => choose.mutate({ projectId, preset: "neuro10" })}>Use 10-point</button>
            <button className="small" disabled={s.checklist.preset === "neuro11"} onClick={() => choose.mutate({ projectId, preset: "neuro11" })}>Use 11-item</button>
            <button className="small" onClick={() => setCustom(custom === null ? "" : null)}>Custom checklist…</button>
          </div>
        )}
      </div>
      {custom !== null && (
        <div className="card">
          <h3>New custom checklist</h3>
          <div className="field"><label htmlFor="cl-name">Name</label><input id="cl-name" type="text" value={customName} onChange={(e) => setCustomName(e.target.value)} /></div>
          <div className="field"><label htmlFor="cl-items">Items (one per line: key | statement | label=score, label=score)</label>
            <textarea id="cl-items" value={custom} onChange={(e) => setCustom(e.target.value)} placeholder={"motion | Head motion was controlled | yes=1, partly=0.5, no=0"} /></div>
          <button className="primary" onClick={() => create.mutate({ projectId, name: customName, items: parseCustomItems(custom) })}>Create and use</button>
        </div>
      )}
      {error && <div className="alert error" role="alert">{error}</div>}
      <div className="card flush">
        <table className="data" aria-label="Quality scoring status">
          <thead><tr><th>Study</th><th>You</th><th>Raters</th><th className="num">Consensus total</th><th /></tr></thead>
          <tbody>
            {s.studies.length === 0 && <tr><td colSpan={5} className="empty">No studies yet.</td></tr>}
            {s.studies.map((r) => (
              <Fragment key={r.studyId}>
                <tr>
                  <td><strong>{r.label}</strong></td>
                  <td>{r.myStatus ? <span className={`badge ${r.myStatus === "submitted" ? "include" : "pending"}`}>{r.myStatus}{r.myTotal !== null ? ` · ${r.myTotal}` : ""}</span> : <span className="muted">—</span>}</td>
                  <td>{r.submittedCount} of 2 submitted</td>
                  <td className="num">{r.consensusTotal ?? "—"}</td>
                  <td className="num">
                    {canScore && (r.myStatus || r.raterCount < 2) && <button className="small" onClick={() => setOpen(open?.id === r.studyId && open.mode === "score" ? null : { id: r.studyId, mode: "score" })}>{r.myStatus === "submitted" ? "My scores" : "Score"}</button>}{" "}
                    {canScore && r.submittedCount === 2 && <button className="small primary" onClick={() => setOpen(open?.id === r.studyId && open.mode === "consensus" ? null : { id: r.studyId, mode: "consensus" })}>Consensus</button>}
                  </td>
                </tr>
                {open?.id === r.studyId && (
                  <tr className="expanded"><td colSpan={5}>{open.mode === "score" ? <ScoreForm projectId={projectId} studyId={r.studyId} onDone={() => setOpen(null)} /> : <QualityConsensus projectId={projectId} studyId={r.studyId} />}</td></tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      <QualitySummary projectId={projectId} />
    </div>
  );
}
