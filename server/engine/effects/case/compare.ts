// Compare a runCase() result with a metafor reference file: every figure the reference holds
// must be present and agree within one named tolerance table.

/** The single tolerance table for matching metafor: relative, with an absolute floor near zero. */
export const METAFOR_TOLERANCE = {
  /** Maximum relative error |a − e| / |e|. */
  relative: 1e-6,
  /** Absolute error allowed where |e| is tiny (tau² = 0, I² = 0, p-values of 1e-30). */
  absolute: 1e-8,
} as const;

/** Sections of a case result, in the reference files' order. */
export const RESULT_SECTIONS = [
  "escalc",
  "models",
  "models_tight",
  "knha",
  "confint",
  "regtest",
  "ranktest",
  "trimfill",
  "fsn",
  "leave1out",
  "influence",
  "subgroups",
  "metaregression",
] as const;

/** One figure that does not match. */
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

/** Outcome of a comparison. */
export interface Comparison {
  mismatches: Mismatch[];
  /** Numbers compared. */
  compared: number;
  /** Largest relative error over figures with |expected| above the absolute floor / relative tolerance. */
  maxRelativeError: number;
  maxRelativePath: string;
  /** Largest absolute error over figures near zero. */
  maxAbsoluteErrorNearZero: number;
}

/** Compare `actual` against every figure in `expected`, over the result sections present in `expected`. */
export function compareWithReference(actual: Record<string, unknown>, expected: Record<string, unknown>, tol = METAFOR_TOLERANCE): Comparison {
  const state: Comparison = { mismatches: [], compared: 0, maxRelativeError: 0, maxRelativePath: "", maxAbsoluteErrorNearZero: 0 };
  for (const section of RESULT_SECTIONS) {
    if (section in expected) walk(actual[section], expected[section], section, state, tol);
  }
  for (const key of Object.keys((expected.errors as Record<string, unknown>) ?? {})) {
    if (!((actual.errors as Record<string, unknown>) ?? {})[key]) state.mismatches.push({ path: `errors.${key}`, expected: "an error", actual: "no error" });
  }
  return state;
}

function walk(a: unknown, e: unknown, path: string, s: Comparison, tol: typeof METAFOR_TOLERANCE): void {
  if (e === null) {
    if (a !== null && a !== undefined) s.mismatches.push({ path, expected: null, actual: a });
    return;
  }
  if (typeof e === "number") {
    s.compared++;
    if (typeof a !== "number") {
      s.mismatches.push({ path, expected: e, actual: a });
      return;
    }
    const err = Math.abs(a - e);
    const nearZero = Math.abs(e) * tol.relative < tol.absolute;
    if (nearZero) s.maxAbsoluteErrorNearZero = Math.max(s.maxAbsoluteErrorNearZero, err);
    else if (err / Math.abs(e) > s.maxRelativeError) {
      s.maxRelativeError = err / Math.abs(e);
      s.maxRelativePath = path;
    }
    if (err > Math.max(tol.relative * Math.abs(e), tol.absolute)) s.mismatches.push({ path, expected: e, actual: a });
    return;
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(a) || a.length !== e.length) {
      s.mismatches.push({ path, expected: `array of ${e.length}`, actual: Array.isArray(a) ? `array of ${a.length}` : a });
      return;
    }
    e.forEach((item, i) => walk(a[i], item, `${path}[${i}]`, s, tol));
    return;
  }
  if (typeof e === "object") {
    if (typeof a !== "object" || a === null || Array.isArray(a)) {
      s.mismatches.push({ path, expected: "object", actual: a });
      return;
    }
    for (const [key, value] of Object.entries(e as Record<string, unknown>)) walk((a as Record<string, unknown>)[key], value, `${path}.${key}`, s, tol);
    return;
  }
  if (a !== e) s.mismatches.push({ path, expected: e, actual: a });
}
