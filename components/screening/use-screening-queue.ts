"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC, useTRPCClient } from "@/components/trpc/client";
import type { RecordView, Stage } from "./types";

export type Decision = "include" | "exclude" | "maybe";

/** What the reviewer sees of the queue; re-rendered on every change. */
export interface QueueView {
  /** The record at the head of the queue (null while loading or when nothing is left). */
  head: RecordView | null;
  /** True once the server said there is nothing more for the caller and no decision is still being saved. */
  exhausted: boolean;
  reason: "ok" | "done" | "stopped" | "not_screener";
  mine: { done: number; total: number } | null;
  prioritised: boolean;
  saving: number;
  error: unknown;
}

interface State extends QueueView {
  ahead: RecordView[];
  /** Records decided in this tab whose write has not been confirmed: never shown again meanwhile. */
  inflight: Set<string>;
  fetching: boolean;
  again: boolean;
  /** Writes (decisions, undos) started by this tab: a count read while one ran may predate it. */
  writes: number;
  serverSaidEmpty: boolean;
}

const prefetchDepth = 2;

/**
 * The title/abstract or full-text queue as a small state machine: the head record plus up to
 * two prefetched records. Deciding shows the next prefetched record at once (no round trip) while
 * the write completes; refills ask the server to skip what is on screen, buffered or still being
 * saved, so a record is never shown twice and never skipped.
 */
export function useScreeningQueue(projectId: string, stage: Stage) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const state = useRef<State>({
    head: null, ahead: [], inflight: new Set(), fetching: false, again: false, writes: 0, serverSaidEmpty: false,
    exhausted: false, reason: "ok", mine: null, prioritised: false, saving: 0, error: null,
  });
  const [, setTick] = useState(0);
  const render = useCallback(() => setTick((t) => t + 1), []);

  const refill = useCallback(async (): Promise<void> => {
    const s = state.current;
    if (s.fetching) {
      s.again = true;
      return;
    }
    s.fetching = true;
    try {
      do {
        s.again = false;
        const skip = [s.head?.id, ...s.ahead.map((r) => r.id), ...s.inflight].filter((id): id is string => !!id).slice(0, 20);
        const writesAtStart = s.writes;
        const savingAtStart = s.saving;
        const res = await client.screening.next.query({ projectId, stage, skip });
        s.prioritised = res.prioritised;
        // The own count is exact only when no write of this tab started or ran during the request.
        if ((savingAtStart === 0 && s.saving === 0 && s.writes === writesAtStart) || !s.mine) s.mine = res.mine;
        const rec = res.record;
        const known = rec && (rec.id === s.head?.id || s.ahead.some((r) => r.id === rec.id) || s.inflight.has(rec.id));
        if (rec && !known) {
          if (!s.head) s.head = rec;
          else s.ahead.push(rec);
          s.serverSaidEmpty = false;
          if (s.ahead.length < prefetchDepth) s.again = true;
        } else if (!rec) {
          s.serverSaidEmpty = true;
          s.reason = res.reason;
        }
        const exhausted = !s.head && s.serverSaidEmpty && s.inflight.size === 0;
        if (exhausted && !s.exhausted) void queryClient.invalidateQueries({ queryKey: trpc.screening.progress.pathKey() });
        s.exhausted = exhausted;
        render();
      } while (s.again);
    } catch (error) {
      s.error = error;
      render();
    } finally {
      s.fetching = false;
    }
  }, [client, queryClient, trpc, projectId, stage, render]);

  useEffect(() => {
    void refill();
  }, [refill]);

  // Team progress counts every outcome of the stage (one aggregate over the whole pool), so it is
  // refreshed at most every few seconds rather than after every key press.
  const progressAt = useRef(0);
  const invalidateSide = useCallback(() => {
    const keys = [trpc.screening.history.pathKey(), trpc.screening.record.pathKey()];
    if (Date.now() - progressAt.current > 3_000) {
      progressAt.current = Date.now();
      keys.push(trpc.screening.progress.pathKey());
    }
    for (const key of keys) void queryClient.invalidateQueries({ queryKey: key });
  }, [queryClient, trpc]);

  /**
   * Decides `record` (the head, a record from the caller's history, or an undone one). When it is
   * the head, the next buffered record moves up at once.
   */
  const decide = useCallback((record: RecordView, decision: Decision, opts: { reason?: string; note?: string }) => {
    const s = state.current;
    s.error = null;
    const firstTime = !record.mine;
    // Wherever the record sits in the queue (head, buffer, or brought back by an undo), it leaves it.
    s.inflight.add(record.id);
    s.ahead = s.ahead.filter((r) => r.id !== record.id);
    if (s.head?.id === record.id) s.head = s.ahead.shift() ?? null;
    if (firstTime && s.mine) s.mine = { ...s.mine, done: Math.min(s.mine.total, s.mine.done + 1) };
    s.saving++;
    s.writes++;
    render();
    client.screening.decide
      .mutate({ projectId, recordId: record.id, stage, decision, reason: opts.reason, note: opts.note })
      .catch((error: unknown) => {
        s.error = error;
        if (firstTime && s.mine) s.mine = { ...s.mine, done: Math.max(0, s.mine.done - 1) };
      })
      .finally(() => {
        s.saving--;
        s.inflight.delete(record.id);
        invalidateSide();
        void refill();
      });
    void refill();
  }, [client, projectId, stage, refill, render, invalidateSide]);

  /** Undoes the caller's last decision; resolves to the record to decide again (or null). */
  const undo = useCallback(async (): Promise<string | null> => {
    const s = state.current;
    s.error = null;
    s.writes++;
    s.saving++;
    try {
      const res = await client.screening.undo.mutate({ projectId, stage });
      s.saving--;
      if (res && s.mine) s.mine = { ...s.mine, done: Math.max(0, s.mine.done - 1) };
      invalidateSide();
      render();
      void refill();
      return res?.recordId ?? null;
    } catch (error) {
      s.saving--;
      s.error = error;
      render();
      return null;
    }
  }, [client, projectId, stage, render, refill, invalidateSide]);

  const s = state.current;
  const view: QueueView = { head: s.head, exhausted: s.exhausted, reason: s.reason, mine: s.mine, prioritised: s.prioritised, saving: s.saving, error: s.error };
  return { ...view, decide, undo, refill };
}
