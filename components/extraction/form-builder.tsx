"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { FieldDef } from "@/server/review/extraction/form-schema";

const TYPES = ["text", "number", "integer", "select", "multiselect", "yesno", "date", "table"] as const;
const COLUMN_TYPES = ["text", "number", "integer", "select", "yesno", "date"];

const columnsToText = (f: FieldDef) => (f.columns ?? []).map((c) => `${c.key} | ${c.label} | ${c.type}`).join("\n");
function textToColumns(text: string) {
  return text.split("\n").map((l) => l.split("|").map((x) => x.trim())).filter((p) => p[0]).map(([key, label, type]) => ({ key, label: label || key, type: (COLUMN_TYPES.includes(type) ? type : "text") as "text" }));
}

/** Owner's form builder: edit the study-level fields and save them as the next form version. */
export function FormBuilder({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useQuery(trpc.extraction.form.queryOptions({ projectId }));
  const versions = useQuery(trpc.extraction.formVersions.queryOptions({ projectId }));
  const [fields, setFields] = useState<FieldDef[] | null>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  useEffect(() => { if (form.data && !fields) { setFields(form.data.definition.fields); setName(form.data.name); } }, [form.data, fields]);
  const save = useMutation(trpc.extraction.saveForm.mutationOptions({
    onSuccess: (v) => { setOk(`Saved as version ${v.version}. New extractions use it; started ones keep their version.`); qc.invalidateQueries({ queryKey: trpc.extraction.pathKey() }); },
    onError: (e) => setError(errorMessage(e)),
  }));
  if (!fields) return <div className="card empty">Loading…</div>;
  const set = (i: number, patch: Partial<FieldDef>) => setFields(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const move = (i: number, d: number) => { const next = [...fields]; const [f] = next.splice(i, 1); next.splice(i + d, 0, f); setFields(next); };
  return (
    <div className="stack">
      <div className="card row" style={{ justifyContent: "space-between" }}>
        <div className="row"><label htmlFor="form-name" style={{ margin: 0 }}>Form name</label><input id="form-name" type="text" value={name} onChange={(e) => setName(e.target.value)} style={{ width: 280 }} /></div>
        <div className="row">
          <span className="muted">Current: v{form.data?.version} · history {versions.data?.map((v) => `v${v.version}`).join(", ") || "template only"}</span>
          <button className="primary" disabled={save.isPending} onClick={() => { setError(null); setOk(null); save.mutate({ projectId, name, definition: { fields } }); }}>Save as new version</button>
        </div>
      </div>
      {error && <div className="alert error" role="alert">{error}</div>}
      {ok && <div className="alert ok" role="status">{ok}</div>}
      <div className="card flush">
        <table className="data form-builder" aria-label="Form fields">
          <thead><tr><th>Key</th><th>Label</th><th>Type</th><th>Section</th><th>Options / columns</th><th>Req.</th><th /></tr></thead>
          <tbody>
            {fields.map((f, i) => (
              <tr key={i}>
                <td><input type="text" className="mono" aria-label={`Field ${i + 1} key`} value={f.key} onChange={(e) => set(i, { key: e.target.value })} /></td>
                <td><input type="text" aria-label={`Field ${i + 1} label`} value={f.label} onChange={(e) => set(i, { label: e.target.value })} /></td>
                <td><select aria-label={`Field ${i + 1} type`} value={f.type} onChange={(e) => set(i, { type: e.target.value as FieldDef["type"] })}>{TYPES.map((t) => <option key={t}>{t}</option>)}</select></td>
                <td><input type="text" aria-label={`Field ${i + 1} section`} value={f.section} onChange={(e) => set(i, { section: e.target.value })} /></td>
                <td>
                  {(f.type === "select" || f.type === "multiselect") && <input type="text" aria-label={`Field ${i + 1} options`} placeholder="comma-separated" value={(f.options ?? []).join(", ")} onChange={(e) => set(i, { options: e.target.value.split(",").map((x) => x.trim()).filter(Boolean) })} />}
                  {f.type === "table" && <textarea aria-label={`Field ${i + 1} columns`} placeholder="key | label | type (one per line)" value={columnsToText(f)} onChange={(e) => set(i, { columns: textToColumns(e.target.value) })} />}
                </td>
                <td><input type="checkbox" aria-label={`Field ${i + 1} required`} checked={f.required} onChange={(e) => set(i, { required: e.target.checked })} /></td>
                <td className="num" style={{ whiteSpace: "nowrap" }}>
                  <button className="link small" disabled={i === 0} onClick={() => move(i, -1)} aria-label="Move up">↑</button>{" "}
                  <button className="link small" disabled={i === fields.length - 1} onClick={() => move(i, 1)} aria-label="Move down">↓</button>{" "}
                  <button className="link small" onClick={() => setFields(fields.filter((_, j) => j !== i))} aria-label={`Remove field ${f.label}`}>×</button>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr><td colSpan={7}><button className="small" onClick={() => setFields([...fields, { key: `field_${fields.length + 1}`, label: "New field", type: "text", section: "General", required: false }])}>+ Add field</button></td></tr></tfoot>
        </table>
      </div>
      <p className="muted">Per-experiment data (n per group, coordinate space, foci, outcomes per arm, moderators) has a fixed editor because the analyses rely on its exact shape.</p>
    </div>
  );
}
