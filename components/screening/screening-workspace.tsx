"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { DecisionPanel } from "./decision-panel";
import { RecordCard } from "./record-card";
import { ScreeningProgress } from "./screening-progress";
import type { Stage } from "./types";
import { useScreeningKeys } from "./use-screening-keys";

type Decision = "include" | "exclude" | "maybe";

/**
 * The screening screen: one record at a time, decided with one key. The record after the current
 * one is prefetched, so a decision shows the next record at once while the write completes.
 */
export function ScreeningWorkspace({ projectId, stage }: { projectId: string; stage: Stage }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [historyPos, setHistoryPos] = useState<number | null>(null);
  const [pinned, setPinned] = useState<string | null>(null);
  const [optimistic, setOptimistic] = useState<{ id: string } | null>(null);
  // Records decided at the head of the queue whose refreshed "next" has not arrived yet: never show them twice.
  const [justDecided, setJustDecided] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [pickingReason, setPickingReason] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  const settingsQ = useQuery(trpc.screening.settings.queryOptions({ projectId }));
  const nextQ = useQuery(trpc.screening.next.queryOptions({ projectId, stage, skip: [] }, { staleTime: 0 }));
  const headId = nextQ.data?.record?.id;
  const aheadQ = useQuery({ ...trpc.screening.next.queryOptions({ projectId, stage, skip: headId ? [headId] : [] }, { staleTime: 0 }), enabled: !!headId });
  const historyQ = useQuery(trpc.screening.history.queryOptions({ projectId, stage }));
  const history = historyQ.data ?? [];
  const viewId = pinned ?? (historyPos !== null ? history[historyPos]?.recordId : optimistic?.id) ?? null;
  const viewQ = useQuery({ ...trpc.screening.record.queryOptions({ projectId, stage, recordId: viewId ?? "" }), enabled: !!viewId });

  const candidate = viewId ? viewQ.data ?? (optimistic?.id === viewId ? aheadQ.data?.record ?? undefined : undefined) : nextQ.data?.record;
  const stale = !pinned && historyPos === null && !!candidate && justDecided.includes(candidate.id);
  const record = stale ? undefined : candidate;
  const loading = stale || (viewId ? !record && viewQ.isLoading : nextQ.isLoading);

  useEffect(() => {
    setOptimistic(null);
    setJustDecided([]);
  }, [nextQ.dataUpdatedAt]);
  useEffect(() => {
    setNote(record?.mine?.note ?? "");
    setPickingReason(false);
  }, [record?.id, record?.mine?.note]);

  const refresh = () => {
    for (const key of [trpc.screening.next.pathKey(), trpc.screening.history.pathKey(), trpc.screening.progress.pathKey(), trpc.screening.record.pathKey()]) {
      void queryClient.invalidateQueries({ queryKey: key });
    }
  };
  const decide = useMutation(trpc.screening.decide.mutationOptions({ onSettled: refresh }));
  const undo = useMutation(trpc.screening.undo.mutationOptions({
    onSuccess: (res) => {
      setHistoryPos(null);
      setPinned(res?.recordId ?? null);
      setFlash(res ? "Last decision undone: decide this record again." : "Nothing to undo.");
    },
    onSettled: refresh,
  }));

  function submit(decision: Decision, reason?: string) {
    if (!record) return;
    const atHead = !viewId || optimistic?.id === viewId;
    decide.mutate({ projectId, recordId: record.id, stage, decision, reason, note: note.trim() || undefined });
    setFlash(null);
    setPickingReason(false);
    setNote("");
    if (pinned) setPinned(null);
    else if (historyPos !== null) setHistoryPos(historyPos + 1 < history.length ? historyPos + 1 : null);
    else if (atHead) {
      setJustDecided((ids) => [...ids, record.id]);
      const ahead = aheadQ.data?.record;
      if (ahead && ahead.id !== record.id && !justDecided.includes(ahead.id)) setOptimistic({ id: ahead.id });
    }
  }

  const reasons = settingsQ.data?.fullTextReasons ?? [];
  const keys: Record<string, () => void> = {
    i: () => submit("include"),
    e: () => (stage === "full_text" ? setPickingReason(true) : submit("exclude")),
    m: () => stage === "title_abstract" && submit("maybe"),
    u: () => undo.mutate({ projectId, stage }),
    n: () => noteRef.current?.focus(),
    ArrowLeft: () => {
      setPinned(null);
      setOptimistic(null);
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
  useScreeningKeys(keys, !!record);

  const position = historyPos !== null ? `Your decision ${historyPos + 1} of ${history.length}` : pinned ? "Undone: decide again" : undefined;
  const settings = settingsQ.data;
  return (
    <div className="screen-layout">
      <div className="screen-main">
        {decide.error && <div className="alert error" role="alert">{errorMessage(decide.error)}</div>}
        {undo.error && <div className="alert error" role="alert">{errorMessage(undo.error)}</div>}
        {flash && <div className="alert info" role="status">{flash}</div>}
        {loading && <div className="card screen-skeleton" aria-busy="true"><div /><div /><div /></div>}
        {!loading && record && (
          <div className="card screen-card" key={record.id}>
            <RecordCard record={record} include={settings?.includeTerms ?? []} exclude={settings?.excludeTerms ?? []} position={position} />
            {record.mine && (
              <div className="screen-mine">
                You decided <span className={`badge ${record.mine.decision}`}>{record.mine.decision}</span>
                {record.mine.reason && <> — {record.mine.reason}</>}. Press another key to change it.
              </div>
            )}
            {record.others && record.others.length > 0 && (
              <div className="screen-others">
                {record.others.map((o, i) => (
                  <span key={i}>{o.reviewerName}: <span className={`badge ${o.decision}`}>{o.decision}</span>{o.reason ? ` (${o.reason})` : ""}</span>
                ))}
              </div>
            )}
          </div>
        )}
        {!loading && !record && <EmptyQueue reason={nextQ.data?.reason ?? "done"} stage={stage} projectId={projectId} />}
      </div>
      <aside className="screen-side">
        <DecisionPanel
          stage={stage}
          disabled={!record}
          busy={decide.isPending}
          current={record?.mine?.decision ?? null}
          note={note}
          onNote={setNote}
          noteRef={noteRef}
          reasons={reasons}
          pickingReason={pickingReason}
          onPickReason={setPickingReason}
          onDecide={submit}
          onUndo={() => undo.mutate({ projectId, stage })}
        />
        <ScreeningProgress projectId={projectId} stage={stage} mine={nextQ.data?.mine} prioritised={nextQ.data?.prioritised ?? false} />
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
      ? ["You are all caught up", "Every record assigned to you has your decision. Conflicts go to the conflicts queue."]
      : ["No full text waiting for you", "Reports appear here once they are retrieved on the Full text page."],
    stopped: ["The stopping rule has been met", "The owner's documented stopping rule says title/abstract screening can stop here."],
    not_screener: ["You are not assigned to screen", "The owner chose who screens in this project's screening settings."],
  };
  const [title, body] = text[reason] ?? text.done;
  return (
    <div className="card empty" role="status">
      <h3>{title}</h3>
      <p>{body}</p>
      <p><a href={`/projects/${projectId}/conflicts`}>Open the conflicts queue</a> · <a href={`/projects/${projectId}/full-text`}>Full texts</a></p>
    </div>
  );
}
