"use client";

/** The decision just made, shown at once (before the server confirms) so every key press has visible feedback. */
export interface LastDecisionInfo {
  title: string;
  decision: "include" | "exclude" | "maybe";
  reason: string | null;
  /** True when it replaced an earlier decision of the caller. */
  changed: boolean;
}

const verb = { include: "Included", exclude: "Excluded", maybe: "Maybe" } as const;

export function LastDecision({ last, saving, onUndo }: { last: LastDecisionInfo | null; saving: boolean; onUndo: () => void }) {
  if (!last) return null;
  return (
    <div className={`last-decision ${last.decision}`} role="status" aria-live="polite" key={`${last.title}|${last.decision}`}>
      <span className={`badge ${last.decision}`}>{verb[last.decision]}{last.changed ? " (changed)" : ""}</span>
      <span className="last-title" title={last.title}>{last.title}</span>
      {last.reason && <span className="muted">— {last.reason}</span>}
      <span className="last-state">{saving ? "saving…" : "saved"}</span>
      <button type="button" className="link" onClick={onUndo} aria-keyshortcuts="U"><kbd>U</kbd> undo</button>
    </div>
  );
}
