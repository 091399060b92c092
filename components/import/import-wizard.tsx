"use client";
import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CITATION_FORMATS, MAPPABLE_FIELDS, type CsvMapping } from "@/server/engine/records/types";
import { useTRPC } from "@/components/trpc/client";
import { PreviewPanel, type Preview } from "./preview-panel";
import { cancelImport, commitImport, type CommitProgress } from "./commit-import";

const DATABASES = ["PubMed", "Embase", "Web of Science Core Collection", "Scopus", "Cochrane Library (CENTRAL)", "PsycINFO", "CINAHL", "CNKI", "Wanfang Data", "VIP (CQVIP)", "ClinicalTrials.gov", "WHO ICTRP", "Google Scholar"];
const KINDS: [string, string][] = [["database", "Database"], ["register", "Trial register"], ["website", "Website"], ["organisation", "Organisation"], ["citation_search", "Citation searching"], ["other", "Other method"]];
const FORMAT_LABEL: Record<string, string> = { ris: "RIS", medline: "PubMed MEDLINE (.nbib)", bibtex: "BibTeX", "endnote-xml": "EndNote XML", wos: "Web of Science plain text", "wos-tsv": "Web of Science tab-delimited", csv: "CSV (map columns)" };
export const MAX_MB = 200;

interface Summary { sourceId: string; name: string; recordCount: number; format: string; warningCount: number; dedup: { autoMerged: number; queued: number } }
interface Failure { error: string; code?: string; details?: Record<string, unknown> | null }

function uploadForm(file: File, options: unknown): FormData {
  const form = new FormData();
  form.set("file", file);
  form.set("options", JSON.stringify(options));
  return form;
}

async function postPreview(projectId: string, file: File, options: unknown): Promise<{ ok: true; body: unknown } | { ok: false; status: number; body: Failure }> {
  const res = await fetch(`/api/projects/${projectId}/import?step=preview`, { method: "POST", body: uploadForm(file, options) });
  const body = await res.json().catch(() => ({ error: `The server answered ${res.status} ${res.statusText}.` }));
  return res.ok ? { ok: true, body } : { ok: false, status: res.status, body };
}

