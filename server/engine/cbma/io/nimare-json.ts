/**
 * NiMARE coordinate JSON (formats.md d2): the legacy `Dataset` dict and the NIMADS `Studyset`,
 * reader and writers. Errors name the file, the line (for syntax errors) and the JSON path.
 *
 * Sample size per experiment = mean of `metadata.sample_sizes`, as NiMARE (cbma.md A1).
 */
import { DEFAULT_LANCASTER_VARIANT, type LancasterVariant, tal2icbm, transformTag } from "../coordinates";
import { jsonErrorOffset } from "./json-position";
import { type CoordinateDataset, CoordinateInputError, type CoordinateSpace, type Experiment, type Focus } from "../types";

/** Options of `parseNimareJson`. */
export interface NimareJsonReadOptions {
  talairachVariant: LancasterVariant;
}

/** Defaults of `parseNimareJson`. */
export const DEFAULT_NIMARE_JSON_READ_OPTIONS: NimareJsonReadOptions = Object.freeze({
  talairachVariant: DEFAULT_LANCASTER_VARIANT,
});

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Parses JSON text, turning a syntax error's character position into a line number. */
export function parseJsonWithLines(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const offset = jsonErrorOffset(text);
    const line = offset === null ? null : text.slice(0, offset).split("\n").length;
    throw new CoordinateInputError(`invalid JSON (${msg})`, { file, line });
  }
}

function spaceOf(value: unknown, file: string, where: string): CoordinateSpace {
  const s = String(value ?? "MNI").toLowerCase();
  if (s.startsWith("mni") || s === "ale_2mm") return "MNI";
  if (s.startsWith("tal")) return "TAL";
  throw new CoordinateInputError(`unknown coordinate space "${String(value)}" at ${where}`, { file, field: where });
}

