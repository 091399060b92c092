"use client";
import type { FieldDef } from "@/server/review/extraction/form-schema";
import type { Cell, Row } from "./types";

type ScalarDef = Pick<FieldDef, "key" | "label" | "type" | "options" | "min" | "max">;

/** One scalar input (also used for table cells). Numbers stay strings while typed. */
export function ScalarInput({ def, value, onChange, disabled, id }: { def: ScalarDef; value: Cell | undefined; onChange: (v: Cell) => void; disabled?: boolean; id?: string }) {
  const v = value === null || value === undefined ? "" : value;
  switch (def.type) {
    case "select":
      return (
        <select id={id} aria-label={def.label} value={String(v)} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {def.options?.map((o) => <option key={o}>{o}</option>)}
        </select>
      );
    case "yesno":
      return (
        <select id={id} aria-label={def.label} value={v === true ? "yes" : v === false ? "no" : String(v)} disabled={disabled} onChange={(e) => onChange(e.target.value === "" ? null : e.target.value === "yes")}>
          <option value="">—</option><option value="yes">yes</option><option value="no">no</option>
        </select>
      );
    case "date":
      return <input id={id} aria-label={def.label} type="date" value={String(v)} disabled={disabled} onChange={(e) => onChange(e.target.value)} />;
    case "number":
    case "integer":
      return <input id={id} aria-label={def.label} type="text" inputMode="decimal" className="num-input" value={String(v)} disabled={disabled} onChange={(e) => onChange(e.target.value)} />;
    default:
      return <input id={id} aria-label={def.label} type="text" value={String(v)} disabled={disabled} onChange={(e) => onChange(e.target.value)} />;
  }
}

/** A study-level field of the form: scalar, multi-select or repeating table. */
export function FieldInput({ def, value, onChange, disabled }: { def: FieldDef; value: unknown; onChange: (v: unknown) => void; disabled?: boolean }) {
  const id = `f-${def.key}`;
  let control: React.ReactNode;
  if (def.type === "multiselect") {
    const list = Array.isArray(value) ? (value as string[]) : [];
    control = (
      <div role="group" aria-label={def.label} className="chips">
        {def.options?.map((o) => (
          <label key={o} className="check">
            <input type="checkbox" disabled={disabled} checked={list.includes(o)} onChange={(e) => onChange(e.target.checked ? [...list, o] : list.filter((x) => x !== o))} /> {o}
          </label>
        ))}
      </div>
    );
  } else if (def.type === "table") {
    const rows = (Array.isArray(value) ? value : []) as Row[];
    const set = (i: number, key: string, v: Cell) => onChange(rows.map((r, j) => (j === i ? { ...r, [key]: v } : r)));
    control = (
      <table className="data mini" aria-label={def.label}>
        <thead><tr>{def.columns?.map((c) => <th key={c.key}>{c.label}</th>)}<th /></tr></thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {def.columns?.map((c) => <td key={c.key}><ScalarInput def={{ ...c, label: `${def.label} row ${i + 1} ${c.label}` }} value={r[c.key]} disabled={disabled} onChange={(v) => set(i, c.key, v)} /></td>)}
              <td>{!disabled && <button type="button" className="link small" aria-label={`Remove ${def.label} row ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>×</button>}</td>
            </tr>
          ))}
        </tbody>
        {!disabled && <tfoot><tr><td colSpan={(def.columns?.length ?? 0) + 1}><button type="button" className="small" onClick={() => onChange([...rows, {}])}>+ Add row</button></td></tr></tfoot>}
      </table>
    );
  } else control = <ScalarInput id={id} def={def} value={value as Cell} onChange={onChange} disabled={disabled} />;
  return (
    <div className={`field${def.type === "table" || def.type === "multiselect" ? " wide" : ""}`}>
      <label htmlFor={def.type === "table" || def.type === "multiselect" ? undefined : id}>{def.label}{def.required && <span className="req" title="required"> *</span>}</label>
      {control}
      {def.help && <div className="hint">{def.help}</div>}
    </div>
  );
}
