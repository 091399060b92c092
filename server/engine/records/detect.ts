import { REFER_TAG } from "./refer";
import type { CitationFormat } from "./types";

/** Looks at the start of the text (first ~64 KB / 200 lines) and names the format, or null. */
export function detectFormat(text: string, fileName = ""): CitationFormat | null {
  const head = text.slice(0, 65536).replace(/^\uFEFF/, "");
  const lines = head.split(/\r\n|\r|\n/, 200).map((l) => l.replace(/^\uFEFF/, ""));
  const firstLine = lines.find((l) => l.trim() !== "") ?? "";
  if (/^\s*<(\?xml|xml\b|records\b)/.test(head) && /<record\b/.test(head)) return "endnote-xml";
  if (/^(FN|VR) /.test(firstLine) || (/^PT [A-Z]\s*$/.test(firstLine) && lines.some((l) => /^(AU|TI|UT) /.test(l)))) return "wos";
  if (firstLine.includes("\t") && /(^|\t)PT(\t|$)/.test(firstLine) && /(^|\t)(TI|AU|UT)(\t|$)/.test(firstLine)) return "wos-tsv";
  // refer: "%0 Journal Article", "%A …", "%T …" (BibTeX comments also start with "%", but not as tag + space)
  const referTags = lines.filter((l) => REFER_TAG.test(l));
  if (REFER_TAG.test(firstLine) && referTags.length >= 3 && referTags.some((l) => /^%[0TA][ \t]/.test(l))) return "refer";
  const risTags = lines.filter((l) => /^\r?([A-Z][A-Z0-9]) {1,2}-( |$)/.test(l));
  if (risTags.some((l) => /^\r?TY {1,2}- /.test(l)) || (risTags.length >= 2 && risTags.some((l) => /^ER {1,2}-/.test(l)))) return "ris";
  if (lines.some((l) => /^PMID- ?\d/.test(l)) || lines.filter((l) => /^[A-Z][A-Z0-9 ]{3}- /.test(l)).length >= 3) return "medline";
  if (/^\s*@[A-Za-z]+\s*[{(]/m.test(head)) return "bibtex";
  if (looksLikeCsv(lines) || /\.(csv|tsv)$/i.test(fileName)) return looksLikeCsv(lines) ? "csv" : null;
  return null;
}

function looksLikeCsv(lines: string[]): boolean {
  const header = lines.find((l) => l.trim() !== "");
  if (!header) return false;
  const delimiter = [",", ";", "\t"].find((d) => header.split(d).length >= 2);
  if (!delimiter) return false;
  const cells = header.split(delimiter);
  while (cells.length > 2 && cells[cells.length - 1].trim() === "") cells.pop(); // Scopus' trailing comma
  return cells.every((cell) => cell.trim() !== "" && cell.trim().length < 120);
}
