"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper, flexRender, getCoreRowModel, getFilteredRowModel, getSortedRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { errorMessage, useTRPC } from "@/components/trpc/client";
import type { FullTextItem } from "./types";

const col = createColumnHelper<FullTextItem>();
const statusLabel = { sought: "sought", retrieved: "retrieved", not_retrieved: "not retrieved" } as const;

/** Reports sought for retrieval (TanStack table: sort, filter), with per-row retrieval actions. */
export function FullTextTable({ projectId, canEdit }: { projectId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.fullText.list.queryOptions({ projectId }));
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState("");
  const columns = useMemo(() => [
    col.accessor("title", {
      header: "Report",
      cell: (c) => (
        <div>
          <div className="ft-title">{c.getValue()}</div>
          <div className="muted small-text">{[c.row.original.authors[0], c.row.original.journal, c.row.original.year].filter(Boolean).join(" · ")}</div>
        </div>
      ),
    }),
    col.accessor("status", { header: "Retrieval", cell: (c) => <RetrievalCell projectId={projectId} row={c.row.original} canEdit={canEdit} /> }),
    col.accessor("outcome", {
      header: "Full-text screening",
      cell: (c) => <span className={`badge ${c.getValue() === "conflict" ? "maybe" : c.getValue()}`}>{c.getValue()}{c.getValue() === "pending" ? ` (${c.row.original.decisions})` : ""}</span>,
    }),
  ], [projectId, canEdit]);
  const table = useReactTable({ data: list.data ?? [], columns, state: { sorting, globalFilter: filter }, onSortingChange: setSorting, onGlobalFilterChange: setFilter, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel(), getFilteredRowModel: getFilteredRowModel() });
  const rows = list.data ?? [];
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  return (
    <>
      <div className="grid-3 ft-stats">
        <div className="card"><div className="stat">{rows.length}</div><div className="stat-label">sought</div></div>
        <div className="card"><div className="stat">{count("retrieved")}</div><div className="stat-label">retrieved</div></div>
        <div className="card"><div className="stat">{count("not_retrieved")}</div><div className="stat-label">not retrieved</div></div>
      </div>
      <div className="card flush">
        <div className="table-toolbar"><input type="search" aria-label="Filter reports" placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} /></div>
        {rows.length === 0 && !list.isLoading ? (
          <div className="empty"><h3>Nothing to retrieve yet</h3><p>Records included at title/abstract (agreed or resolved) appear here.</p></div>
        ) : (
          <table className="data">
            <thead>
              {table.getHeaderGroups().map((hg) => (
                <tr key={hg.id}>{hg.headers.map((h) => (
                  <th key={h.id} className="sortable" onClick={h.column.getToggleSortingHandler()} aria-sort={h.column.getIsSorted() === "asc" ? "ascending" : h.column.getIsSorted() === "desc" ? "descending" : "none"}>
                    {flexRender(h.column.columnDef.header, h.getContext())}{h.column.getIsSorted() === "asc" ? " ▲" : h.column.getIsSorted() === "desc" ? " ▼" : ""}
                  </th>
                ))}</tr>
              ))}
            </thead>
            <tbody>{table.getRowModel().rows.map((r) => <tr key={r.id}>{r.getVisibleCells().map((c) => <td key={c.id}>{flexRender(c.column.columnDef.cell, c.getContext())}</td>)}</tr>)}</tbody>
          </table>
        )}
      </div>
    </>
  );
}

function RetrievalCell({ projectId, row, canEdit }: { projectId: string; row: FullTextItem; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [link, setLink] = useState(row.link ?? "");
  const [why, setWhy] = useState(row.notRetrievedReason ?? "");
  const [uploadError, setUploadError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.fullText.list.pathKey() });
  const setStatus = useMutation(trpc.fullText.setStatus.mutationOptions({ onSuccess: refresh }));
  const fileUrl = `/api/projects/${projectId}/full-text/${row.recordId}`;
  async function upload(file: File) {
    setUploadError(null);
    const body = new FormData();
    body.set("file", file);
    const res = await fetch(fileUrl, { method: "POST", body });
    if (!res.ok) setUploadError((await res.json().catch(() => ({ error: res.statusText }))).error);
    else await refresh();
  }
  return (
    <div className="retrieval">
      <span className={`badge ft-${row.status}`}>{statusLabel[row.status]}</span>
      {row.fileName && <a href={fileUrl} className="small-text">{row.fileName}</a>}
      {row.link && <a href={row.link} target="_blank" rel="noreferrer" className="small-text">link</a>}
      {row.notRetrievedReason && <span className="muted small-text">{row.notRetrievedReason}</span>}
      {canEdit && (
        <details className="retrieval-edit">
          <summary>Update</summary>
          <label className="small-text">Upload PDF <input type="file" accept="application/pdf" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} /></label>
          <form className="row" onSubmit={(e) => { e.preventDefault(); setStatus.mutate({ projectId, recordId: row.recordId, status: "retrieved", link }); }}>
            <input type="url" aria-label={`Link to the full text of ${row.title}`} placeholder="https://…" value={link} onChange={(e) => setLink(e.target.value)} />
            <button type="submit" className="small">Save link</button>
          </form>
          <form className="row" onSubmit={(e) => { e.preventDefault(); setStatus.mutate({ projectId, recordId: row.recordId, status: "not_retrieved", notRetrievedReason: why }); }}>
            <input type="text" aria-label={`Why ${row.title} was not retrieved`} placeholder="Why not retrieved" value={why} onChange={(e) => setWhy(e.target.value)} />
            <button type="submit" className="small">Not retrieved</button>
          </form>
          {(setStatus.error || uploadError) && <div className="alert error" role="alert">{uploadError ?? errorMessage(setStatus.error)}</div>}
        </details>
      )}
    </div>
  );
}
