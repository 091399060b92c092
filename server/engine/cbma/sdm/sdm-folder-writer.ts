/**
 * Exports an SDM dataset (e.g. a locked snapshot) as an SDM-PSI folder that SDM and
 * `readSdmFolder` accept: `sdm_table.txt` + `<study>.other_mni.txt` peak files with signed t
 * (z and p converted to t with the study's degrees of freedom; `p`/`n` for peaks without a value)
 * or `<study>.no_peaks.txt` for null studies.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { statisticToT, studyDesign, thresholdToT } from "./effect-size";
import { SDM_TABLE_FILE } from "./sdm-folder";
import type { SdmDataset } from "./types";

/** File-safe SDM study names, unique within the dataset. */
export function sdmStudyNames(dataset: SdmDataset): string[] {
  const used = new Set<string>();
  return dataset.experiments.map((e) => {
    const base = e.id.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "study";
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  });
}

function formatNumber(x: number): string {
  return String(Number(x.toFixed(4)));
}

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return "";
  return String(v).replace(/[\t\r\n]+/g, " ");
}

/** The folder's files as name → text. */
export function formatSdmFolder(dataset: SdmDataset): Map<string, string> {
  const names = sdmStudyNames(dataset);
  const attributeKeys: string[] = [];
  for (const e of dataset.experiments) {
    for (const key of Object.keys(e.attributes ?? {})) {
      if (!attributeKeys.includes(key) && key !== "sdm_peak_file" && key !== "coordinate_transform") attributeKeys.push(key);
    }
  }
  const hasThresholdType = dataset.experiments.some((e) => e.threshold?.corrected !== undefined && e.threshold?.corrected !== null);
  const header = ["study", "n1", "n2", "t_thr", ...(hasThresholdType ? ["thr_type"] : []), ...attributeKeys];
  const rows = [header.join("\t")];
  const files = new Map<string, string>();
  dataset.experiments.forEach((e, i) => {
    const design = studyDesign(e.nPatients, e.nControls, `study ${e.id}`);
    const tThr = e.threshold ? formatNumber(thresholdToT(e.threshold, design.df)) : "";
    const type = e.threshold?.corrected === true ? "corrected" : e.threshold?.corrected === false ? "uncorrected" : "";
    rows.push(
      [names[i], cell(e.nPatients), cell(e.nControls), tThr, ...(hasThresholdType ? [type] : []), ...attributeKeys.map((k) => cell(e.attributes?.[k]))].join("\t"),
    );
    const foci = e.nullStudy ? [] : e.foci;
    if (foci.length === 0) {
      files.set(`${names[i]}.no_peaks.txt`, "");
      return;
    }
    const lines = foci.map((f) => {
      const t = f.statistic === "none" || f.value === null ? (f.sign > 0 ? "p" : "n") : formatNumber(f.sign * Math.abs(statisticToT(f.statistic, f.value, design.df)));
      return `${f.mniMm.map(formatNumber).join(",")},${t}`;
    });
    files.set(`${names[i]}.other_mni.txt`, `${lines.join("\n")}\n`);
  });
  files.set(SDM_TABLE_FILE, `${rows.join("\n")}\n`);
  return files;
}

/** Writes the folder (created if missing; existing files of the same names are replaced). */
export function writeSdmFolder(dir: string, dataset: SdmDataset): string[] {
  mkdirSync(dir, { recursive: true });
  const files = formatSdmFolder(dataset);
  for (const [name, text] of files) writeFileSync(path.join(dir, name), text);
  return [...files.keys()];
}
