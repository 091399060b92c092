"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { DecisionList } from "./decision-list";
import { PairView } from "./pair-view";

/** The review queue of possible duplicates: one pair at a time, side by side, with keyboard shortcuts. */
export function DuplicateReview({ projectId, canDecide }: { projectId: string; canDecide: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [skip, setSkip] = useState(0);
  const [swapped, setSwapped] = useState(false);
  const [lastPairId, setLastPairId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stats = useQuery(trpc.dedup.stats.queryOptions({ projectId }));
  const queue = useQuery(trpc.dedup.queue.queryOptions({ projectId, offset: skip, limit: 1 }));
  const pair = queue.data?.pairs[0];
  const refresh = async () => {
    setSwapped(false);
    setError(null);
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.dedup.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.records.pathKey() })]);
  };
  const options = { onSuccess: async (r: { pairId: string }) => { setLastPairId(r.pairId); await refresh(); }, onError: (e: unknown) => setError(errorMessage(e)) };
  const merge = useMutation(trpc.dedup.merge.mutationOptions(options));
  const keepBoth = useMutation(trpc.dedup.notDuplicate.mutationOptions(options));
  const undo = useMutation(trpc.dedup.undo.mutationOptions({ onSuccess: async () => { setLastPairId(null); setSkip(0); await refresh(); }, onError: (e) => setError(errorMessage(e)) }));
  const busy = merge.isPending || keepBoth.isPending || undo.isPending;

  const doMerge = useCallback(() => {
    if (!pair || busy || !canDecide) return;
    merge.mutate({ projectId, pairId: pair.id, keepId: swapped ? pair.other.id : pair.kept.id });
  }, [pair, busy, canDecide, merge, projectId, swapped]);
  const doKeepBoth = useCallback(() => {
    if (!pair || busy || !canDecide) return;
    keepBoth.mutate({ projectId, pairId: pair.id });
  }, [pair, busy, canDecide, keepBoth, projectId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      const key = e.key.toLowerCase();
      if (key === "m") doMerge();
      else if (key === "n") doKeepBoth();
      else if (key === "s") setSwapped((v) => !v);
      else if (key === "arrowright" || key === "j") setSkip((v) => Math.min(v + 1, Math.max(0, (queue.data?.total ?? 1) - 1)));
      else if (key === "arrowleft" || key === "k") setSkip((v) => Math.max(0, v - 1));
      else if (key === "z" && lastPairId && canDecide && !busy) undo.mutate({ projectId, pairId: lastPairId });
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [doMerge, doKeepBoth, lastPairId, undo, projectId, canDecide, busy, queue.data?.total]);

  const s = stats.data;
  return (
    <>
      {s && (
        <div className="card prisma-counts" aria-label="Duplicate counts">
          <div><div className="stat" data-testid="dedup-pending">{s.pending}</div><div className="stat-label">pairs to review</div></div>
          <div><div className="stat">{s.autoMerged}</div><div className="stat-label">merged automatically</div></div>
          <div><div className="stat">{s.manuallyMerged}</div><div className="stat-label">merged by reviewers</div></div>
          <div><div className="stat">{s.notDuplicate}</div><div className="stat-label">kept as different</div></div>
        </div>
      )}
      {error && <div className="alert error" role="alert">{error}</div>}
      {pair ? (
        <div className="card pair-card">
          <div className="pair-head">
            <h2>Possible duplicate {skip + 1} of {queue.data?.total}</h2>
            <span className="muted">similarity {Math.round(pair.score * 100)}% · {pair.differing.length} field{pair.differing.length === 1 ? "" : "s"} differ</span>
          </div>
          <PairView pair={pair} swapped={swapped} />
          {canDecide ? (
            <div className="row decision-bar">
              <button className="primary" onClick={doMerge} disabled={busy}>Merge <kbd>M</kbd></button>
              <button onClick={doKeepBoth} disabled={busy}>Not duplicates — keep both <kbd>N</kbd></button>
              <button onClick={() => setSwapped((v) => !v)} disabled={busy}>Keep the other one <kbd>S</kbd></button>
              <span className="spacer" />
              <button className="small" onClick={() => setSkip((v) => Math.max(0, v - 1))} disabled={skip === 0}>‹ <kbd>K</kbd></button>
              <button className="small" onClick={() => setSkip((v) => v + 1)} disabled={skip + 1 >= (queue.data?.total ?? 0)}><kbd>J</kbd> ›</button>
              {lastPairId && <button className="small" onClick={() => undo.mutate({ projectId, pairId: lastPairId })} disabled={busy}>Undo last <kbd>Z</kbd></button>}
            </div>
          ) : (
            <div className="alert info">Viewers can look at the queue; reviewers decide.</div>
          )}
        </div>
      ) : (
        queue.data && (
          <div className="card empty">
            <h3>No possible duplicates left to review</h3>
            <p>{lastPairId ? <button className="link" onClick={() => undo.mutate({ projectId, pairId: lastPairId })}>Undo the last decision</button> : "New imports are checked against every record automatically."}</p>
          </div>
        )
      )}
      <DecisionList projectId={projectId} canDecide={canDecide} onUndo={(pairId) => undo.mutate({ projectId, pairId })} busy={busy} />
    </>
  );
}
