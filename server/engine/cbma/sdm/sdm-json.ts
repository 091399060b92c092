/**
 * Concord snapshot JSON for SDM: the `concord-coordinates` format (io/concord-json.ts) with the
 * SDM fields added per experiment:
 *
 * ```json
 * { "format": "concord-coordinates", "version": 1, "name": "…",
 *   "experiments": [ { "id": "…", "nPatients": 24, "nControls": 22,
 *      "threshold": { "statistic": "p", "value": 0.001, "corrected": false } | null,
 *      "nullStudy": false, "space": "MNI", "attributes": { "age": 41.2, "modality": "ReHo" },
 *      "foci": [ [x, y, z, t], { "mniMm": [..], "sign": -1, "statistic": "z", "value": 3.1 } ] } ] }
 * ```
 * A 4-number focus is x, y, z and a signed t; a 3-number focus is a positive peak without a value
 * (`statistic: "none"`); the object form covers every other case.
 */
import { tal2icbm } from "../coordinates";
import { parseJsonWithLines } from "../io/nimare-json";
import { CoordinateInputError } from "../types";
import type { PeakStatistic, SdmDataset, SdmExperiment, SdmFocus, StudyThreshold } from "./types";

type Json = Record<string, unknown>;

function num(v: unknown, file: string, field: string, required = true): number | null {
  if (v === null || v === undefined) {
    if (required) throw new CoordinateInputError(`${field} is required`, { file, field });
    return null;
  }
  const x = Number(v);
  if (!Number.isFinite(x)) throw new CoordinateInputError(`${field} must be a number, got ${JSON.stringify(v)}`, { file, field });
  return x;
}

function triple(v: unknown, file: string, field: string): [number, number, number] {
  if (!Array.isArray(v) || v.length < 3) throw new CoordinateInputError(`${field} must be [x, y, z]`, { file, field });
  return [num(v[0], file, field)!, num(v[1], file, field)!, num(v[2], file, field)!];
}

function focusOf(raw: unknown, tal: boolean, file: string, field: string): SdmFocus {
  const toMni = (xyz: [number, number, number]) => (tal ? tal2icbm(xyz, "other") : xyz);
  if (Array.isArray(raw)) {
    const original = triple(raw, file, field);
    if (raw.length >= 4) {
      const t = num(raw[3], file, `${field}[3]`)!;
      if (t === 0) throw new CoordinateInputError(`t must be non-zero`, { file, field: `${field}[3]` });
      return { mniMm: toMni(original), originalMm: original, sign: t > 0 ? 1 : -1, statistic: "t", value: Math.abs(t), stat: t };
    }
    return { mniMm: toMni(original), originalMm: original, sign: 1, statistic: "none", value: null };
  }
  const f = raw as Json;
  if (!f || typeof f !== "object") throw new CoordinateInputError(`focus must be an array or an object`, { file, field });
  const original = triple(f.originalMm ?? f.mniMm, file, `${field}.originalMm`);
  const mniMm = f.mniMm ? triple(f.mniMm, file, `${field}.mniMm`) : toMni(original);
  const statistic = String(f.statistic ?? (f.value === undefined || f.value === null ? "none" : "t")) as PeakStatistic;
  if (!["t", "z", "p", "none"].includes(statistic)) throw new CoordinateInputError(`unknown statistic "${statistic}"`, { file, field: `${field}.statistic` });
  const sign = f.sign === -1 || f.sign === "-" || f.sign === "negative" ? -1 : 1;
  const value = statistic === "none" ? null : num(f.value, file, `${field}.value`)!;
  const stat = typeof f.stat === "number" ? { stat: f.stat } : {};
  return { mniMm, originalMm: original, sign, statistic, value: value === null ? null : statistic === "p" ? value : Math.abs(value), ...stat };
}

function thresholdOf(raw: unknown, file: string, field: string): StudyThreshold | null {
  if (raw === null || raw === undefined) return null;
  const t = raw as Json;
  const statistic = String(t.statistic ?? "t");
  if (!["t", "z", "p"].includes(statistic)) throw new CoordinateInputError(`unknown threshold statistic "${statistic}"`, { file, field });
  return { statistic: statistic as StudyThreshold["statistic"], value: num(t.value, file, `${field}.value`)!, corrected: typeof t.corrected === "boolean" ? t.corrected : null };
}

function experimentOf(raw: unknown, i: number, file: string): SdmExperiment {
  const where = `experiments[${i}]`;
  const e = raw as Json;
  if (!e || typeof e !== "object") throw new CoordinateInputError(`${where} is not an object`, { file, field: where });
  const id = String(e.id ?? `study_${i + 1}`);
  const nPatients = num(e.nPatients ?? e.n1, file, `${where}.nPatients`)!;
  const nControls = num(e.nControls ?? e.n2, file, `${where}.nControls`, false);
  const tal = String(e.space ?? "MNI").toLowerCase().startsWith("tal");
  const rawFoci = e.foci ?? [];
  if (!Array.isArray(rawFoci)) throw new CoordinateInputError(`foci must be an array`, { file, field: `${where}.foci` });
  const foci = rawFoci.map((f, fi) => focusOf(f, tal, file, `${where}.foci[${fi}]`));
  return {
    id,
    studyLabel: String(e.studyLabel ?? e.study ?? id),
    contrastLabel: String(e.contrastLabel ?? e.contrast ?? "patients vs controls"),
    sampleSize: nPatients + (nControls ?? 0),
    space: tal ? "TAL" : "MNI",
    transform: tal ? "tal2icbm_other" : "none",
    foci,
    nPatients,
    nControls,
    threshold: thresholdOf(e.threshold, file, `${where}.threshold`),
    nullStudy: e.nullStudy === true || foci.length === 0,
    attributes: (e.attributes && typeof e.attributes === "object" ? e.attributes : {}) as SdmExperiment["attributes"],
  };
}

/** Parses an SDM snapshot JSON. */
export function parseSdmJson(text: string, file = "<json>"): SdmDataset {
  const root = parseJsonWithLines(text, file) as Json;
  if (!root || typeof root !== "object" || !Array.isArray(root.experiments)) {
    throw new CoordinateInputError("expected an object with an 'experiments' array", { file, field: "experiments" });
  }
  const experiments = (root.experiments as unknown[]).map((e, i) => experimentOf(e, i, file));
  return { name: String(root.name ?? file), experiments, source: { format: "concord-coordinates+sdm", path: file } };
}

/** Serialises an SDM dataset as snapshot JSON (object foci, so nothing is lost). */
export function formatSdmJson(dataset: SdmDataset): string {
  return JSON.stringify(
    {
      format: "concord-coordinates",
      version: 1,
      name: dataset.name,
      experiments: dataset.experiments.map((e) => ({
        id: e.id,
        studyLabel: e.studyLabel,
        contrastLabel: e.contrastLabel,
        nPatients: e.nPatients,
        nControls: e.nControls,
        threshold: e.threshold,
        nullStudy: e.nullStudy,
        space: "MNI",
        attributes: e.attributes ?? {},
        foci: e.foci.map((f) => ({ mniMm: f.mniMm, originalMm: f.originalMm, sign: f.sign, statistic: f.statistic, value: f.value, ...(f.stat !== undefined ? { stat: f.stat } : {}) })),
      })),
    },
    null,
    2,
  );
}
