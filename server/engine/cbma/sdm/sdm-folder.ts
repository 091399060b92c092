/**
 * SDM-PSI input folders (formats.md d3): `sdm_table.txt` (tab-separated: study, n1, n2, t_thr, an
 * optional threshold-type column, then moderators) plus one peak file per study named
 * `<study>.<software>_<space>.txt` with `x,y,z,t` lines (`p`/`n` in the t column: a positive/negative
 * peak without a value; `.no_peaks.txt`: the study found nothing).
 *
 * Coordinates: `_mni` files are MNI; `_brett` files hold MNI coordinates that were converted to
 * Talairach with Brett's mni2tal and are brought back with Brett's tal2mni; `other_tal` files are
 * Talairach and are converted with Lancaster's tal2icbm ("other" matrix).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { tal2icbm } from "../coordinates";
import { CoordinateInputError } from "../types";
import type { SdmDataset, SdmExperiment, SdmFocus, StudyThreshold } from "./types";

/** Peak-file suffixes SDM accepts (v4.31+). */
export const SDM_PEAK_SUFFIXES = Object.freeze(["spm_mni", "fsl_mni", "other_mni", "spm_brett", "fsl_brett", "other_tal", "no_peaks"] as const);
export type SdmPeakSuffix = (typeof SDM_PEAK_SUFFIXES)[number];

/** Name of the study table inside the folder. */
export const SDM_TABLE_FILE = "sdm_table.txt";

const THRESHOLD_TYPE_COLUMNS = new Set(["thr_type", "threshold_type", "t_thr_type", "correction", "corrected"]);

type Matrix3 = [number, number, number][];
// Brett's mni2tal: separate transforms above (z ≥ 0) and below the AC.
const BRETT_UP: Matrix3 = [[0.99, 0, 0], [0, 0.9688, 0.046], [0, -0.0485, 0.9189]];
const BRETT_DOWN: Matrix3 = [[0.99, 0, 0], [0, 0.9688, 0.042], [0, -0.0485, 0.839]];

function solve3(m: Matrix3, v: [number, number, number]): [number, number, number] {
  const det = (a: Matrix3) =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const d = det(m);
  return [0, 1, 2].map((c) => det(m.map((row, r) => row.map((x, j) => (j === c ? v[r] : x))) as Matrix3) / d) as [number, number, number];
}

/** Brett's tal2mni (inverse of mni2tal; the lower transform for Talairach z < 0). */
export function brettTal2Mni(tal: readonly [number, number, number]): [number, number, number] {
  return solve3(tal[2] < 0 ? BRETT_DOWN : BRETT_UP, [tal[0], tal[1], tal[2]]);
}

/** Brett's mni2tal. */
export function brettMni2Tal(mni: readonly [number, number, number]): [number, number, number] {
  const m = mni[2] < 0 ? BRETT_DOWN : BRETT_UP;
  return [0, 1, 2].map((r) => m[r][0] * mni[0] + m[r][1] * mni[1] + m[r][2] * mni[2]) as [number, number, number];
}

function splitRow(line: string): string[] {
  return (line.includes("\t") ? line.split("\t") : line.trim().split(/\s+/)).map((c) => c.trim());
}

function parseNumberCell(cell: string, file: string, line: number, field: string, required: boolean): number | null {
  if (cell === "" || cell.toUpperCase() === "NA") {
    if (required) throw new CoordinateInputError(`${field} is required`, { file, line, field });
    return null;
  }
  const x = Number(cell);
  if (!Number.isFinite(x)) throw new CoordinateInputError(`${field} must be a number, got "${cell}"`, { file, line, field });
  return x;
}

/** One row of `sdm_table.txt`. */
export interface SdmTableRow {
  study: string;
  n1: number;
  n2: number | null;
  tThreshold: number | null;
  thresholdType: string | null;
  attributes: Record<string, string | number | null>;
  line: number;
}

/** Parses the study table. */
export function parseSdmTable(text: string, file = SDM_TABLE_FILE): SdmTableRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== "");
  if (headerAt < 0) throw new CoordinateInputError("empty study table", { file });
  const header = splitRow(lines[headerAt]).map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const required of ["study", "n1"]) {
    if (col(required) < 0) throw new CoordinateInputError(`missing column "${required}" (header: ${header.join(", ")})`, { file, line: headerAt + 1, field: required });
  }
  const rows: SdmTableRow[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    if (lines[i].trim() === "" || lines[i].trim().startsWith("#")) continue;
    const cells = splitRow(lines[i]);
    const get = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? "") : "");
    const line = i + 1;
    const study = get("study");
    if (!study) throw new CoordinateInputError("study name is empty", { file, line, field: "study" });
    const attributes: Record<string, string | number | null> = {};
    let thresholdType: string | null = null;
    header.forEach((h, c) => {
      if (["study", "n1", "n2", "t_thr"].includes(h)) return;
      const cell = cells[c] ?? "";
      if (THRESHOLD_TYPE_COLUMNS.has(h)) thresholdType = cell || null;
      else attributes[h] = cell === "" || cell.toUpperCase() === "NA" ? null : Number.isFinite(Number(cell)) ? Number(cell) : cell;
    });
    rows.push({
      study,
      n1: parseNumberCell(get("n1"), file, line, "n1", true)!,
      n2: parseNumberCell(get("n2"), file, line, "n2", false),
      tThreshold: parseNumberCell(get("t_thr"), file, line, "t_thr", false),
      thresholdType,
      attributes,
      line,
    });
  }
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.study)) throw new CoordinateInputError(`study "${r.study}" appears twice`, { file, line: r.line, field: "study" });
    seen.add(r.study);
  }
  return rows;
}

