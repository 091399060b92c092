"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useTRPC } from "@/components/trpc/client";
import { RecordDetail } from "./record-detail";
import { REASON_LABEL, RemovalActions } from "./removal-actions";

type Sort = "imported" | "title" | "year" | "journal" | "author";
type Status = "all" | "screenable" | "duplicate" | "removed";
interface Row {
  id: string;
  title: string | null;
  authors: string[];
  authorCount: number;
  year: number | null;
  journal: string | null;
  doi: string | null;
  pmid: string | null;
  sourceName: string;
  duplicateOf: string | null;
  removalReason: string | null;
  removalNote?: string | null;
}

const col = createColumnHelper<Row>();
const PAGE_SIZES = [25, 50, 100];

const isRemoved = (r: Row) => !r.duplicateOf && (r.removalReason === "automation" || r.removalReason === "other");

function statusBadge(r: Row) {
  if (r.duplicateOf) return <span className="badge exclude">duplicate</span>;
  if (isRemoved(r)) return <span className="badge maybe" title={`Removed before screening: ${REASON_LABEL[r.removalReason as "automation" | "other"]}${r.removalNote ? ` — ${r.removalNote}` : ""}`}>removed · {r.removalReason === "automation" ? "automation tool" : "other reason"}</span>;
  return <span className="badge include">to screen</span>;
}

/** A tick box that leaves the row's own click (open the record) alone. */
function Tick(props: { checked: boolean; indeterminate?: boolean; label: string; onChange(checked: boolean): void }) {
  return (
    <input type="checkbox" aria-label={props.label} checked={props.checked} ref={(el) => { if (el) el.indeterminate = Boolean(props.indeterminate); }}
      onClick={(e) => e.stopPropagation()} onChange={(e) => props.onChange(e.target.checked)} />
  );
}

