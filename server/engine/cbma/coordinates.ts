/**
 * Talairach ↔ MNI (ICBM-152) conversion with the Lancaster et al. (2007) transforms
 * (formats.md d4, pinned to BrainMap's icbm_*2tal.m files).
 *
 * `icbm2tal` maps MNI → Talairach with M; `tal2icbm` maps Talairach → MNI with M⁻¹.
 * The matrix depends on the software that normalised the original data.
 */
import type { SpaceTransform } from "./types";

/** Which normalisation software the coordinates came from. */
export type LancasterVariant = "spm" | "fsl" | "other";

type Matrix4 = readonly [readonly number[], readonly number[], readonly number[], readonly number[]];

/** MNI → Talairach matrices (rows), Lancaster 2007, as in BrainMap's `icbm_<variant>2tal.m`. */
export const ICBM2TAL_MATRICES: Readonly<Record<LancasterVariant, Matrix4>> = Object.freeze({
  spm: [
    [0.9254, 0.0024, -0.0118, -1.0207],
    [-0.0048, 0.9316, -0.0871, -1.7667],
    [0.0152, 0.0883, 0.8924, 4.0926],
    [0, 0, 0, 1],
  ],
  fsl: [
    [0.9464, 0.0034, -0.0026, -1.068],
    [-0.0083, 0.9479, -0.058, -1.0239],
    [0.0053, 0.0617, 0.901, 3.1883],
    [0, 0, 0, 1],
  ],
  other: [
    [0.9357, 0.0029, -0.0072, -1.0423],
    [-0.0065, 0.9396, -0.0726, -1.394],
    [0.0103, 0.0752, 0.8967, 3.6475],
    [0, 0, 0, 1],
  ],
});

/**
 * Default variant. NiMARE's `tal2mni`/`mni2tal` (used by its Sleuth reader) use the "other"
 * matrix, so Talairach Sleuth files give the same MNI foci as in NiMARE.
 */
export const DEFAULT_LANCASTER_VARIANT: LancasterVariant = "other";

function apply(m: Matrix4, p: readonly [number, number, number]): [number, number, number] {
  const [x, y, z] = p;
  return [0, 1, 2].map((r) => m[r][0] * x + m[r][1] * y + m[r][2] * z + m[r][3]) as [number, number, number];
}

function invert3x4(m: Matrix4): Matrix4 {
  const [a, b, c] = [m[0], m[1], m[2]];
  const det =
    a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]);
  const inv = [
    [(b[1] * c[2] - b[2] * c[1]) / det, (a[2] * c[1] - a[1] * c[2]) / det, (a[1] * b[2] - a[2] * b[1]) / det],
    [(b[2] * c[0] - b[0] * c[2]) / det, (a[0] * c[2] - a[2] * c[0]) / det, (a[2] * b[0] - a[0] * b[2]) / det],
    [(b[0] * c[1] - b[1] * c[0]) / det, (a[1] * c[0] - a[0] * c[1]) / det, (a[0] * b[1] - a[1] * b[0]) / det],
  ];
  const t = [a[3], b[3], c[3]];
  const rows = inv.map((r) => [r[0], r[1], r[2], -(r[0] * t[0] + r[1] * t[1] + r[2] * t[2])]);
  return [rows[0], rows[1], rows[2], [0, 0, 0, 1]];
}

const TAL2ICBM_MATRICES: Readonly<Record<LancasterVariant, Matrix4>> = Object.freeze({
  spm: invert3x4(ICBM2TAL_MATRICES.spm),
  fsl: invert3x4(ICBM2TAL_MATRICES.fsl),
  other: invert3x4(ICBM2TAL_MATRICES.other),
});

/** MNI (ICBM-152) mm → Talairach mm (Lancaster icbm2tal). */
export function icbm2tal(
  mni: readonly [number, number, number],
  variant: LancasterVariant = DEFAULT_LANCASTER_VARIANT,
): [number, number, number] {
  return apply(ICBM2TAL_MATRICES[variant], mni);
}

/** Talairach mm → MNI (ICBM-152) mm (Lancaster tal2icbm = inverse of icbm2tal). */
export function tal2icbm(
  tal: readonly [number, number, number],
  variant: LancasterVariant = DEFAULT_LANCASTER_VARIANT,
): [number, number, number] {
  return apply(TAL2ICBM_MATRICES[variant], tal);
}

/** The `SpaceTransform` tag recorded on an experiment converted with `variant`. */
export function transformTag(variant: LancasterVariant): SpaceTransform {
  return `tal2icbm_${variant}` as SpaceTransform;
}

/** Parses a transform tag back to its variant (`none` → null). */
export function variantOfTag(tag: SpaceTransform): LancasterVariant | null {
  return tag === "none" ? null : (tag.slice("tal2icbm_".length) as LancasterVariant);
}
