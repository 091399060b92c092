"use client";
// Sortable cluster table (TanStack Table). Clicking a row selects the cluster: the viewer moves
// its crosshair to the peak and the contributors are listed below.
import { useMemo, useState } from "react";
import { createColumnHelper, flexRender, getCoreRowModel, getSortedRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import type { ClusterRow } from "./cluster-model";
import { int, mm, num, percent, pValue, regionName } from "./format";

const col = createColumnHelper<ClusterRow>();

export interface ClusterTableProps {
  rows: ClusterRow[];
  /** ALE shows the ALE value and contributing experiments; SDM the direction and pooled g. */
  method: "ale" | "sdm";
  selectedKey: string | null;
  onSelect: (row: ClusterRow) => void;
}

function contributorsPreview(r: ClusterRow): string {
  const names = r.contributors.map((c) => c.study);
  if (names.length <= 3) return names.join("; ");
  return `${names.slice(0, 3).join("; ")} +${names.length - 3}`;
}

export function ClusterTable({ rows, method, selectedKey, onSelect }: ClusterTableProps) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const columns = useMemo(() => {
    const sdm = method === "sdm";
    return [
      col.accessor("id", { header: "#", meta: { num: true } }),
      ...(sdm
        ? [col.accessor("direction", { header: "Effect", cell: (c) => <span className={`badge ${c.getValue()}`}>{c.getValue()}</span> })]
        : []),
      col.accessor((r) => regionName(r.label), { id: "label", header: "Region (AAL, peak)" }),
      col.accessor((r) => r.peakMm?.join(",") ?? "", { id: "peak", header: "Peak MNI (x, y, z)", cell: (c) => <span className="mono">{mm(c.row.original.peakMm)}</span>, enableSorting: false }),
      col.accessor("peakZ", { header: "z", cell: (c) => num(c.getValue(), 2), meta: { num: true }, sortUndefined: "last" }),
      ...(sdm
        ? [col.accessor((r) => r.heterogeneity?.g ?? null, { id: "g", header: "g", cell: (c) => num(c.getValue(), 2), meta: { num: true } })]
        : [col.accessor("peakAle", { header: "ALE", cell: (c) => num(c.getValue(), 4), meta: { num: true } })]),
      col.accessor("sizeVoxels", { header: "Voxels", cell: (c) => int(c.getValue()), meta: { num: true } }),
      col.accessor("volumeMm3", { header: "mm³", cell: (c) => int(c.getValue()), meta: { num: true } }),
      col.accessor("pFwe", { header: sdm ? "p (FWE, peak)" : "p (FWE, cluster)", cell: (c) => pValue(c.getValue()), meta: { num: true } }),
      col.accessor("jackknifeSurvival", { header: "Jackknife", cell: (c) => percent(c.getValue()), meta: { num: true } }),
      col.accessor((r) => r.contributors.length, {
        id: "contributors",
        header: sdm ? "Studies" : "Contributing experiments",
        cell: (c) => (
          <span title={c.row.original.contributors.map((x) => x.study).join("\n")}>
            <b>{c.getValue()}</b> <span className="muted">{contributorsPreview(c.row.original)}</span>
          </span>
        ),
      }),
    ];
  }, [method]);
  const table = useReactTable({ data: rows, columns, state: { sorting }, onSortingChange: setSorting, getCoreRowModel: getCoreRowModel(), getSortedRowModel: getSortedRowModel() });
  return (
    <table className="data cluster-table" aria-label="Clusters">
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => {
              const sorted = h.column.getIsSorted();
              const isNum = (h.column.columnDef.meta as { num?: boolean } | undefined)?.num;
              return (
                <th
                  key={h.id}
                  className={`${h.column.getCanSort() ? "sortable" : ""} ${isNum ? "num" : ""}`}
                  onClick={h.column.getToggleSortingHandler()}
                  aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                >
                  {flexRender(h.column.columnDef.header, h.getContext())}
                  {sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.id}
            className={`clickable ${row.original.key === selectedKey ? "selected" : ""} ${row.original.significant ? "" : "not-significant"}`}
            onClick={() => onSelect(row.original)}
            tabIndex={0}
            onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && onSelect(row.original)}
            aria-selected={row.original.key === selectedKey}
            data-testid={`cluster-row-${row.original.key}`}
          >
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id} className={(cell.column.columnDef.meta as { num?: boolean } | undefined)?.num ? "num" : ""}>
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
