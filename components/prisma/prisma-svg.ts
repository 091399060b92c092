import { identifiedTotal, type NamedCount, type PrismaCounts } from "./prisma-model";

/**
 * Draws the PRISMA 2020 flow diagram as standalone SVG (no DOM needed), laid out like the
 * official template: blue stage labels on the left, the databases/registers column with its
 * side boxes, and the grey "other methods" column when such records exist.
 * Written by hand rather than with a graph library because the template's layout is fixed and
 * the same string must render in the browser, in PNG/PDF exports and in the printed report.
 */
const font = 13;
const lineHeight = 17;
const charWidth = font * 0.54; // average advance of a sans-serif face at this size
const pad = 10;
const colours = { title: "#f2c94c", other: "#d9d9d9", label: "#9dc3e6", box: "#ffffff", line: "#1f1f1f" };

interface Line {
  text: string;
  bold?: boolean;
  indent?: number;
}

function wrap(text: string, width: number, indent = 0): string[] {
  const max = Math.max(8, Math.floor((width - 2 * pad - indent) / charWidth));
  // "(n = 1,234)" never breaks across lines
  const words = text.replace(/\(n = ([\d,]+)\)/g, "(n\u00a0=\u00a0$1)").split(/ +/);
  const out: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && (line + " " + word).length > max) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.map((l) => l.replace(/\u00a0/g, " "));
}

