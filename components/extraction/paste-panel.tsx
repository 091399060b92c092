"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { PasteResult } from "@/server/review/extraction/paste-coordinates";
import type { Row } from "./types";

const fmt = (p: [number, number, number] | null) => (p ? p.map((v) => (Number.isInteger(v) ? v : v.toFixed(1))).join(", ") : "—");

/** Paste a results table, preview what was understood (mask check on the server), then add the foci. */
export function PastePanel({ projectId, space, software, onAdd, onClose }: { projectId: string; space: "MNI" | "TAL"; software: "spm" | "fsl" | "other"; onAdd: (rows: Row[]) => void; onClose: () => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [statistic, setStatistic] = useState<"t" | "z" | "p" | "none">("t");
  const [result, setResult] = useState<PasteResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const preview = useMutation(trpc.extraction.previewPaste.mutationOptions({ onSuccess: setResult, onError: (e) => setError(errorMessage(e)) }));
  const usable = result?.rows.filter((r) => r.status !== "rejected") ?? [];
  return (
    <div className="paste-panel">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h3 style={{ margin: 0 }}>Paste coordinates <span className="muted">({space}{space === "TAL" ? `, converted with tal2icbm (${software})` : ""})</span></h3>
        <button type="button" className="link small" onClick={onClose}>Close</button>
      </div>
      <textarea aria-label="Pasted coordinates" placeholder={"Copy rows from the paper's table, e.g.\nL insula\t−42\t22\t−4\t5.12\nR precuneus (6, −60, 52) 4.31"} value={text} onChange={(e) => { setText(e.target.value); setResult(null); }} />
      <div className="row">
        <label className="check">Value column is
          <select aria-label="Statistic of the value column" value={statistic} onChange={(e) => setStatistic(e.target.value as typeof statistic)} style={{ width: 90 }}><option value="t">t</option><option value="z">z</option><option value="p">p</option><option value="none">none</option></select>
        </label>
        <button type="button" className="small" disabled={!text.trim() || preview.isPending} onClick={() => { setError(null); preview.mutate({ projectId, text, options: { space, variant: software, statistic } }); }}>Preview</button>
        {result && <span className="muted">{result.counts.ok} ok · {result.counts.outsideMask} outside mask · {result.counts.rejected} rejected · {result.counts.skipped} header lines skipped</span>}
      </div>
      {error && <div className="alert error">{error}</div>}
      {result && (
        <table className="data mini" aria-label="Paste preview">
          <thead><tr><th>line</th><th>reported</th>{space === "TAL" && <th>MNI</th>}<th>stat</th><th>direction</th><th>region</th><th>check</th></tr></thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.line} className={`paste-${r.status}`}>
                <td className="muted">{r.line}</td>
                <td className="mono">{fmt(r.original)}</td>
                {space === "TAL" && <td className="mono">{fmt(r.mni)}</td>}
                <td>{r.statistic === "none" ? "—" : `${r.statistic} = ${r.value}`}</td>
                <td>{r.direction}</td>
                <td>{r.region}</td>
                <td>{r.status === "ok" ? <span className="badge include">ok</span> : <span className={`badge ${r.status === "rejected" ? "exclude" : "maybe"}`}>{r.status}</span>} <span className="small-text">{r.messages.join("; ")}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result && (
        <button type="button" className="primary small" disabled={usable.length === 0} onClick={() => {
          onAdd(usable.map((r) => ({ x: String(r.original![0]), y: String(r.original![1]), z: String(r.original![2]), statistic: r.statistic, value: r.value === null ? "" : String(r.value), direction: r.direction, region: r.region })));
          onClose();
        }}>Add {usable.length} foc{usable.length === 1 ? "us" : "i"}{result.counts.rejected ? ` (skip ${result.counts.rejected} rejected)` : ""}</button>
      )}
    </div>
  );
}
