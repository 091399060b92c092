"use client";
import type { RefObject } from "react";
import type { Stage } from "./types";

type Decision = "include" | "exclude" | "maybe";

interface Props {
  stage: Stage;
  disabled: boolean;
  busy: boolean;
  current: Decision | null;
  note: string;
  onNote: (v: string) => void;
  noteRef: RefObject<HTMLTextAreaElement | null>;
  reasons: string[];
  pickingReason: boolean;
  onPickReason: (v: boolean) => void;
  onDecide: (d: Decision, reason?: string) => void;
  onUndo: () => void;
}

/** The decision buttons with their keys, the optional note, and (full text) the exclusion reason picker. */
export function DecisionPanel(p: Props) {
  const buttons: { d: Decision; key: string; label: string }[] = [
    { d: "include", key: "I", label: "Include" },
    { d: "exclude", key: "E", label: p.stage === "full_text" ? "Exclude…" : "Exclude" },
    ...(p.stage === "title_abstract" ? [{ d: "maybe" as const, key: "M", label: "Maybe" }] : []),
  ];
  return (
    <section className="card decision-panel" aria-label="Decision">
      <div className={`decision-buttons n${buttons.length}`}>
        {buttons.map((b) => (
          <button
            key={b.d}
            type="button"
            className={`decide ${b.d}${p.current === b.d ? " current" : ""}`}
            disabled={p.disabled}
            aria-keyshortcuts={b.key}
            onClick={() => (b.d === "exclude" && p.stage === "full_text" ? p.onPickReason(true) : p.onDecide(b.d))}
          >
            <span className="decide-label">{b.label}</span>
            <kbd>{b.key}</kbd>
          </button>
        ))}
      </div>
      {p.pickingReason && (
        <div className="reason-picker" role="listbox" aria-label="Exclusion reason">
          <div className="reason-head">Why exclude? Press a number <kbd>Esc</kbd> cancels</div>
          {p.reasons.map((r, i) => (
            <button key={r} type="button" role="option" aria-selected={false} className="reason" onClick={() => p.onDecide("exclude", r)}>
              <kbd>{i < 9 ? i + 1 : "·"}</kbd> {r}
            </button>
          ))}
        </div>
      )}
      <label htmlFor="screen-note" className="note-label">Note <span className="muted">(optional, <kbd>N</kbd>; <kbd>Esc</kbd> to leave)</span></label>
      <textarea id="screen-note" ref={p.noteRef} className="screen-note" value={p.note} onChange={(e) => p.onNote(e.target.value)} placeholder="e.g. ROI-only? check methods" rows={2} />
      <div className="shortcut-row">
        <span><kbd>←</kbd><kbd>→</kbd> previous / next</span>
        <button type="button" className="link" onClick={p.onUndo} aria-keyshortcuts="U"><kbd>U</kbd> undo last</button>
        {p.busy && <span className="saving" aria-live="polite">saving…</span>}
      </div>
    </section>
  );
}
