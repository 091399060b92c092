/**
 * Shared data types of the coordinate-based meta-analysis (CBMA) engine.
 *
 * A `CoordinateDataset` is what every reader (Sleuth text, NiMARE JSON, the app's locked snapshot)
 * produces and what every method (ALE, SDM) consumes. Coordinates are always held in MNI mm;
 * the coordinates as reported in the paper are kept next to them for provenance and export.
 */

/** Reference space in which a paper reported its foci. */
export type CoordinateSpace = "MNI" | "TAL";

/**
 * Which Lancaster (2007) transform was applied to bring Talairach foci to MNI (formats.md d4).
 * `none` means the foci were already MNI.
 */
export type SpaceTransform = "none" | "tal2icbm_spm" | "tal2icbm_fsl" | "tal2icbm_other";

/** One reported peak. */
export interface Focus {
  /** MNI152 coordinate in mm, used by every computation. */
  mniMm: [number, number, number];
  /** The coordinate as it appeared in the source (in `Experiment.space`). */
  originalMm: [number, number, number];
  /** Optional peak statistic as reported (t or z), when the source has one. */
  stat?: number;
}

/** One experiment (contrast) of one study: the unit of an ALE meta-analysis. */
export interface Experiment {
  /** Unique id within the dataset, e.g. `pain_01.nidm-1` or a database id. */
  id: string;
  /** Study label, e.g. `Smith et al., 2010`. Several experiments may share one study. */
  studyLabel: string;
  /** Contrast / experiment name, e.g. `Task > Rest`. */
  contrastLabel: string;
  /** Number of subjects; drives the ALE kernel width. `null` when unknown. */
  sampleSize: number | null;
  /** Space the foci were reported in. */
  space: CoordinateSpace;
  /** Transform applied to reach MNI. */
  transform: SpaceTransform;
  foci: Focus[];
  /** Optional group label used by contrast analyses (e.g. "A" / "B") or other attributes. */
  attributes?: Record<string, string | number | null>;
}

/** A set of experiments with where they came from. */
export interface CoordinateDataset {
  /** Human-readable name (file name, snapshot name). */
  name: string;
  experiments: Experiment[];
  /** Free-form provenance (source file, snapshot id and hash …). */
  source?: Record<string, string | number>;
}

/** Total number of foci in a dataset. */
export function countFoci(dataset: CoordinateDataset): number {
  let n = 0;
  for (const e of dataset.experiments) n += e.foci.length;
  return n;
}

/**
 * Error in an input file: names the file, the 1-based line (when known) and the field.
 * Readers throw this so that the CLI and the app can show a precise message.
 */
export class CoordinateInputError extends Error {
  readonly file: string;
  readonly line: number | null;
  readonly field: string | null;
  constructor(message: string, where: { file: string; line?: number | null; field?: string | null }) {
    const at = where.line != null ? `${where.file}:${where.line}` : where.file;
    super(`${at}: ${message}`);
    this.name = "CoordinateInputError";
    this.file = where.file;
    this.line = where.line ?? null;
    this.field = where.field ?? null;
  }
}