function toMni(suffix: SdmPeakSuffix, xyz: [number, number, number]): [number, number, number] {
  if (suffix.endsWith("_brett")) return brettTal2Mni(xyz);
  if (suffix === "other_tal") return tal2icbm(xyz, "other");
  return xyz;
}

/** Parses one peak file. */
export function parseSdmPeaks(text: string, suffix: SdmPeakSuffix, file: string): SdmFocus[] {
  if (suffix === "no_peaks") return [];
  const foci: SdmFocus[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("//")) return;
    const cells = line.split(/[,;\t ]+/).filter((c) => c !== "");
    if (cells.length < 4) throw new CoordinateInputError(`expected "x,y,z,t", got "${line}"`, { file, line: i + 1, field: "t" });
    const xyz = cells.slice(0, 3).map((c, a) => {
      const v = Number(c);
      if (!Number.isFinite(v)) throw new CoordinateInputError(`${"xyz"[a]} must be a number, got "${c}"`, { file, line: i + 1, field: "xyz"[a] });
      return v;
    }) as [number, number, number];
    const tCell = cells[3].toLowerCase();
    const original = xyz;
    const mni = toMni(suffix, xyz);
    if (tCell === "p" || tCell === "n") {
      foci.push({ mniMm: mni, originalMm: original, sign: tCell === "p" ? 1 : -1, statistic: "none", value: null });
      return;
    }
    const t = Number(cells[3]);
    if (!Number.isFinite(t) || t === 0) throw new CoordinateInputError(`t must be a non-zero number, "p" or "n", got "${cells[3]}"`, { file, line: i + 1, field: "t" });
    foci.push({ mniMm: mni, originalMm: original, sign: t > 0 ? 1 : -1, statistic: "t", value: Math.abs(t), stat: t });
  });
  return foci;
}

/** Builds the dataset from the table and the peak files' texts (keyed by file name). */
export function parseSdmFolderContents(name: string, tableText: string, files: ReadonlyMap<string, string>, dir = "."): SdmDataset {
  const tableFile = path.join(dir, SDM_TABLE_FILE);
  const rows = parseSdmTable(tableText, tableFile);
  const experiments = rows.map((row): SdmExperiment => {
    const matches = SDM_PEAK_SUFFIXES.filter((s) => files.has(`${row.study}.${s}.txt`));
    if (matches.length === 0) {
      throw new CoordinateInputError(`no peak file for study "${row.study}" (expected ${row.study}.<software>_<space>.txt, e.g. ${row.study}.spm_mni.txt)`, { file: tableFile, line: row.line, field: "study" });
    }
    if (matches.length > 1) {
      throw new CoordinateInputError(`several peak files for study "${row.study}": ${matches.map((s) => `${row.study}.${s}.txt`).join(", ")}`, { file: tableFile, line: row.line, field: "study" });
    }
    const suffix = matches[0];
    const peakFile = `${row.study}.${suffix}.txt`;
    const foci = parseSdmPeaks(files.get(peakFile)!, suffix, path.join(dir, peakFile));
    const threshold: StudyThreshold | null = row.tThreshold !== null ? { statistic: "t", value: Math.abs(row.tThreshold), corrected: row.thresholdType === null ? null : /^(corr|fwe|fdr|yes|1|true)/i.test(row.thresholdType) } : null;
    return {
      id: row.study,
      studyLabel: row.study,
      contrastLabel: "patients vs controls",
      sampleSize: row.n1 + (row.n2 ?? 0),
      space: suffix.endsWith("_mni") || suffix === "no_peaks" ? "MNI" : "TAL",
      // Brett-converted files have no SpaceTransform tag of their own; the attribute records it.
      transform: suffix === "other_tal" ? "tal2icbm_other" : "none",
      foci,
      nPatients: row.n1,
      nControls: row.n2,
      threshold,
      nullStudy: foci.length === 0,
      attributes: { ...row.attributes, sdm_peak_file: suffix, ...(suffix.endsWith("_brett") ? { coordinate_transform: "brett_tal2mni" } : {}) },
    };
  });
  return { name, experiments, source: { format: "sdm-psi folder", path: dir } };
}

/** Reads an SDM-PSI folder from disk. */
export function readSdmFolder(dir: string): SdmDataset {
  const names = readdirSync(dir);
  if (!names.includes(SDM_TABLE_FILE)) throw new CoordinateInputError(`missing ${SDM_TABLE_FILE}`, { file: dir });
  const files = new Map<string, string>();
  for (const n of names) if (n !== SDM_TABLE_FILE && n.endsWith(".txt")) files.set(n, readFileSync(path.join(dir, n), "utf8"));
  return parseSdmFolderContents(path.basename(path.resolve(dir)), readFileSync(path.join(dir, SDM_TABLE_FILE), "utf8"), files, dir);
}