export function ImportWizard({ projectId, canImport }: { projectId: string; canImport: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState("auto");
  const [mapping, setMapping] = useState<CsvMapping | undefined>(undefined);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [confirmSame, setConfirmSame] = useState(false);
  const [busy, setBusy] = useState<"preview" | "commit" | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<Summary | null>(null);
  const [meta, setMeta] = useState({ name: "", kind: "database", searchDate: "", query: "", notes: "" });
  const [progress, setProgress] = useState<CommitProgress | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  const choose = (f: File | null) => {
    setFile(f);
    setPreview(null);
    setMapping(undefined);
    setFailure(null);
    setDone(null);
    setConfirmSame(false);
    if (f && f.size > MAX_MB * 1048576) setFailure({ error: `${f.name} is ${(f.size / 1048576).toFixed(1)} MB; the largest file Concord imports is ${MAX_MB} MB. Split the export and import each part.` });
  };

  async function runPreview(nextMapping = mapping, nextFormat = format) {
    if (!file) return;
    setBusy("preview");
    setFailure(null);
    const res = await postPreview(projectId, file, { format: nextFormat, csvMapping: nextMapping });
    setBusy(null);
    if (!res.ok) return setFailure(res.body), setPreview(null);
    const p = res.body as Preview;
    setPreview(p);
    if (p.csv && !nextMapping) setMapping(p.csv.mapping);
  }

  async function commit() {
    if (!file || !preview) return;
    setBusy("commit");
    setFailure(null);
    setProgress(null);
    const id = crypto.randomUUID();
    setImportId(id);
    const form = uploadForm(file, {
      format: preview.format,
      csvMapping: preview.csv ? mapping : undefined,
      confirmDuplicateFile: confirmSame,
      source: { ...meta, searchDate: meta.searchDate || null },
    });
    const res = await commitImport(projectId, id, form, setProgress);
    setBusy(null);
    setImportId(null);
    setCancelling(false);
    setProgress(null);
    if (!res.ok) return setFailure(res.body);
    setDone(res.body as Summary);
    setPreview(null);
    setFile(null);
    await queryClient.invalidateQueries({ queryKey: trpc.records.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.dedup.pathKey() });
  }

  if (!canImport) return <div className="alert info">Viewers can see the imported searches but not add new ones.</div>;
  return (
    <div className="card import-wizard">
      <h2>Import a search export</h2>
      {done && (
        <div className="alert ok" role="status">
          Imported <strong>{done.recordCount.toLocaleString()}</strong> records from “{done.name}” ({FORMAT_LABEL[done.format] ?? done.format}).{" "}
          {done.dedup.autoMerged > 0 && <>{done.dedup.autoMerged.toLocaleString()} certain duplicates were merged automatically. </>}
          {done.dedup.queued > 0 ? (
            <Link href={`/projects/${projectId}/duplicates`}>{done.dedup.queued.toLocaleString()} possible duplicates need review →</Link>
          ) : (
            <>No possible duplicates need review.</>
          )}
        </div>
      )}
      <div className="grid-2">
        <div className="field">
          <label htmlFor="source-name">Database or register</label>
          <input id="source-name" type="text" list="source-names" value={meta.name} onChange={(e) => setMeta({ ...meta, name: e.target.value })} placeholder="e.g. PubMed" />
          <datalist id="source-names">{DATABASES.map((d) => <option key={d} value={d} />)}</datalist>
        </div>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="source-kind">Kind</label>
            <select id="source-kind" value={meta.kind} onChange={(e) => setMeta({ ...meta, kind: e.target.value })}>
              {KINDS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="search-date">Search date</label>
            <input id="search-date" type="date" value={meta.searchDate} onChange={(e) => setMeta({ ...meta, searchDate: e.target.value })} />
          </div>
        </div>
      </div>
      <div className="field">
        <label htmlFor="search-query">Search string</label>
        <textarea id="search-query" className="mono" value={meta.query} onChange={(e) => setMeta({ ...meta, query: e.target.value })} placeholder={'("low back pain"[MeSH] OR "chronic back pain") AND (fMRI OR "resting state")'} />
      </div>
      <div className="field">
        <label htmlFor="source-notes">Notes (optional)</label>
        <input id="source-notes" type="text" value={meta.notes} onChange={(e) => setMeta({ ...meta, notes: e.target.value })} placeholder="Limits, filters, who ran the search" />
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor="import-file">Export file</label>
          <input id="import-file" type="file" accept=".ris,.nbib,.txt,.bib,.xml,.csv,.tsv,.enw" onChange={(e) => choose(e.target.files?.[0] ?? null)} />
          <div className="hint">RIS, PubMed MEDLINE, BibTeX, EndNote XML, Web of Science, CSV · up to {MAX_MB} MB</div>
        </div>
        <div className="field">
          <label htmlFor="import-format">Format</label>
          <select id="import-format" value={format} onChange={(e) => { setFormat(e.target.value); setMapping(undefined); if (preview) void runPreview(undefined, e.target.value); }}>
            <option value="auto">Detect automatically</option>
            {CITATION_FORMATS.map((f) => <option key={f} value={f}>{FORMAT_LABEL[f]}</option>)}
          </select>
        </div>
      </div>
      {failure && (
        <div className="alert error" role="alert">
          <strong>{failure.details?.code === "same-file" ? "Already imported. " : "Nothing was imported. "}</strong>
          {failure.error}
        </div>
      )}
      <div className="row">
        <button className={preview ? "" : "primary"} disabled={!file || busy !== null || (file?.size ?? 0) > MAX_MB * 1048576} onClick={() => runPreview()}>
          {busy === "preview" ? "Reading file…" : preview ? "Preview again" : "Preview"}
        </button>
      </div>
      {preview && (
        <PreviewPanel
          preview={preview}
          mapping={mapping}
          fields={MAPPABLE_FIELDS}
          onMappingChange={setMapping}
          onApplyMapping={() => runPreview(mapping)}
          confirmSame={confirmSame}
          onConfirmSame={setConfirmSame}
        />
      )}
      {preview && (
        <div className="row" style={{ marginTop: 14 }}>
          <button className="primary" disabled={busy !== null || !meta.name.trim() || (preview.sameFile !== null && !confirmSame)} onClick={commit}>
            {busy === "commit" ? "Importing and deduplicating…" : `Import ${preview.recordCount.toLocaleString()} records`}
          </button>
          {!meta.name.trim() && <span className="muted">Name the database or register first.</span>}
          {busy === "commit" && importId && (
            <button disabled={cancelling} onClick={() => { setCancelling(true); void cancelImport(projectId, importId).then((stopped) => stopped || setCancelling(false)); }}>
              {cancelling ? "Cancelling…" : "Cancel import"}
            </button>
          )}
        </div>
      )}
      {busy === "commit" && <CommitProgressBar progress={progress} total={preview?.recordCount ?? 0} />}
    </div>
  );
}

/** The commit's progress: upload, then records parsed and saved out of the preview's count, then dedup. */
function CommitProgressBar({ progress, total }: { progress: CommitProgress | null; total: number }) {
  let label = "Starting…";
  let value: number | undefined;
  let max = 1;
  if (progress?.step === "uploading") {
    [value, max] = [progress.done, progress.total];
    label = `Uploading: ${(progress.done / 1048576).toFixed(1)} of ${(progress.total / 1048576).toFixed(1)} MB`;
  } else if (progress?.step === "saving") {
    [value, max] = [Math.min(progress.records, total), Math.max(total, 1)];
    label = `Reading and saving records: ${progress.records.toLocaleString()} of ${total.toLocaleString()}`;
  } else if (progress?.step === "deduplicating") {
    label = `Deduplicating ${progress.records.toLocaleString()} records against the project…`;
  }
  return (
    <div className="import-progress" style={{ marginTop: 10 }}>
      <progress aria-label="Import progress" value={value} max={max} style={{ width: "100%" }} />
      <div className="muted" aria-live="polite">{label}</div>
    </div>
  );
}