function sampleSizeOf(meta: unknown, file: string, where: string): number | null {
  if (!isObject(meta)) return null;
  const list = meta.sample_sizes ?? meta.sample_size;
  if (list == null) return null;
  const values = (Array.isArray(list) ? list : [list]).map(Number);
  if (values.length === 0) return null;
  if (values.some((v) => !(v > 0))) throw new CoordinateInputError(`invalid sample size ${JSON.stringify(list)} at ${where}`, { file, field: where });
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function toFocus(xyz: number[], space: CoordinateSpace, variant: LancasterVariant, file: string, where: string): Focus {
  if (xyz.length !== 3 || xyz.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new CoordinateInputError(`expected 3 finite numbers at ${where}, got ${JSON.stringify(xyz)}`, { file, field: where });
  }
  const original = xyz as [number, number, number];
  return { originalMm: original, mniMm: space === "TAL" ? tal2icbm(original, variant) : original };
}

function legacyExperiment(studyId: string, contrastId: string, c: Json, file: string, variant: LancasterVariant): Experiment | null {
  const where = `${studyId}/contrasts/${contrastId}`;
  const coords = c.coords;
  if (!isObject(coords)) return null;
  const { x, y, z } = coords as { x?: unknown; y?: unknown; z?: unknown };
  if (!Array.isArray(x) || !Array.isArray(y) || !Array.isArray(z) || x.length !== y.length || x.length !== z.length) {
    throw new CoordinateInputError(`coords.x/y/z must be arrays of equal length at ${where}`, { file, field: `${where}/coords` });
  }
  const space = spaceOf(coords.space, file, `${where}/coords/space`);
  return {
    id: `${studyId}-${contrastId}`,
    studyLabel: studyId,
    contrastLabel: contrastId,
    sampleSize: sampleSizeOf(c.metadata, file, `${where}/metadata/sample_sizes`),
    space,
    transform: space === "TAL" ? transformTag(variant) : "none",
    foci: x.map((_, i) => toFocus([x[i], y[i], z[i]], space, variant, file, `${where}/coords[${i}]`)),
  };
}

function studysetExperiments(root: Json, file: string, variant: LancasterVariant): Experiment[] {
  if (!Array.isArray(root.studies)) throw new CoordinateInputError("NIMADS studyset without a 'studies' array", { file, field: "studies" });
  return root.studies.flatMap((study: unknown, si: number) => {
    if (!isObject(study) || !Array.isArray(study.analyses)) return [];
    const studyId = String(study.id ?? `study_${si + 1}`);
    return study.analyses.flatMap((a: unknown, ai: number): Experiment[] => {
      const where = `studies[${si}]/analyses[${ai}]`;
      if (!isObject(a) || !Array.isArray(a.points) || a.points.length === 0) return [];
      const points = a.points as Json[];
      const space = spaceOf(points[0]?.space, file, `${where}/points[0]/space`);
      const meta = isObject(a.metadata) && (a.metadata.sample_sizes ?? a.metadata.sample_size) != null ? a.metadata : study.metadata;
      return [
        {
          id: `${studyId}-${String(a.id ?? ai + 1)}`,
          studyLabel: String(study.name || studyId),
          contrastLabel: String(a.name || a.id || ai + 1),
          sampleSize: sampleSizeOf(meta, file, `${where}/metadata/sample_sizes`),
          space,
          transform: space === "TAL" ? transformTag(variant) : "none",
          foci: points.map((p, pi) => toFocus(p.coordinates as number[], space, variant, file, `${where}/points[${pi}]/coordinates`)),
        },
      ];
    });
  });
}

/** True when a parsed JSON value looks like NiMARE's legacy Dataset dict or a NIMADS Studyset. */
export function isNimareJson(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (Array.isArray(value.studies)) return true;
  return Object.values(value).some((s) => isObject(s) && isObject(s.contrasts));
}

/** Parses NiMARE legacy Dataset JSON or a NIMADS Studyset into a dataset. */
export function parseNimareJson(text: string, file = "<json>", options: Partial<NimareJsonReadOptions> = {}): CoordinateDataset {
  const { talairachVariant } = { ...DEFAULT_NIMARE_JSON_READ_OPTIONS, ...options };
  const root = parseJsonWithLines(text, file);
  if (!isNimareJson(root)) throw new CoordinateInputError("not a NiMARE Dataset or NIMADS Studyset JSON", { file });
  const obj = root as Json;
  const experiments = Array.isArray(obj.studies)
    ? studysetExperiments(obj, file, talairachVariant)
    : Object.entries(obj).flatMap(([studyId, s]) =>
        isObject(s) && isObject(s.contrasts)
          ? Object.entries(s.contrasts).flatMap(([cid, c]) => {
              const e = isObject(c) ? legacyExperiment(studyId, cid, c, file, talairachVariant) : null;
              return e && e.foci.length > 0 ? [e] : [];
            })
          : [],
      );
  if (experiments.length === 0) throw new CoordinateInputError("no experiments with coordinates found", { file });
  return { name: file.split("/").pop() ?? file, experiments, source: { format: "nimare-json", file } };
}

/** Writes NiMARE's legacy Dataset JSON (MNI coordinates), grouped by study label. */
export function formatNimareDatasetJson(dataset: CoordinateDataset): string {
  const out: Record<string, { contrasts: Record<string, unknown> }> = {};
  for (const e of dataset.experiments) {
    const study = (out[e.studyLabel] ??= { contrasts: {} });
    study.contrasts[e.contrastLabel] = {
      coords: { space: "MNI", x: e.foci.map((f) => f.mniMm[0]), y: e.foci.map((f) => f.mniMm[1]), z: e.foci.map((f) => f.mniMm[2]) },
      metadata: e.sampleSize === null ? {} : { sample_sizes: [e.sampleSize] },
    };
  }
  return JSON.stringify(out, null, 2) + "\n";
}

/** Writes a NIMADS Studyset (the NiMARE ≥ 1.0 direction; formats.md d2). */
export function formatNimadsStudyset(dataset: CoordinateDataset, id = dataset.name): string {
  const studies = new Map<string, { id: string; name: string; analyses: unknown[] }>();
  for (const e of dataset.experiments) {
    const s = studies.get(e.studyLabel) ?? { id: e.studyLabel, name: e.studyLabel, analyses: [] };
    studies.set(e.studyLabel, s);
    s.analyses.push({
      id: e.id,
      name: e.contrastLabel,
      points: e.foci.map((f) => ({ space: "MNI", coordinates: f.mniMm })),
      metadata: e.sampleSize === null ? {} : { sample_sizes: [e.sampleSize] },
    });
  }
  return JSON.stringify({ id, name: dataset.name, studies: [...studies.values()] }, null, 2) + "\n";
}