function layoutLines(lines: Line[], width: number): Line[] {
  return lines.flatMap((l) => wrap(l.text, width, l.indent ?? 0).map((text) => ({ ...l, text })));
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (n: number) => n.toLocaleString("en-US");

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function boxHeight(lines: Line[], width: number) {
  return layoutLines(lines, width).length * lineHeight + 2 * pad;
}

function drawBox(b: Box, lines: Line[], fill = colours.box, center = false): string {
  const laid = layoutLines(lines, b.w);
  const texts = laid
    .map((l, i) => {
      const x = center ? b.x + b.w / 2 : b.x + pad + (l.indent ?? 0);
      const y = b.y + pad + (i + 1) * lineHeight - 4;
      return `<text x="${x}" y="${y}"${center ? ' text-anchor="middle"' : ""}${l.bold ? ' font-weight="bold"' : ""}>${esc(l.text)}</text>`;
    })
    .join("");
  return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="${fill}" stroke="${colours.line}" stroke-width="1"/>${texts}`;
}

// Arrowheads are drawn as polygons rather than SVG markers: some renderers (Skia's, used for
// PNG/PDF export) ignore markers.
function head(x1: number, y1: number, x2: number, y2: number): string {
  const a = Math.atan2(y2 - y1, x2 - x1);
  const p = (d: number, s: number) => `${x2 - 9 * Math.cos(a) + s * Math.sin(a) * d},${y2 - 9 * Math.sin(a) - s * Math.cos(a) * d}`;
  return `<polygon points="${x2},${y2} ${p(4, 1)} ${p(4, -1)}" fill="${colours.line}"/>`;
}

function arrow(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colours.line}" stroke-width="1.3"/>${head(x1, y1, x2, y2)}`;
}

function sideLabel(x: number, y: number, h: number, text: string): string {
  const cx = x + 15;
  const cy = y + h / 2;
  return (
    `<rect x="${x}" y="${y}" width="30" height="${h}" rx="6" fill="${colours.label}" stroke="none"/>` +
    `<text x="${cx}" y="${cy}" transform="rotate(-90 ${cx} ${cy})" text-anchor="middle" dominant-baseline="middle" font-weight="bold">${text}</text>`
  );
}

const listLines = (items: NamedCount[], indent = 14): Line[] => items.map((i) => ({ text: `${i.name} (n = ${fmt(i.n)})`, indent }));

export function renderPrismaSvg(c: PrismaCounts): string {
  const mainW = 320;
  const sideW = 330;
  const gap = 40;
  const left = 20;
  const col1 = left + 30 + 20;
  const side1 = col1 + mainW + gap;
  const other = c.otherMethods;
  const col2 = side1 + sideW + 60;
  const side2 = col2 + mainW + gap;
  const width = (other ? side2 + sideW : side1 + sideW) + 20;

  const dbTotal = c.databases.reduce((s, d) => s + d.n, 0);
  const regTotal = c.registers.reduce((s, d) => s + d.n, 0);
  const identified: Line[] = [
    { text: "Records identified from*:" },
    { text: `Databases (n = ${fmt(dbTotal)})`, indent: 8 },
    ...listLines(c.databases, 22),
    { text: `Registers (n = ${fmt(regTotal)})`, indent: 8 },
    ...listLines(c.registers, 22),
  ];
  const removed: Line[] = [
    { text: "Records removed before screening:" },
    { text: `Duplicate records removed (n = ${fmt(c.duplicates)})`, indent: 8 },
    { text: `Records marked as ineligible by automation tools (n = ${fmt(c.automation)})`, indent: 8 },
    { text: `Records removed for other reasons (n = ${fmt(c.otherRemoved)})`, indent: 8 },
  ];
  const excludedReasons: Line[] = [{ text: "Reports excluded:" }, ...(c.excluded.length ? listLines(c.excluded, 8) : [{ text: "none (n = 0)", indent: 8 }])];
  const otherIdentified: Line[] = other
    ? [
        { text: "Records identified from:" },
        { text: `Websites (n = ${fmt(other.websites)})`, indent: 8 },
        { text: `Organisations (n = ${fmt(other.organisations)})`, indent: 8 },
        { text: `Citation searching (n = ${fmt(other.citations)})`, indent: 8 },
        ...(other.other ? [{ text: `Other (n = ${fmt(other.other)})`, indent: 8 }] : []),
      ]
    : [];
  const otherExcluded: Line[] = other ? [{ text: "Reports excluded:" }, ...(other.excluded.length ? listLines(other.excluded, 8) : [{ text: "none (n = 0)", indent: 8 }])] : [];

  const titleH = 44;
  let y = 20;
  const parts: string[] = [];
  parts.push(drawBox({ x: col1, y, w: mainW + gap + sideW, h: titleH }, [{ text: "Identification of new studies via databases and registers", bold: true }], colours.title, true));
  if (other) parts.push(drawBox({ x: col2, y, w: mainW + gap + sideW, h: titleH }, [{ text: "Identification of new studies via other methods", bold: true }], colours.other, true));
  y += titleH + 25;

  // Row 1: identification
  const r1h = Math.max(boxHeight(identified, mainW), boxHeight(removed, sideW), other ? boxHeight(otherIdentified, mainW) : 0);
  const idBox = { x: col1, y, w: mainW, h: r1h };
  parts.push(drawBox(idBox, identified), drawBox({ x: side1, y, w: sideW, h: r1h }, removed), arrow(col1 + mainW, y + r1h / 2, side1, y + r1h / 2));
  if (other) parts.push(drawBox({ x: col2, y, w: mainW, h: r1h }, otherIdentified));
  const idTop = y;
  y += r1h + 35;

  // Row 2: screening
  const screenedLines: Line[] = [{ text: `Records screened (n = ${fmt(c.screened)})` }];
  const excludedLines: Line[] = [{ text: `Records excluded** (n = ${fmt(c.excludedScreening)})` }];
  const r2h = Math.max(boxHeight(screenedLines, mainW), boxHeight(excludedLines, sideW));
  parts.push(arrow(col1 + mainW / 2, y - 35, col1 + mainW / 2, y));
  parts.push(drawBox({ x: col1, y, w: mainW, h: r2h }, screenedLines), drawBox({ x: side1, y, w: sideW, h: r2h }, excludedLines), arrow(col1 + mainW, y + r2h / 2, side1, y + r2h / 2));
  const screenTop = y;
  y += r2h + 35;

  // Row 3: retrieval
  const soughtLines: Line[] = [{ text: `Reports sought for retrieval (n = ${fmt(c.sought)})` }];
  const notRetrievedLines: Line[] = [{ text: `Reports not retrieved (n = ${fmt(c.notRetrieved)})` }];
  const r3h = Math.max(boxHeight(soughtLines, mainW), boxHeight(notRetrievedLines, sideW));
  parts.push(arrow(col1 + mainW / 2, y - 35, col1 + mainW / 2, y));
  parts.push(drawBox({ x: col1, y, w: mainW, h: r3h }, soughtLines), drawBox({ x: side1, y, w: sideW, h: r3h }, notRetrievedLines), arrow(col1 + mainW, y + r3h / 2, side1, y + r3h / 2));
  if (other) {
    const s2: Line[] = [{ text: `Reports sought for retrieval (n = ${fmt(other.sought)})` }];
    const n2: Line[] = [{ text: `Reports not retrieved (n = ${fmt(other.notRetrieved)})` }];
    parts.push(arrow(col2 + mainW / 2, idTop + r1h, col2 + mainW / 2, y));
    parts.push(drawBox({ x: col2, y, w: mainW, h: r3h }, s2), drawBox({ x: side2, y, w: sideW, h: r3h }, n2), arrow(col2 + mainW, y + r3h / 2, side2, y + r3h / 2));
  }
  y += r3h + 35;

  // Row 4: eligibility
  const assessedLines: Line[] = [{ text: `Reports assessed for eligibility (n = ${fmt(c.assessed)})` }];
  const r4h = Math.max(boxHeight(assessedLines, mainW), boxHeight(excludedReasons, sideW), other ? boxHeight(otherExcluded, sideW) : 0);
  parts.push(arrow(col1 + mainW / 2, y - 35, col1 + mainW / 2, y));
  parts.push(drawBox({ x: col1, y, w: mainW, h: r4h }, assessedLines), drawBox({ x: side1, y, w: sideW, h: r4h }, excludedReasons), arrow(col1 + mainW, y + r4h / 2, side1, y + r4h / 2));
  if (other) {
    parts.push(arrow(col2 + mainW / 2, y - 35, col2 + mainW / 2, y));
    parts.push(
      drawBox({ x: col2, y, w: mainW, h: r4h }, [{ text: `Reports assessed for eligibility (n = ${fmt(other.assessed)})` }]),
      drawBox({ x: side2, y, w: sideW, h: r4h }, otherExcluded),
      arrow(col2 + mainW, y + r4h / 2, side2, y + r4h / 2),
    );
  }
  const assessTop = y;
  y += r4h + 35;

  // Row 5: included
  const includedLines: Line[] = [
    { text: `Studies included in review (n = ${fmt(c.studiesIncluded)})` },
    { text: `Reports of included studies (n = ${fmt(c.reportsIncluded)})` },
  ];
  const r5h = Math.max(boxHeight(includedLines, mainW), 90); // tall enough for the rotated "Included" label
  parts.push(arrow(col1 + mainW / 2, y - 35, col1 + mainW / 2, y));
  parts.push(drawBox({ x: col1, y, w: mainW, h: r5h }, includedLines));
  if (other) {
    // from the other-methods "assessed" box down and across into the shared included box
    const x = col2 + mainW / 2;
    const yMid = y + r5h / 2;
    parts.push(`<polyline points="${x},${assessTop + r4h} ${x},${yMid} ${col1 + mainW},${yMid}" fill="none" stroke="${colours.line}" stroke-width="1.3"/>`);
    parts.push(head(x, yMid, col1 + mainW, yMid));
  }
  const includedTop = y;
  y += r5h;

  // Side labels spanning their rows
  parts.push(sideLabel(left, idTop, r1h, "Identification"));
  parts.push(sideLabel(left, screenTop, assessTop + r4h - screenTop, "Screening"));
  parts.push(sideLabel(left, includedTop, r5h, "Included"));

  const footY = y + 30;
  const notes = [
    "*Consider, if feasible to do so, reporting the number of records identified from each database or register searched (rather than the total number across all databases/registers).",
    "**If automation tools were used, indicate how many records were excluded by a human and how many were excluded by automation tools.",
  ];
  const noteLines = notes.flatMap((n) => wrap(n, width - 40));
  parts.push(
    noteLines.map((l, i) => `<text x="${left}" y="${footY + i * 15}" font-size="11" fill="#444">${esc(l)}</text>`).join(""),
  );
  const sourceLine = `From: Page MJ, et al. BMJ 2021;372:n71. Records identified in total: ${fmt(identifiedTotal(c))}.`;
  parts.push(`<text x="${left}" y="${footY + noteLines.length * 15 + 6}" font-size="11" fill="#444">${esc(sourceLine)}</text>`);
  const height = footY + noteLines.length * 15 + 20;

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, Helvetica, 'DejaVu Sans', sans-serif" font-size="${font}" fill="#111">` +
    `<title>PRISMA 2020 flow diagram</title>` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>` +
    parts.join("") +
    `</svg>`
  );
}