/** `canRemove`: adjudicators and owners may remove records before screening and restore them. */
export function RecordsTable({ projectId, canRemove = false }: { projectId: string; canRemove?: boolean }) {
  const trpc = useTRPC();
  const [typed, setTyped] = useState("");
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<Status>("all");
  const [sourceId, setSourceId] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [page, setPage] = useState({ pageIndex: 0, pageSize: 50 });
  const [open, setOpen] = useState<string | null>(null);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const t = setTimeout(() => { setQ(typed); setPage((p) => ({ ...p, pageIndex: 0 })); }, 250);
    return () => clearTimeout(t);
  }, [typed]);

  const sort = (sorting[0]?.id as Sort | undefined) ?? "imported";
  const input = { projectId, q, status, sourceId, sort, desc: sorting[0]?.desc ?? false, offset: page.pageIndex * page.pageSize, limit: page.pageSize };
  const list = useQuery(trpc.records.list.queryOptions(input, { placeholderData: keepPreviousData }));
  const sources = useQuery(trpc.records.sources.queryOptions({ projectId }));
  const total = list.data?.total ?? 0;
  const rows = (list.data?.rows ?? []) as Row[];
  // ticks belong to the rows in view: another page, filter or sort starts afresh
  const viewKey = JSON.stringify({ q, status, sourceId, sorting, page });
  useEffect(() => setTicked(new Set()), [viewKey]);
  const tick = (id: string, on: boolean) => setTicked((t) => { const next = new Set(t); if (on) next.add(id); else next.delete(id); return next; });
  const allTicked = rows.length > 0 && rows.every((r) => ticked.has(r.id));

  const columns = useMemo(
    () => [
      ...(canRemove ? [col.display({ id: "tick", header: "", enableSorting: false, cell: (c) => <Tick label={`Select ${c.row.original.title ?? "record"}`} checked={ticked.has(c.row.original.id)} onChange={(on) => tick(c.row.original.id, on)} /> })] : []),
      col.accessor("title", {
        header: "Title",
        cell: (c) => <span className="record-title">{c.getValue() ?? <span className="muted">(no title)</span>}</span>,
      }),
      col.accessor((r) => r.authors[0] ?? "", {
        id: "author",
        header: "Authors",
        cell: (c) => <span className="muted">{c.row.original.authors.slice(0, 2).join("; ")}{c.row.original.authorCount > 2 ? " et al." : ""}</span>,
      }),
      col.accessor("year", { header: "Year", meta: { num: true } }),
      col.accessor("journal", { header: "Journal" }),
      col.accessor("sourceName", { id: "imported", header: "Source" }),
      col.display({ id: "status", header: "Status", enableSorting: false, cell: (c) => statusBadge(c.row.original) }),
    ],
    [canRemove, ticked],
  );
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    rowCount: total,
    state: { sorting, pagination: page },
    onSortingChange: (s) => { setSorting(s); setPage((p) => ({ ...p, pageIndex: 0 })); },
    onPaginationChange: setPage,
  });
  const exportSet = sourceId ? `source:${sourceId}` : status === "screenable" ? "screenable" : status === "duplicate" ? "duplicates" : "all";

  return (
    <div className="card flush">
      <div className="table-toolbar">
        <input type="search" aria-label="Search records" placeholder="Search titles, abstracts, authors…" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <select aria-label="Source" value={sourceId ?? ""} onChange={(e) => { setSourceId(e.target.value || null); setPage((p) => ({ ...p, pageIndex: 0 })); }}>
          <option value="">All sources</option>
          {sources.data?.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
        <select aria-label="Status" value={status} onChange={(e) => { setStatus(e.target.value as Status); setPage((p) => ({ ...p, pageIndex: 0 })); }}>
          <option value="all">All records</option>
          <option value="screenable">To screen</option>
          <option value="duplicate">Duplicates</option>
          <option value="removed">Removed before screening</option>
        </select>
        <span className="spacer" />
        <span className="muted">Export {exportSet === "all" ? "all" : "this set"}:</span>
        <a className="button small" href={`/api/projects/${projectId}/records/export?set=${exportSet}&format=ris`}>RIS</a>
        <a className="button small" href={`/api/projects/${projectId}/records/export?set=${exportSet}&format=csv`}>CSV</a>
      </div>
      {canRemove && (
        <RemovalActions projectId={projectId} picked={[...ticked]} pickedRemoved={rows.filter((r) => ticked.has(r.id) && isRemoved(r)).length} filter={{ q, sourceId, status }} total={total} onDone={() => setTicked(new Set())} />
      )}
      <table className="data records-table" aria-label="Records">
        <thead>
          {table.getHeaderGroups().map((g) => (
            <tr key={g.id}>
              {g.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th key={h.id} className={h.column.getCanSort() ? "sortable" : ""} onClick={h.column.getToggleSortingHandler()} aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}>
                    {h.column.id === "tick" ? <Tick label="Select every record on this page" checked={allTicked} indeterminate={!allTicked && ticked.size > 0} onChange={(on) => setTicked(new Set(on ? rows.map((r) => r.id) : []))} /> : flexRender(h.column.columnDef.header, h.getContext())}
                    {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <FragmentRow key={row.id} recordId={row.original.id} open={open === row.original.id} onToggle={() => setOpen(open === row.original.id ? null : row.original.id)} projectId={projectId} colSpan={columns.length}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={cell.column.id === "year" ? "num" : undefined}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </FragmentRow>
          ))}
        </tbody>
      </table>
      {list.data && total === 0 && <div className="empty"><h3>No records match</h3><p>{q ? "Try fewer or shorter words." : "Import a search export to see records here."}</p></div>}
      <div className="table-footer">
        <span className="muted">{total.toLocaleString()} record{total === 1 ? "" : "s"}{list.isFetching ? " · loading…" : ""}</span>
        <span className="spacer" />
        <select aria-label="Rows per page" value={page.pageSize} onChange={(e) => setPage({ pageIndex: 0, pageSize: Number(e.target.value) })}>
          {PAGE_SIZES.map((n) => <option key={n} value={n}>{n} per page</option>)}
        </select>
        <button className="small" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>‹ Previous</button>
        <span>Page {page.pageIndex + 1} of {Math.max(1, table.getPageCount())}</span>
        <button className="small" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>Next ›</button>
      </div>
    </div>
  );
}

function FragmentRow(props: { recordId: string; open: boolean; onToggle(): void; projectId: string; colSpan: number; children: ReactNode }) {
  return (
    <>
      <tr className={`clickable${props.open ? " open" : ""}`} onClick={props.onToggle}>{props.children}</tr>
      {props.open && (
        <tr className="detail-row"><td colSpan={props.colSpan}><RecordDetail projectId={props.projectId} recordId={props.recordId} /></td></tr>
      )}
    </>
  );
}
