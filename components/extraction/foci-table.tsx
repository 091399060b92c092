"use client";
import { tal2icbm } from "@/server/engine/cbma/coordinates";
import type { Cell, ExperimentDraft, Row } from "./types";

const num = (v: Cell | undefined) => (v === null || v === undefined || String(v).trim() === "" ? NaN : Number(String(v).replace(/[\u2212\u2013]/g, "-")));
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "—");

/** Editable foci of one experiment; Talairach rows show their MNI equivalent (Lancaster tal2icbm). */
export function FociTable({ experiment, label, onChange, disabled }: { experiment: ExperimentDraft; label: string; onChange: (rows: Row[]) => void; disabled?: boolean }) {
  const rows = experiment.foci ?? [];
  const tal = experiment.space === "TAL";
  const set = (i: number, key: string, v: Cell) => onChange(rows.map((r, j) => (j === i ? { ...r, [key]: v } : r)));
  const input = (i: number, key: string, cls = "num-input") => (
    <input type="text" className={cls} aria-label={`${label} focus ${i + 1} ${key}`} value={String(rows[i][key] ?? "")} disabled={disabled} onChange={(e) => set(i, key, e.target.value)} />
  );
  return (
    <table className="data foci" aria-label={`Foci of ${label}`}>
      <thead>
        <tr><th>#</th><th>x</th><th>y</th><th>z</th>{tal && <th title="Converted with Lancaster tal2icbm">MNI x, y, z</th>}<th>statistic</th><th>value</th><th>direction</th><th>region (as reported)</th><th /></tr>
      </thead>
      <tbody>
        {rows.length === 0 && <tr><td colSpan={tal ? 10 : 9} className="muted">No foci yet: type them or paste the paper&apos;s table.</td></tr>}
        {rows.map((r, i) => {
          const mni = tal ? tal2icbm([num(r.x), num(r.y), num(r.z)], experiment.software ?? "other") : null;
          return (
            <tr key={i}>
              <td className="muted">{i + 1}</td>
              <td>{input(i, "x")}</td><td>{input(i, "y")}</td><td>{input(i, "z")}</td>
              {tal && <td className="mono muted">{mni!.map(fmt).join(", ")}</td>}
              <td>
                <select aria-label={`${label} focus ${i + 1} statistic`} value={String(r.statistic ?? "t")} disabled={disabled} onChange={(e) => set(i, "statistic", e.target.value)}>
                  <option value="t">t</option><option value="z">z</option><option value="p">p</option><option value="none">none</option>
                </select>
              </td>
              <td>{input(i, "value")}</td>
              <td>
                <select aria-label={`${label} focus ${i + 1} direction`} value={String(r.direction ?? "increase")} disabled={disabled} onChange={(e) => set(i, "direction", e.target.value)}>
                  <option value="increase">increase</option><option value="decrease">decrease</option>
                </select>
              </td>
              <td>{input(i, "region", "region-input")}</td>
              <td>{!disabled && <button type="button" className="link small" aria-label={`Remove ${label} focus ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>}</td>
            </tr>
          );
        })}
      </tbody>
      {!disabled && <tfoot><tr><td colSpan={tal ? 10 : 9}><button type="button" className="small" onClick={() => onChange([...rows, { statistic: "t", direction: "increase" }])}>+ Add focus</button></td></tr></tfoot>}
    </table>
  );
}

const OUTCOME_COLUMNS = [
  ["outcome", "Outcome"], ["arm", "Arm"], ["group", "Group (1/2)"], ["timePoint", "Time point"], ["n", "n"], ["mean", "Mean"], ["sd", "SD"], ["events", "Events"], ["total", "Total"],
] as const;

/** Per-arm outcome rows (mean/SD or events/total) of one experiment. */
export function OutcomesTable({ rows, label, onChange, disabled }: { rows: Row[]; label: string; onChange: (rows: Row[]) => void; disabled?: boolean }) {
  const set = (i: number, key: string, v: Cell) => onChange(rows.map((r, j) => (j === i ? { ...r, [key]: v } : r)));
  return (
    <table className="data mini" aria-label={`Outcomes of ${label}`}>
      <thead><tr>{OUTCOME_COLUMNS.map(([, h]) => <th key={h}>{h}</th>)}<th /></tr></thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {OUTCOME_COLUMNS.map(([k]) => (
              <td key={k}>
                {k === "group" ? (
                  <select aria-label={`${label} outcome ${i + 1} group`} value={String(r.group ?? "1")} disabled={disabled} onChange={(e) => set(i, "group", e.target.value)}><option value="1">1 patients</option><option value="2">2 controls</option></select>
                ) : (
                  <input type="text" className={["outcome", "arm", "timePoint"].includes(k) ? "" : "num-input"} aria-label={`${label} outcome ${i + 1} ${k}`} value={String(r[k] ?? "")} disabled={disabled} onChange={(e) => set(i, k, e.target.value)} />
                )}
              </td>
            ))}
            <td>{!disabled && <button type="button" className="link small" onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>}</td>
          </tr>
        ))}
      </tbody>
      {!disabled && <tfoot><tr><td colSpan={10}><button type="button" className="small" onClick={() => onChange([...rows, { group: rows.length % 2 === 0 ? "1" : "2" }])}>+ Add arm</button></td></tr></tfoot>}
    </table>
  );
}

/** Name/value moderators of one experiment. */
export function ModeratorsTable({ rows, label, onChange, disabled }: { rows: Row[]; label: string; onChange: (rows: Row[]) => void; disabled?: boolean }) {
  const set = (i: number, key: string, v: Cell) => onChange(rows.map((r, j) => (j === i ? { ...r, [key]: v } : r)));
  return (
    <div className="moderators">
      {rows.map((r, i) => (
        <div key={i} className="row">
          <input type="text" aria-label={`${label} moderator ${i + 1} name`} placeholder="name, e.g. mean_age" value={String(r.name ?? "")} disabled={disabled} onChange={(e) => set(i, "name", e.target.value)} />
          <input type="text" aria-label={`${label} moderator ${i + 1} value`} placeholder="value" value={String(r.value ?? "")} disabled={disabled} onChange={(e) => set(i, "value", e.target.value)} />
          {!disabled && <button type="button" className="link small" onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>}
        </div>
      ))}
      {!disabled && <button type="button" className="small" onClick={() => onChange([...rows, {}])}>+ Add moderator</button>}
    </div>
  );
}
