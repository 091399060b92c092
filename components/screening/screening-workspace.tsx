"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { DecisionPanel } from "./decision-panel";
import { LastDecision, type LastDecisionInfo } from "./last-decision";
import { RecordCard } from "./record-card";
import { ScreeningProgress } from "./screening-progress";
import type { RecordView, Stage } from "./types";
import { useScreeningKeys } from "./use-screening-keys";
import { useScreeningQueue, type Decision } from "./use-screening-queue";

/**
 * The screening screen: one record at a time, decided with one key. The queue hook keeps the next
 * records prefetched, so a decision shows the next record at once while the write completes.
 * Arrow keys walk back through the caller's own decisions; U undoes the last one.
 */
export function ScreeningWorkspace({ projectId, stage }: { projectId: string; stage: Stage }) {
  const trpc = useTRPC();
  const queue = useScreeningQueue(projectId, stage);
  const [historyPos, setHistoryPos] = useState<number | null>(null);
  const [pinned, setPinned] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [pickingReason, setPickingReason] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const [last, setLast] = useState<LastDecisionInfo | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  const settingsQ = useQuery(trpc.screening.settings.queryOptions({ projectId }));
  const historyQ = useQuery(trpc.screening.history.queryOptions({ projectId, stage }));
  const history = historyQ.data ?? [];
  const viewId = pinned ?? (historyPos !== null ? history[historyPos]?.recordId : null) ?? null;
  const viewQ = useQuery({ ...trpc.screening.record.queryOptions({ projectId, stage, recordId: viewId ?? "" }), enabled: !!viewId });
  const record: RecordView | null | undefined = viewId ? viewQ.data : queue.head;
  const loading = viewId ? !record : !record && !queue.exhausted;

  useEffect(() => {
    setNote(record?.mine?.note ?? "");
    setPickingReason(false);
  }, [record?.id, record?.mine?.note]);

  function submit(decision: Decision, reason?: string) {
    if (!record) return;
    queue.decide(record, decision, { reason, note: note.trim() || undefined });
    setLast({ title: record.title, decision, reason: reason ?? null, changed: !!record.mine });
    setFlash(null);
    setPickingReason(false);
    setNote("");
    if (pinned) setPinned(null);
    else if (historyPos !== null) setHistoryPos(historyPos + 1 < history.length ? historyPos + 1 : null);
  }

  async function undo() {
    const recordId = await queue.undo();
    setHistoryPos(null);
    setPinned(recordId);
    setLast(null);
    setFlash(recordId ? "Last decision undone: decide this record again." : "Nothing to undo.");
  }

  const reasons = settingsQ.data?.fullTextReasons ?? [];
  const keys: Record<string, () => void> = {
    i: () => submit("include"),
    e: () => (stage === "full_text" ? setPickingReason(true) : submit("exclude")),
    m: () => stage === "title_abstract" && submit("maybe"),
    u: () => void undo(),
    n: () => noteRef.current?.focus(),
    ArrowLeft: () => {
      setPinned(null);
      const from = historyPos ?? history.length;
      if (from > 0) setHistoryPos(from - 1);
    },
    ArrowRight: () => {
      setPinned(null);
      if (historyPos === null) return;
      setHistoryPos(historyPos + 1 < history.length ? historyPos + 1 : null);
    },
    Escape: () => setPickingReason(false),
  };
  if (pickingReason) reasons.slice(0, 9).forEach((r, i) => (keys[String(i + 1)] = () => submit("exclude", r)));
  useScreeningKeys(keys, true);

  const position = historyPos !== null ? `Your decision ${historyPos + 1} of ${history.length}` : pinned ? "Undone: decide again" : undefined;
  const settings = settingsQ.data;
  const error = queue.error ?? viewQ.error;
  return (
    <div className="screen-layout">
      <div className="screen-main">
        {!!error && <div className="alert error" role="alert">{errorMessage(error)}</div>}
        {flash && <div className="alert info" role="status">{flash}</div>}
        <LastDecision last={last} saving={queue.saving > 0} onUndo={() => void undo()} />
        {loading && <div className="card screen-skeleton" aria-busy="true" aria-label="Loading the next record"><div /><div /><div /><div /></div>}
        {!loading && record && (
          <div className={`card screen-card${record.mine ? ` decided ${record.mine.decision}` : ""}`} key={record.id}>
            <RecordCard record={record} include={settings?.includeTerms ?? []} exclude={settings?.excludeTerms ?? []} position={position} />
            {record.mine && (
              <div className="screen-mine">
                You decided <span className={`badge ${record.mine.decision}`}>{record.mine.decision}</span>
                {record.mine.reason && <> — {record.mine.reason}</>}
                {record.mine.note && <span className="muted">“{record.mine.note}”</span>}
                <span className="muted">Press another key to change it.</span>
              </div>
            )}
            {record.others && record.others.length > 0 && (
              <div className="screen-others">
                <span className="muted">Co-reviewers:</span>
                {record.others.map((o, i) => (
                  <span key={i}>{o.reviewerName} <span className={`badge ${o.decision}`}>{o.decision}</span>{o.reason ? ` (${o.reason})` : ""}</span>
                ))}
              </div>
            )}
          </div>
        )}
        {!loading && !record && <EmptyQueue reason={queue.reason} stage={stage} projectId={projectId} />}
      </div>
      <aside className="screen-side">
        <DecisionPanel
          stage={stage}
          disabled={!record}
          busy={queue.saving > 0}
          current={record?.mine?.decision ?? null}
          note={note}
          onNote={setNote}
          noteRef={noteRef}
          reasons={reasons}
          pickingReason={pickingReason}
          onPickReason={setPickingReason}
          onDecide={submit}
          onUndo={() => void undo()}
        />
        <ScreeningProgress projectId={projectId} stage={stage} mine={queue.mine ?? undefined} prioritised={queue.prioritised} />
        {settings && (settings.inclusionCriteria || settings.exclusionCriteria) && (
          <section className="card criteria" aria-label="Eligibility criteria">
            {settings.inclusionCriteria && (<><h3 className="criteria-in">Include</h3><p>{settings.inclusionCriteria}</p></>)}
            {settings.exclusionCriteria && (<><h3 className="criteria-out">Exclude</h3><p>{settings.exclusionCriteria}</p></>)}
          </section>
        )}
      </aside>
    </div>
  );
}

function EmptyQueue({ reason, stage, projectId }: { reason: string; stage: Stage; projectId: string }) {
  const text: Record<string, [string, string]> = {
    done: stage === "title_abstract"
      ? ["You are all caught up", "Every record assigned to you has your decision. Disagreements wait in the conflicts queue."]
      : ["No full text waiting for you", "Reports appear here once they are retrieved on the Full texts page."],
    stopped: ["The stopping rule has been met", "The owner's documented stopping rule says title/abstract screening can stop here."],
    not_screener: ["You are not assigned to screen", "The owner chose who screens in this project's screening settings."],
  };
  const [title, body] = text[reason] ?? text.done;
  return (
    <div className="card empty screen-empty" role="status">
      <div className="screen-empty-mark" aria-hidden="true">✓</div>
      <h3>{title}</h3>
      <p>{body}</p>
      <p><a href={`/projects/${projectId}/conflicts`}>Open the conflicts queue</a> · <a href={`/projects/${projectId}/full-text`}>Full texts</a> · <kbd>←</kbd> review your decisions</p>
    </div>
  );
}
