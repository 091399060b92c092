/**
 * BrainMap Sleuth / GingerALE foci text (formats.md d1): reader and writer.
 *
 * Tolerant of real files: `// Reference = MNI` with spaces, lines holding only tabs/spaces as
 * separators, trailing tabs, space- or comma-separated coordinates, several label lines, a
 * `// Reference=` line in the middle (concatenated files), DOI/PubmedId lines, CRLF, BOM and
 * non-breaking spaces. Malformed content throws a `CoordinateInputError` naming the line.
 */
import { DEFAULT_LANCASTER_VARIANT, type LancasterVariant, icbm2tal, tal2icbm, transformTag } from "../coordinates";
import { type CoordinateDataset, CoordinateInputError, type CoordinateSpace, type Experiment } from "../types";

/** Options of `parseSleuth`. */
export interface SleuthReadOptions {
  /** Lancaster variant for Talairach → MNI (default "other", as NiMARE's Sleuth reader). */
  talairachVariant: LancasterVariant;
  /** Accept experiments without `// Subjects=` (sample size null) instead of failing. */
  allowMissingSampleSize: boolean;
}

/** Defaults of `parseSleuth`. */
export const DEFAULT_SLEUTH_READ_OPTIONS: SleuthReadOptions = Object.freeze({
  talairachVariant: DEFAULT_LANCASTER_VARIANT,
  allowMissingSampleSize: false,
});

/** Parsed file plus non-fatal remarks (e.g. experiments without foci, renamed duplicate ids). */
export interface SleuthReadResult {
  dataset: CoordinateDataset;
  warnings: string[];
}

const SPACES: Record<string, CoordinateSpace> = { mni: "MNI", tal: "TAL", talairach: "TAL" };

interface Block {
  space: CoordinateSpace;
  labels: string[];
  headerLine: number;
  sampleSize: number | null;
  foci: { xyz: [number, number, number]; line: number }[];
}

/** Splits a study label like `Smith et al., 2010: Task > Rest` into study and contrast. */
export function splitSleuthLabel(label: string): { study: string; contrast: string } {
  const m = /^(.*?)\s*[:;]\s*(.*)$/.exec(label);
  if (m && m[1]) return { study: m[1], contrast: m[2] || "analysis_1" };
  return { study: label, contrast: "analysis_1" };
}

function parseHeader(body: string, line: number, file: string, state: { space: CoordinateSpace | null }, block: Block | null): Block | null {
  const ref = /^reference\s*=\s*(.*)$/i.exec(body);
  if (ref) {
    const space = SPACES[ref[1].trim().toLowerCase()];
    if (!space) throw new CoordinateInputError(`unknown reference space "${ref[1].trim()}" (expected MNI or Talairach)`, { file, line, field: "Reference" });
    state.space = space;
    return block;
  }
  const subj = /^subjects\s*=\s*(.*)$/i.exec(body);
  if (subj) {
    const n = Number(subj[1].trim());
    if (!(n > 0) || !Number.isFinite(n)) throw new CoordinateInputError(`invalid number of subjects "${subj[1].trim()}"`, { file, line, field: "Subjects" });
    if (!block) throw new CoordinateInputError("Subjects line before any experiment label", { file, line, field: "Subjects" });
    block.sampleSize = n;
    return block;
  }
  if (/^(doi|pubmedid|pmid)\s*=/i.test(body)) return block;
  if (block && block.foci.length > 0) throw new CoordinateInputError("experiment label directly after foci; separate experiments with a blank line", { file, line, field: "label" });
  if (!state.space) throw new CoordinateInputError("missing '// Reference=MNI' or '// Reference=Talairach' before the first experiment", { file, line, field: "Reference" });
  const b = block ?? { space: state.space, labels: [], headerLine: line, sampleSize: null, foci: [] };
  b.labels.push(body);
  return b;
}

function parseFocus(text: string, line: number, file: string): [number, number, number] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length !== 3) throw new CoordinateInputError(`expected 3 coordinates "x y z", got ${parts.length} value(s): "${text}"`, { file, line, field: "focus" });
  const xyz = parts.map(Number);
  const bad = xyz.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new CoordinateInputError(`coordinate ${"xyz"[bad]} is not a number: "${parts[bad]}"`, { file, line, field: "xyz"[bad] });
  return xyz as [number, number, number];
}

