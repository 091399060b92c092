"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { stageLabel, type ConflictItem as Item, type Stage } from "./types";

/** The conflicts queue of a stage, each with the reviewers' decisions and a resolution form. */
export function ConflictsQueue({ projectId, initialStage, canAdjudicate, canConsensus }: { projectId: string; initialStage: Stage; canAdjudicate: boolean; canConsensus: boolean }) {
  const trpc = useTRPC();
  const [stage, setStage] = useState<Stage>(initialStage);
  const [showResolved, setShowResolved] = useState(false);
  const list = useQuery(trpc.conflicts.list.queryOptions({ projectId, stage, includeResolved: showResolved }));
  const settings = useQuery(trpc.screening.settings.queryOptions({ projectId }));
  const items = list.data ?? [];
  const open = items.filter((c) => c.status === "open").length;
  return (
    <>
      <div className="row conflicts-toolbar">
        <nav className="tabs inline" aria-label="Stage">
          {(["title_abstract", "full_text"] as const).map((s) => (
            <button key={s} type="button" className={s === stage ? "active" : undefined} aria-pressed={s === stage} onClick={() => setStage(s)}>{stageLabel[s]}</button>
          ))}
        </nav>
        <label className="check"><input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> Show resolved (history)</label>
        <span className="muted">{open} open</span>
      </div>
      {list.isLoading && <div className="card" aria-busy="true">Loading…</div>}
      {!list.isLoading && items.length === 0 && <div className="card empty"><h3>No conflicts</h3><p>When two reviewers disagree or someone says maybe, the record appears here.</p></div>}
      {items.map((c) => (
        <ConflictCard key={c.recordId} projectId={projectId} stage={stage} item={c} reasons={settings.data?.fullTextReasons ?? []} canAdjudicate={canAdjudicate} canConsensus={canConsensus} />
      ))}
    </>
  );
}


function ConflictCard({ projectId, stage, item, reasons, canAdjudicate, canConsensus }: { projectId: string; stage: Stage; item: Item; reasons: string[]; canAdjudicate: boolean; canConsensus: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [decision, setDecision] = useState<"include" | "exclude">("include");
  const [reason, setReason] = useState(reasons[0] ?? "");
  const [rationale, setRationale] = useState("");
  const [consensus, setConsensus] = useState(!canAdjudicate);
  const [showHistory, setShowHistory] = useState(false);
  const history = useQuery({ ...trpc.conflicts.history.queryOptions({ projectId, stage, recordId: item.recordId }), enabled: showHistory });
  const resolve = useMutation(trpc.conflicts.resolve.mutationOptions({
    onSuccess: () => {
      setRationale("");
      for (const k of [trpc.conflicts.list.pathKey(), trpc.conflicts.history.pathKey(), trpc.screening.progress.pathKey()]) void queryClient.invalidateQueries({ queryKey: k });
    },
  }));
  const id = item.recordId.slice(0, 8);
  return (
    <article className={`card conflict ${item.status}`} aria-label={`Conflict: ${item.title}`}>
      <div className="conflict-head">
        <div>
          <h3>{item.title}</h3>
          <div className="muted small-text">{[item.journal, item.year].filter(Boolean).join(" · ")}</div>
        </div>
        <span className={`badge ${item.status === "open" ? "maybe" : item.resolution?.decision}`}>{item.status === "open" ? "open" : `resolved: ${item.resolution?.decision}`}</span>
      </div>
      <ul className="conflict-decisions">
        {item.decisions.map((d) => (
          <li key={d.reviewerId}>
            <strong>{d.reviewerName}</strong> <span className={`badge ${d.decision}`}>{d.decision}</span>
            {d.reason && <span className="muted"> — {d.reason}</span>}
            {d.note && <span className="conflict-note">“{d.note}”</span>}
          </li>
        ))}
      </ul>
      {item.resolution && (
        <p className="resolution-line">
          {item.resolution.consensus ? "Consensus" : "Adjudicated"} by {item.resolution.resolvedByName}: <strong>{item.resolution.decision}</strong>
          {item.resolution.reason && ` (${item.resolution.reason})`} — {item.resolution.rationale}
        </p>
      )}
      {(canAdjudicate || canConsensus) && (
        <form
          className="resolve-form"
          onSubmit={(e) => {
            e.preventDefault();
            resolve.mutate({ projectId, recordId: item.recordId, stage, decision, reason: stage === "full_text" && decision === "exclude" ? reason : undefined, rationale, consensus });
          }}
        >
          <fieldset className="plain resolve-choice">
            <legend className="sr-only">Final decision</legend>
            <label className="check"><input type="radio" name={`d-${id}`} checked={decision === "include"} onChange={() => setDecision("include")} /> Include</label>
            <label className="check"><input type="radio" name={`d-${id}`} checked={decision === "exclude"} onChange={() => setDecision("exclude")} /> Exclude</label>
            {stage === "full_text" && decision === "exclude" && (
              <select aria-label="Exclusion reason" value={reason} onChange={(e) => setReason(e.target.value)}>
                {reasons.map((r) => <option key={r}>{r}</option>)}
              </select>
            )}
          </fieldset>
          <input type="text" aria-label={`Reason for the resolution of ${item.title}`} placeholder="Why? (kept in the history)" value={rationale} onChange={(e) => setRationale(e.target.value)} required minLength={3} />
          {canAdjudicate && <label className="check"><input type="checkbox" checked={consensus} onChange={(e) => setConsensus(e.target.checked)} /> Consensus of both reviewers</label>}
          <button className="primary" type="submit" disabled={resolve.isPending}>{item.status === "open" ? "Resolve" : "Re-resolve"}</button>
        </form>
      )}
      {resolve.error && <div className="alert error" role="alert">{errorMessage(resolve.error)}</div>}
      <button type="button" className="link small-text" onClick={() => setShowHistory(!showHistory)}>{showHistory ? "Hide" : "Show"} resolution history</button>
      {showHistory && (
        <ol className="history">
          {history.isLoading && <li className="muted">Loading the history…</li>}
          {history.data?.length === 0 && <li className="muted">No resolutions yet.</li>}
          {(history.data ?? []).map((h, i) => (
            <li key={i} className={h.supersededAt ? "superseded" : undefined}>
              {new Date(h.resolvedAt).toLocaleString()} — {h.resolvedByName}: {h.decision}{h.reason ? ` (${h.reason})` : ""} — {h.rationale}{h.supersededAt ? " (superseded)" : ""}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
