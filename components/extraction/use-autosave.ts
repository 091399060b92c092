"use client";
import { useCallback, useEffect, useRef, useState } from "react";

export type SaveState = { kind: "idle" } | { kind: "pending" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "error"; message: string };

/**
 * Never lose typing: every change is written to localStorage at once and sent to the server
 * after `delayMs` of quiet (and on page hide). A failed save keeps the local copy and retries
 * with the next change.
 */
export function useAutosave<T>(storageKey: string, save: (value: T) => Promise<unknown>, delayMs = 700) {
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef<T | null>(null);
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const value = latest.current;
    if (value === null) return;
    latest.current = null;
    setState({ kind: "saving" });
    try {
      await saveRef.current(value);
      setState({ kind: "saved", at: new Date() });
      localStorage.removeItem(storageKey);
    } catch (e) {
      setState({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  }, [storageKey]);

  const change = useCallback(
    (value: T) => {
      latest.current = value;
      try {
        localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), value }));
      } catch {
        // storage full or disabled: the server save below still runs
      }
      setState({ kind: "pending" });
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, delayMs);
    },
    [storageKey, delayMs, flush],
  );

  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener("pagehide", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      void flush();
    };
  }, [flush]);

  return { state, change, flush };
}

/** A local copy newer than the server's draft (typed while offline or before a failed save). */
export function readLocalCopy<T>(storageKey: string, serverUpdatedAt: Date | null): T | null {
  try {
    const raw = localStorage.getItem(storageKey);
    if (!raw) return null;
    const { at, value } = JSON.parse(raw) as { at: number; value: T };
    return !serverUpdatedAt || at > new Date(serverUpdatedAt).getTime() ? value : null;
  } catch {
    return null;
  }
}

export function describeSave(state: SaveState): string {
  switch (state.kind) {
    case "pending": return "Unsaved changes…";
    case "saving": return "Saving…";
    case "saved": return `All changes saved ${state.at.toLocaleTimeString()}`;
    case "error": return `Not saved (kept in this browser): ${state.message}`;
    default: return "Drafts save automatically as you type.";
  }
}
