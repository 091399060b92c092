"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Role } from "@/db/roles";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import { ExperimentEditor } from "./experiment-editor";

const rank: Record<Role, number> = { viewer: 0, reviewer: 1, adjudicator: 2, owner: 3 };
const shortLabel = (r: { authors: string[]; year: number | null }) => `${(r.authors[0] ?? "Anon").split(/[ ,]/)[0]} ${r.year ?? ""}`.trim();

/** Reports available for grouping (left) and the studies with their experiments (right). */
export function StudiesPanel({ projectId, myRole }: { projectId: string; myRole: Role }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canGroup = rank[myRole] >= rank.adjudicator;
  const reports = useQuery(trpc.studies.eligibleReports.queryOptions({ projectId }));
  const studies = useQuery(trpc.studies.list.queryOptions({ projectId }));
  const [picked, setPicked] = useState<string[]>([]);
  const [label, setLabel] = useState("");
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | null>(null);
  const search = useQuery({ ...trpc.studies.searchRecords.queryOptions({ projectId, query }), enabled: myRole === "owner" && query.trim().length >= 2 });
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.studies.pathKey() });
  const onError = (e: unknown) => setError(errorMessage(e));
  const create = useMutation(trpc.studies.create.mutationOptions({ onSuccess: () => { setPicked([]); setLabel(""); refresh(); }, onError }));
  const addReport = useMutation(trpc.studies.addReport.mutationOptions({ onSuccess: refresh, onError }));
  const removeReport = useMutation(trpc.studies.removeReport.mutationOptions({ onSuccess: refresh, onError }));
  const unassigned = (reports.data ?? []).filter((r) => !r.studyId);
  const extra = (search.data ?? []).filter((r) => !reports.data?.some((x) => x.recordId === r.recordId));
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));
  const pickedFirst = [...(reports.data ?? []), ...(search.data ?? [])].find((r) => r.recordId === picked[0]);

  return (
    <div className="studies-layout">
      <section className="card flush">
        <div className="table-toolbar"><h2 style={{ margin: 0 }}>Included reports <span className="badge">{unassigned.length} not grouped</span></h2></div>
        {unassigned.length === 0 && extra.length === 0 && <div className="empty"><h3>Every included report belongs to a study</h3><p>Reports finally included at full-text screening appear here.</p></div>}
        <ul className="report-list">
          {[...unassigned, ...extra].map((r) => (
            <li key={r.recordId}>
              <label className="check">
                {canGroup && <input type="checkbox" checked={picked.includes(r.recordId)} onChange={() => toggle(r.recordId)} aria-label={`Select ${r.title ?? r.recordId}`} />}
                <span>
                  <strong>{shortLabel(r)}</strong> {r.title}
                  {!r.includedByScreening && <span className="badge maybe" title="Full-text screening did not include this record">not included by screening</span>}
                </span>
              </label>
            </li>
          ))}
        </ul>
        {canGroup && (
          <div className="group-form">
            <input type="text" aria-label="Study label" placeholder={pickedFirst ? shortLabel(pickedFirst) : "Study label, e.g. Li 2015"} value={label} onChange={(e) => setLabel(e.target.value)} />
            <button className="primary" disabled={picked.length === 0 || create.isPending} onClick={() => { setError(null); create.mutate({ projectId, label: label.trim() || (pickedFirst ? shortLabel(pickedFirst) : ""), recordIds: picked }); }}>
              Create study from {picked.length || "…"} report{picked.length === 1 ? "" : "s"}
            </button>
          </div>
        )}
        {myRole === "owner" && (
          <div className="group-form">
            <input type="search" aria-label="Find another record" placeholder="Owner: find a record screening did not include…" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
        )}
      </section>
      <section>
        {error && <div className="alert error" role="alert">{error}</div>}
        {studies.data?.length === 0 && <div className="card empty"><h3>No studies yet</h3><p>Select reports on the left and create a study.</p></div>}
        {studies.data?.map((s) => (
          <article key={s.id} className="card study-card">
            <header className="row" style={{ justifyContent: "space-between" }}>
              <h2 style={{ margin: 0 }}>{s.label}</h2>
              <span className="muted">{s.reports.length} report{s.reports.length === 1 ? "" : "s"} · {s.experiments.length} experiment{s.experiments.length === 1 ? "" : "s"}</span>
            </header>
            <ul className="report-list compact">
              {s.reports.map((r) => (
                <li key={r.recordId} className="row">
                  {r.isPrimary ? <span className="badge include">primary</span> : <span className="badge">secondary</span>}
                  <span style={{ flex: 1 }}>{r.title}{r.year ? ` (${r.year})` : ""}</span>
                  {!r.includedByScreening && <span className="badge maybe">not included by screening</span>}
                  {canGroup && s.reports.length > 1 && <button className="link small" onClick={() => removeReport.mutate({ projectId, studyId: s.id, recordId: r.recordId })}>Remove</button>}
                </li>
              ))}
            </ul>
            {canGroup && picked.length > 0 && (
              <button className="small" onClick={() => { for (const id of picked) addReport.mutate({ projectId, studyId: s.id, recordId: id }); setPicked([]); }}>Add selected report{picked.length === 1 ? "" : "s"} here</button>
            )}
            <ExperimentEditor projectId={projectId} studyId={s.id} experiments={s.experiments} canEdit={rank[myRole] >= rank.reviewer} canDelete={canGroup} onChange={refresh} />
          </article>
        ))}
      </section>
    </div>
  );
}
