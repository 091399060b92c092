/**
 * Concord's own coordinate JSON — the serialised `CoordinateDataset` that a locked snapshot
 * exports for analysis runs — plus a tolerant reader of flat "experiments list" JSON files:
 *
 * ```json
 * { "format": "concord-coordinates", "version": 1, "name": "…",
 *   "experiments": [ { "id": "…", "studyLabel": "…", "contrastLabel": "…", "sampleSize": 24,
 *                      "space": "MNI" | "TAL", "foci": [[x, y, z], …] } ] }
 * ```
 * snake_case keys (`study_id`, `contrast_id`, `sample_size`) are accepted too. Foci may also be
 * `{ "mniMm": [..], "originalMm": [..] }` objects (the in-memory shape).
 */
import { DEFAULT_LANCASTER_VARIANT, type LancasterVariant, tal2icbm, transformTag } from "../coordinates";
import { type CoordinateDataset, CoordinateInputError, type Experiment, type Focus } from "../types";
import { parseJsonWithLines } from "./nimare-json";

/** Format tag written by `formatConcordJson`. */
export const CONCORD_COORDINATES_FORMAT = "concord-coordinates";

type Json = Record<string, unknown>;

/** True when a parsed JSON value has an `experiments` array (Concord or flat list format). */
export function isConcordJson(value: unknown): boolean {
  return typeof value === "object" && value !== null && Array.isArray((value as Json).experiments);
}

function triple(v: unknown, file: string, where: string): [number, number, number] {
  if (!Array.isArray(v) || v.length !== 3 || v.some((x) => typeof x !== "number" || !Number.isFinite(x))) {
    throw new CoordinateInputError(`expected [x, y, z] numbers at ${where}, got ${JSON.stringify(v)}`, { file, field: where });
  }
  return [v[0], v[1], v[2]];
}

function focusOf(raw: unknown, tal: boolean, variant: LancasterVariant, file: string, where: string): Focus {
  if (Array.isArray(raw)) {
    const original = triple(raw, file, where);
    return { originalMm: original, mniMm: tal ? tal2icbm(original, variant) : original };
  }
  const f = raw as Json;
  if (f && Array.isArray(f.mniMm)) {
    const mniMm = triple(f.mniMm, file, `${where}.mniMm`);
    return { mniMm, originalMm: f.originalMm ? triple(f.originalMm, file, `${where}.originalMm`) : mniMm, ...(typeof f.stat === "number" ? { stat: f.stat } : {}) };
  }
  throw new CoordinateInputError(`focus must be [x, y, z] or {mniMm, originalMm} at ${where}`, { file, field: where });
}

function experimentOf(raw: unknown, i: number, file: string, variant: LancasterVariant): Experiment {
  const where = `experiments[${i}]`;
  if (typeof raw !== "object" || raw === null) throw new CoordinateInputError(`${where} is not an object`, { file, field: where });
  const e = raw as Json;
  const id = String(e.id ?? `experiment_${i + 1}`);
  const sizeRaw = e.sampleSize ?? e.sample_size ?? null;
  const sampleSize = sizeRaw === null ? null : Number(sizeRaw);
  if (sampleSize !== null && !(sampleSize > 0)) throw new CoordinateInputError(`invalid sample size ${JSON.stringify(sizeRaw)} at ${where}`, { file, field: `${where}.sampleSize` });
  const spaceRaw = String(e.space ?? "MNI").toLowerCase();
  const tal = spaceRaw.startsWith("tal");
  if (!tal && !spaceRaw.startsWith("mni")) throw new CoordinateInputError(`unknown space "${String(e.space)}" at ${where}`, { file, field: `${where}.space` });
  if (!Array.isArray(e.foci)) throw new CoordinateInputError(`missing foci array at ${where}`, { file, field: `${where}.foci` });
  return {
    id,
    studyLabel: String(e.studyLabel ?? e.study_id ?? e.study ?? id),
    contrastLabel: String(e.contrastLabel ?? e.contrast_id ?? e.contrast ?? ""),
    sampleSize,
    space: tal ? "TAL" : "MNI",
    transform: tal ? transformTag(variant) : "none",
    foci: e.foci.map((f: unknown, fi: number) => focusOf(f, tal, variant, file, `${where}.foci[${fi}]`)),
    ...(e.attributes && typeof e.attributes === "object" ? { attributes: e.attributes as Experiment["attributes"] } : {}),
  };
}

/** Parses Concord coordinate JSON (or a flat experiments list) into a dataset. */
export function parseConcordJson(text: string, file = "<json>", variant: LancasterVariant = DEFAULT_LANCASTER_VARIANT): CoordinateDataset {
  const root = parseJsonWithLines(text, file);
  if (!isConcordJson(root)) throw new CoordinateInputError("expected an object with an 'experiments' array", { file, field: "experiments" });
  const obj = root as Json;
  const experiments = (obj.experiments as unknown[]).map((e, i) => experimentOf(e, i, file, variant));
  const ids = new Set<string>();
  experiments.forEach((e, i) => {
    if (ids.has(e.id)) throw new CoordinateInputError(`duplicate experiment id "${e.id}" at experiments[${i}]`, { file, field: `experiments[${i}].id` });
    ids.add(e.id);
  });
  const source = typeof obj.source === "object" && obj.source ? (obj.source as Record<string, string | number>) : { format: "concord-json", file };
  return { name: String(obj.name ?? file.split("/").pop() ?? file), experiments, source };
}

/** Serialises a dataset as Concord coordinate JSON (MNI and original coordinates kept). */
export function formatConcordJson(dataset: CoordinateDataset): string {
  return (
    JSON.stringify(
      {
        format: CONCORD_COORDINATES_FORMAT,
        version: 1,
        name: dataset.name,
        source: dataset.source ?? {},
        experiments: dataset.experiments.map((e) => ({
          id: e.id,
          studyLabel: e.studyLabel,
          contrastLabel: e.contrastLabel,
          sampleSize: e.sampleSize,
          space: e.space,
          transform: e.transform,
          foci: e.foci.map((f) => ({ mniMm: f.mniMm, originalMm: f.originalMm, ...(f.stat !== undefined ? { stat: f.stat } : {}) })),
          ...(e.attributes ? { attributes: e.attributes } : {}),
        })),
      },
      null,
      1,
    ) + "\n"
  );
}