function splitBlocks(text: string, file: string): Block[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const state: { space: CoordinateSpace | null } = { space: null };
  const blocks: Block[] = [];
  let block: Block | null = null;
  lines.forEach((raw, idx) => {
    const line = idx + 1;
    const text = raw.replace(/\u00a0/g, " ").trim();
    if (!text) {
      if (block) blocks.push(block);
      block = null;
      return;
    }
    if (text.startsWith("//")) {
      block = parseHeader(text.slice(2).trim(), line, file, state, block);
      return;
    }
    if (!block) throw new CoordinateInputError(`coordinates without an experiment header ("// <study>" and "// Subjects=N")`, { file, line, field: "focus" });
    block.foci.push({ xyz: parseFocus(text, line, file), line });
  });
  if (block) blocks.push(block);
  return blocks;
}

/** Parses Sleuth text into a dataset (coordinates converted to MNI). */
export function parseSleuth(text: string, file = "<sleuth>", options: Partial<SleuthReadOptions> = {}): SleuthReadResult {
  const opts = { ...DEFAULT_SLEUTH_READ_OPTIONS, ...options };
  const warnings: string[] = [];
  const experiments: Experiment[] = [];
  const ids = new Set<string>();
  for (const b of splitBlocks(text, file)) {
    if (b.sampleSize === null && !opts.allowMissingSampleSize) {
      throw new CoordinateInputError(`experiment "${b.labels[0]}" has no "// Subjects=N" line`, { file, line: b.headerLine, field: "Subjects" });
    }
    if (b.foci.length === 0) {
      warnings.push(`${file}:${b.headerLine}: experiment "${b.labels[0]}" has no foci; skipped`);
      continue;
    }
    const { study, contrast } = splitSleuthLabel(b.labels[0]);
    const base = `${study}-${contrast}`;
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base} (${n})`;
    if (id !== base) warnings.push(`${file}:${b.headerLine}: duplicate experiment label "${b.labels[0]}"; id renamed to "${id}"`);
    ids.add(id);
    const tal = b.space === "TAL";
    experiments.push({
      id,
      studyLabel: study,
      contrastLabel: b.labels.length > 1 ? b.labels.map((l) => splitSleuthLabel(l).contrast).join(" | ") : contrast,
      sampleSize: b.sampleSize,
      space: b.space,
      transform: tal ? transformTag(opts.talairachVariant) : "none",
      foci: b.foci.map((f) => ({ originalMm: f.xyz, mniMm: tal ? tal2icbm(f.xyz, opts.talairachVariant) : f.xyz })),
    });
  }
  if (experiments.length === 0) throw new CoordinateInputError("no experiments with foci found", { file });
  return { dataset: { name: file.split("/").pop() ?? file, experiments, source: { format: "sleuth", file } }, warnings };
}

/** Options of `formatSleuth`. */
export interface SleuthWriteOptions {
  /** Space to write: MNI (the engine's coordinates) or Talairach (converted with icbm2tal). */
  space: CoordinateSpace;
  talairachVariant: LancasterVariant;
  /** Decimals for coordinates (values are rounded, trailing zeros dropped). */
  decimals: number;
}

/** Defaults of `formatSleuth`. */
export const DEFAULT_SLEUTH_WRITE_OPTIONS: SleuthWriteOptions = Object.freeze({
  space: "MNI",
  talairachVariant: DEFAULT_LANCASTER_VARIANT,
  decimals: 3,
});

function num(v: number, decimals: number): string {
  const r = Number(v.toFixed(decimals));
  return String(Object.is(r, -0) ? 0 : r);
}

/** Writes a dataset as Sleuth text that GingerALE and NiMARE read. */
export function formatSleuth(dataset: CoordinateDataset, options: Partial<SleuthWriteOptions> = {}): string {
  const opts = { ...DEFAULT_SLEUTH_WRITE_OPTIONS, ...options };
  const out: string[] = [`// Reference=${opts.space === "MNI" ? "MNI" : "Talairach"}`];
  dataset.experiments.forEach((e, i) => {
    if (e.sampleSize === null) throw new Error(`formatSleuth: experiment "${e.id}" has no sample size (Sleuth requires "// Subjects=N")`);
    if (i > 0) out.push("");
    const label = `${e.studyLabel}: ${e.contrastLabel}`.replace(/[\r\n]+/g, " ");
    out.push(`// ${label}`, `// Subjects=${e.sampleSize}`);
    for (const f of e.foci) {
      const xyz = opts.space === "MNI" ? f.mniMm : icbm2tal(f.mniMm, opts.talairachVariant);
      out.push(xyz.map((v) => num(v, opts.decimals)).join("\t"));
    }
  });
  return out.join("\n") + "\n";
}
