"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Role } from "@/db/roles";
import { errorMessage, useTRPC } from "@/components/trpc/client";

const FILES = [
  ["coordinates-sleuth.txt", "Sleuth / GingerALE text"],
  ["coordinates-nimare.json", "NiMARE Dataset JSON"],
  ["coordinates-nimads.json", "NIMADS Studyset JSON"],
  ["extraction.csv", "Extraction table (CSV)"],
  ["foci.csv", "Foci table (CSV)"],
  ["quality.csv", "Quality table (CSV)"],
  ["outcomes.csv", "Outcomes and moderators (CSV)"],
] as const;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const MODALITIES = ["", "ReHo", "ALFF", "fALFF", "mALFF", "FC", "VBM", "task", "DTI", "other"];

/** Readiness, lock/unlock, the immutable snapshot history with SHA-256, and downloads. */
export function LockPanel({ projectId, myRole }: { projectId: string; myRole: Role }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const overview = useQuery(trpc.snapshots.overview.queryOptions({ projectId }));
  const [reason, setReason] = useState("");
  const [modality, setModality] = useState("");
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries();
  const lock = useMutation(trpc.snapshots.lock.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorMessage(e)) }));
  const unlock = useMutation(trpc.snapshots.unlock.mutationOptions({ onSuccess: () => { setReason(""); refresh(); }, onError: (e) => setError(errorMessage(e)) }));
  const o = overview.data;
  if (!o) return <div className="card empty">Loading…</div>;
  const latest = o.snapshots[0];
  const href = (file: string, version: number | "working") => `/api/projects/${projectId}/exports/${file}?version=${version}${modality ? `&modality=${encodeURIComponent(modality)}` : ""}`;
  return (
    <div className="stack">
      {o.locked && latest ? (
        <div className="card lock-banner locked">
          <div className="lock-title"><svg className="lock-icon" aria-hidden width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round"><rect x="4" y="11" width="16" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" /></svg> Locked as <strong>version {latest.version}</strong></div>
          <div className="sha" aria-label="SHA-256">SHA-256 <code>{latest.sha256}</code></div>
          <div className="muted">{plural(latest.studyCount, "study", "studies")} · {plural(latest.experimentCount, "experiment", "experiments")} · {plural(latest.fociCount, "focus", "foci")} · locked by {latest.lockedBy} on {new Date(latest.lockedAt).toLocaleString()}</div>
          {myRole === "owner" && (
            <div className="row unlock-row">
              <input type="text" aria-label="Reason for unlocking" placeholder="Reason for unlocking (kept in the audit log)" value={reason} onChange={(e) => setReason(e.target.value)} />
              <button className="danger" disabled={unlock.isPending} onClick={() => { setError(null); unlock.mutate({ projectId, reason }); }}>Unlock for version {latest.version + 1}</button>
            </div>
          )}
        </div>
      ) : (
        <div className="card lock-banner">
          <div className="lock-title">{o.latestVersion ? `Unlocked — editing towards version ${o.latestVersion + 1}` : "Not locked yet"}</div>
          {o.readiness.ready ? <div className="alert ok">Every study has a consensus extraction and a consensus quality score.</div> : (
            <div className="alert warn"><strong>Not ready to lock:</strong><ul>{o.readiness.problems.map((p) => <li key={p}>{p}</li>)}</ul></div>
          )}
          {myRole === "owner" && <button className="primary" disabled={!o.readiness.ready || lock.isPending} onClick={() => { setError(null); lock.mutate({ projectId }); }}>Lock dataset as version {o.latestVersion + 1}</button>}
        </div>
      )}
      {error && <div className="alert error" role="alert">{error}</div>}
      <div className="card flush">
        <div className="table-toolbar"><h2 style={{ margin: 0 }}>Snapshots</h2></div>
        <table className="data" aria-label="Snapshots">
          <thead><tr><th>Version</th><th>SHA-256</th><th className="num">Studies</th><th className="num">Experiments</th><th className="num">Foci</th><th>Locked</th><th>Unlocked</th></tr></thead>
          <tbody>
            {o.snapshots.length === 0 && <tr><td colSpan={7} className="empty">No snapshot yet.</td></tr>}
            {o.snapshots.map((s) => (
              <tr key={s.version}>
                <td><strong>v{s.version}</strong></td>
                <td><code className="sha-cell" title={s.sha256}>{s.sha256.slice(0, 16)}…</code></td>
                <td className="num">{s.studyCount}</td><td className="num">{s.experimentCount}</td><td className="num">{s.fociCount}</td>
                <td className="muted">{s.lockedBy}, {new Date(s.lockedAt).toLocaleString()}</td>
                <td className="muted">{s.unlocked ? `${s.unlocked.by}: ${s.unlocked.reason}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2 style={{ margin: 0 }}>Exports</h2>
          <label className="check">Coordinates of modality
            <select aria-label="Export modality" value={modality} onChange={(e) => setModality(e.target.value)} style={{ width: 120 }}>{MODALITIES.map((m) => <option key={m} value={m}>{m || "all"}</option>)}</select>
          </label>
        </div>
        <table className="data mini exports-table">
          <tbody>
            {FILES.map(([file, label]) => (
              <tr key={file}>
                <td>{label}</td>
                <td className="num">
                  {latest && <a className="button small primary" href={href(file, latest.version)}>v{latest.version}</a>}{" "}
                  <a className="button small" href={href(file, "working")}>current data</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
