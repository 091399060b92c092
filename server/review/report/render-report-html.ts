import { renderPrismaSvg } from "@/components/prisma/prisma-svg";
import type { Report } from "./build-report";

const esc = (s: unknown) => String(s ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function table(caption: string, columns: string[], rows: string[][]): string {
  if (!rows.length) return "";
  return `<table class="report-table"><caption>${esc(caption)}</caption><thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

/** Styles of the report, also used when it is downloaded as a standalone HTML file. */
export const reportCss = `
.report { font: 11pt/1.45 Georgia, "DejaVu Serif", serif; color: #111; max-width: 900px; }
.report h1 { font-size: 20pt; margin: 0 0 4px; }
.report h2 { font-size: 14pt; margin: 26px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 3px; }
.report h3 { font-size: 11.5pt; margin: 14px 0 4px; }
.report p { margin: 0 0 8px; text-align: justify; }
.report .meta { color: #555; font-size: 9.5pt; }
.report-table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font: 9pt/1.35 Arial, "DejaVu Sans", sans-serif; }
.report-table caption { text-align: left; font-weight: bold; margin-bottom: 4px; }
.report-table th, .report-table td { border-top: 1px solid #999; border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
.report-table thead th { border-bottom: 1.5px solid #333; }
.report figure { margin: 10px 0 18px; page-break-inside: avoid; }
.report figure img, .report figure svg { max-width: 100%; height: auto; }
.report figure img.plot { max-height: 560px; width: auto; }
.report figcaption { font: 9pt Arial, sans-serif; color: #333; margin-top: 4px; }
@media print { .report h2 { page-break-after: avoid; } .report-table { page-break-inside: auto; } }
`;

/**
 * The report as HTML: title, methods written from the real settings, search table, PRISMA diagram,
 * study characteristics, quality, and each analysis's results and figures (inline, so the file
 * stands alone).
 */
export function renderReportHtml(r: Report): string {
  const parts: string[] = [];
  parts.push(`<h1>${esc(r.project.title)}</h1>`);
  parts.push(
    `<p class="meta">${r.project.reviewQuestion ? `${esc(r.project.reviewQuestion)}<br>` : ""}${r.project.registrationId ? `Registration: ${esc(r.project.registrationId)} · ` : ""}Generated ${esc(r.generatedAt.slice(0, 10))} by Concord ${esc(r.softwareVersion)}${r.snapshot ? ` · dataset snapshot v${r.snapshot.version}, SHA-256 ${esc(r.snapshot.sha256.slice(0, 16))}…` : ""}</p>`,
  );
  parts.push("<h2>Methods</h2>");
  for (const m of r.methods) parts.push(`<h3>${esc(m.heading)}</h3><p>${esc(m.text)}</p>`);
  parts.push(table("Table S1. Searches", ["Source", "Kind", "Date", "Records", "Search string"], r.sources.map((s) => [s.name, s.kind, s.searchDate ?? "", s.count.toLocaleString("en-US"), s.query])));
  parts.push("<h2>Results</h2><h3>Study selection</h3>");
  parts.push(`<figure>${renderPrismaSvg(r.prisma.counts)}<figcaption>Figure 1. PRISMA 2020 flow diagram.${r.prisma.problems.length ? ` Provisional: ${esc(r.prisma.problems.join("; "))}.` : ""}</figcaption></figure>`);
  parts.push(table("Table 1. Characteristics of the included studies", r.characteristics.columns, r.characteristics.rows));
  if (r.quality.items.length) {
    const columns = ["Study", ...r.quality.items.map((_, i) => `Q${i + 1}`), "Total"];
    const rows = r.quality.rows.map((q) => [q.study, ...q.scores.map((s) => (s === null ? "" : String(s))), q.total === null ? "" : String(q.total)]);
    parts.push(table("Table 2. Quality assessment (1 = met, 0.5 = partly, 0 = not met)", columns, rows));
    parts.push(`<p class="meta">${r.quality.items.map((it, i) => `Q${i + 1}: ${esc(it.text)}`).join(" · ")}</p>`);
  }
  let figure = 2;
  for (const run of r.runs) {
    parts.push(`<h3>${esc(run.name)}</h3>`);
    if (run.table) parts.push(table(run.table.caption, run.table.columns, run.table.rows));
    for (const f of run.figures) parts.push(`<figure><img${/funnel/i.test(f.caption) ? ' class="plot"' : ""} alt="${esc(f.caption)}" src="data:image/png;base64,${f.pngBase64}"><figcaption>Figure ${figure++}. ${esc(run.name)}: ${esc(f.caption)}</figcaption></figure>`);
  }
  if (!r.runs.length) parts.push(`<p class="meta">No finished analysis yet: results appear here once an analysis run succeeds.</p>`);
  return `<article class="report">${parts.join("\n")}</article>`;
}

export function standaloneReportHtml(r: Report): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(r.project.title)} — report</title><style>body{margin:24px auto;max-width:920px;padding:0 16px}${reportCss}</style></head><body>${renderReportHtml(r)}</body></html>`;
}
