"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { Settings } from "./types";

const lines = (s: string) => s.split("\n").map((x) => x.trim()).filter(Boolean);
const terms = (s: string) => s.split(/[,\n;]/).map((x) => x.trim()).filter(Boolean);

/** The owner's screening configuration; every save is one audited change. */
export function ScreeningSettingsForm({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.screening.settings.queryOptions({ projectId }));
  const members = useQuery(trpc.members.list.queryOptions({ projectId }));
  const save = useMutation(trpc.screening.updateSettings.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.screening.settings.pathKey() }) }));
  const [form, setForm] = useState<Settings | null>(null);
  useEffect(() => {
    if (settings.data && !form) setForm(settings.data);
  }, [settings.data, form]);
  if (!form) return <div className="card" aria-busy="true">Loading…</div>;
  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => setForm({ ...form, [k]: v });
  const screeners = (members.data ?? []).filter((m) => m.role !== "viewer");
  return (
    <form
      className="settings-grid"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          projectId,
          reviewersPerRecord: form.reviewersPerRecord,
          screenerIds: form.screenerIds,
          inclusionCriteria: form.inclusionCriteria,
          exclusionCriteria: form.exclusionCriteria,
          fullTextReasons: form.fullTextReasons,
          includeTerms: form.includeTerms,
          excludeTerms: form.excludeTerms,
          prioritise: form.prioritise,
          stoppingRule: form.stoppingRule,
          unblinded: form.unblinded,
        });
      }}
    >
      <section className="card">
        <h2>Reviewers</h2>
        <div className="field">
          <label htmlFor="per-record">Reviewers per record</label>
          <input id="per-record" type="number" min={1} max={5} value={form.reviewersPerRecord} onChange={(e) => set("reviewersPerRecord", Number(e.target.value))} />
          <div className="hint">PRISMA recommends two independent reviewers.</div>
        </div>
        <fieldset className="field plain">
          <legend>Who screens</legend>
          <div className="hint">None ticked: every reviewer, adjudicator and owner.</div>
          {screeners.map((m) => (
            <label key={m.userId} className="check">
              <input type="checkbox" checked={form.screenerIds.includes(m.userId)}
                onChange={(e) => set("screenerIds", e.target.checked ? [...form.screenerIds, m.userId] : form.screenerIds.filter((id) => id !== m.userId))} />
              {m.name} <span className={`badge ${m.role}`}>{m.role}</span>
            </label>
          ))}
        </fieldset>
        <label className="check"><input type="checkbox" checked={form.unblinded} onChange={(e) => set("unblinded", e.target.checked)} /> Unblind: every member sees every decision</label>
      </section>
      <section className="card">
        <h2>Criteria</h2>
        <div className="field"><label htmlFor="inc">Inclusion criteria (shown beside every record)</label><textarea id="inc" value={form.inclusionCriteria} onChange={(e) => set("inclusionCriteria", e.target.value)} /></div>
        <div className="field"><label htmlFor="exc">Exclusion criteria</label><textarea id="exc" value={form.exclusionCriteria} onChange={(e) => set("exclusionCriteria", e.target.value)} /></div>
        <div className="field"><label htmlFor="hl-in">Highlight in green (include terms, comma-separated; * = any ending)</label><input id="hl-in" type="text" defaultValue={form.includeTerms.join(", ")} onChange={(e) => set("includeTerms", terms(e.target.value))} /></div>
        <div className="field"><label htmlFor="hl-out">Highlight in red (exclude terms)</label><input id="hl-out" type="text" defaultValue={form.excludeTerms.join(", ")} onChange={(e) => set("excludeTerms", terms(e.target.value))} /></div>
        <div className="field"><label htmlFor="reasons">Full-text exclusion reasons (one per line; keys 1–9 pick the first nine)</label><textarea id="reasons" rows={7} defaultValue={form.fullTextReasons.join("\n")} onChange={(e) => set("fullTextReasons", lines(e.target.value))} /></div>
      </section>
      <section className="card">
        <h2>Prioritisation and stopping</h2>
        <label className="check"><input type="checkbox" checked={form.prioritise} onChange={(e) => set("prioritise", e.target.checked)} /> Order title/abstract records by predicted relevance (retrained as decisions arrive)</label>
        <div className="field">
          <label htmlFor="stop-kind">Stopping rule</label>
          <select id="stop-kind" value={form.stoppingRule.kind} onChange={(e) => set("stoppingRule", { ...form.stoppingRule, kind: e.target.value as Settings["stoppingRule"]["kind"] })}>
            <option value="none">None: screen every record</option>
            <option value="consecutive_irrelevant">Stop after N excluded records in a row</option>
            <option value="estimated_remaining">Stop when fewer than N relevant records are estimated to remain</option>
          </select>
        </div>
        {form.stoppingRule.kind !== "none" && (
          <>
            <div className="field"><label htmlFor="stop-n">N</label><input id="stop-n" type="number" min={0} value={form.stoppingRule.n} onChange={(e) => set("stoppingRule", { ...form.stoppingRule, n: Number(e.target.value) })} /></div>
            <div className="field"><label htmlFor="stop-why">Rationale (goes into the methods section)</label><textarea id="stop-why" value={form.stoppingRule.rationale} onChange={(e) => set("stoppingRule", { ...form.stoppingRule, rationale: e.target.value })} /></div>
          </>
        )}
      </section>
      <div className="settings-actions">
        {save.error && <div className="alert error" role="alert">{errorMessage(save.error)}</div>}
        {save.isSuccess && <div className="alert ok" role="status">Saved.</div>}
        <button className="primary" type="submit" disabled={save.isPending}>Save screening settings</button>
      </div>
    </form>
  );
}
