/**
 * Turns the stored cluster outputs (ALE `clusters.json` rows from `clusterTableJson`, SDM cluster
 * rows with `positive`/`negative` lists or a signed list) into one row shape for the tables and
 * the viewer. Tolerant: optional fields may be missing, keys may be snake_case or camelCase.
 */

export type Direction = "increase" | "decrease";

/** An experiment's or study's part in a cluster. */
export interface ClusterContributor {
  id: string;
  study: string;
  /** ALE: foci of the experiment inside the cluster. */
  foci: number | null;
  /** ALE: share of the cluster's ALE lost without the experiment (0…1). */
  contribution: number | null;
  /** SDM: the study's Hedges' g at the peak, its SE and weight (%). */
  g: number | null;
  se: number | null;
  weightPercent: number | null;
}

/** Random-effects pooling at an SDM cluster peak. */
export interface ClusterHeterogeneity {
  g: number | null;
  ciLb: number | null;
  ciUb: number | null;
  i2: number | null;
  tau2: number | null;
  q: number | null;
  pQ: number | null;
  eggerP: number | null;
}

/** One row of the cluster table. */
export interface ClusterRow {
  key: string;
  id: number;
  direction: Direction;
  sizeVoxels: number | null;
  volumeMm3: number | null;
  peakMm: [number, number, number] | null;
  /** z at the peak (signed for SDM). */
  peakZ: number | null;
  /** ALE value at the peak (ALE only). */
  peakAle: number | null;
  label: string | null;
  /** Cluster-level (ALE) or voxel-level (SDM) FWE p. */
  pFwe: number | null;
  significant: boolean;
  jackknifeSurvival: number | null;
  subPeaks: { mm: [number, number, number]; z: number | null; label: string | null }[];
  contributors: ClusterContributor[];
  heterogeneity: ClusterHeterogeneity | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** First present numeric field among `keys`. */
function n(o: Obj | undefined, ...keys: string[]): number | null {
  if (!o) return null;
  for (const k of keys) if (typeof o[k] === "number" && Number.isFinite(o[k])) return o[k] as number;
  return null;
}
function s(o: Obj | undefined, ...keys: string[]): string | null {
  if (!o) return null;
  for (const k of keys) if (typeof o[k] === "string" && o[k] !== "") return o[k] as string;
  return null;
}
function xyz(v: unknown): [number, number, number] | null {
  return Array.isArray(v) && v.length >= 3 && v.slice(0, 3).every((x) => typeof x === "number") ? [v[0], v[1], v[2]] : null;
}
function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** ALE rows: the engine's `clusterTableJson` (in `{ clusters: [...] }` or as a bare array). */
export function aleClusterRows(clustersJson: unknown): ClusterRow[] {
  const rows = Array.isArray(clustersJson) ? list(clustersJson) : list(isObj(clustersJson) ? clustersJson.clusters : null);
  return rows.map((c, i) => {
    const peaks = list(c.peaks);
    const main = peaks[0];
    const id = n(c, "id") ?? i + 1;
    return {
      key: `ale-${id}`,
      id,
      direction: "increase",
      sizeVoxels: n(c, "size_voxels", "sizeVoxels"),
      volumeMm3: n(c, "volume_mm3", "volumeMm3"),
      peakMm: xyz(main?.mni_mm ?? main?.mm),
      peakZ: n(main, "z"),
      peakAle: n(main, "ale"),
      label: s(c, "label") ?? s(main, "label"),
      pFwe: n(c, "p_fwe_cluster_size", "pFweSize"),
      significant: c.significant === true,
      jackknifeSurvival: n(c, "jackknife_survival", "jackknifeSurvival"),
      subPeaks: peaks.slice(1).flatMap((p) => {
        const at = xyz(p.mni_mm ?? p.mm);
        return at ? [{ mm: at, z: n(p, "z"), label: s(p, "label") }] : [];
      }),
      contributors: list(c.contributions).map((x) => ({
        id: s(x, "experiment", "experimentId") ?? "?",
        study: s(x, "study", "studyLabel") ?? s(x, "experiment") ?? "?",
        foci: n(x, "foci_in_cluster", "fociInCluster"),
        contribution: n(x, "contribution"),
        g: null,
        se: null,
        weightPercent: null,
      })),
      heterogeneity: null,
    };
  });
}

function sdmRow(c: Obj, i: number, fallback: Direction): ClusterRow {
  const sign = s(c, "sign");
  const z = n(c, "peakZ", "peak_z", "z");
  const direction: Direction = sign === "negative" || sign === "decrease" ? "decrease" : sign === "positive" || sign === "increase" ? "increase" : z !== null && z < 0 ? "decrease" : fallback;
  const pooled = isObj(c.pooled) ? c.pooled : c;
  const egger = isObj(c.egger) ? c.egger : undefined;
  const id = n(c, "id") ?? i + 1;
  const studies = list(c.studies ?? c.study_values ?? c.studyValues);
  const contributing = new Set(Array.isArray(c.contributingStudies) ? (c.contributingStudies as string[]) : []);
  return {
    key: `sdm-${direction}-${id}`,
    id,
    direction,
    sizeVoxels: n(c, "sizeVoxels", "size_voxels", "size"),
    volumeMm3: n(c, "volumeMm3", "volume_mm3"),
    peakMm: xyz(c.peakMm ?? c.peak_mm ?? c.peak ?? c.mni_mm),
    peakZ: z,
    peakAle: null,
    label: s(c, "label"),
    pFwe: n(c, "peakPFwe", "p_fwe", "pFwe"),
    significant: c.significant !== false,
    jackknifeSurvival: n(c, "jackknifeSurvival", "jackknife_survival"),
    subPeaks: list(c.subPeaks ?? c.sub_peaks).flatMap((p) => {
      const at = xyz(p.mm ?? p.mni_mm);
      return at ? [{ mm: at, z: n(p, "z"), label: s(p, "label") }] : [];
    }),
    contributors: studies
      .filter((x) => x.contributes !== false || contributing.has(String(x.id)))
      .map((x) => ({ id: String(x.id ?? "?"), study: s(x, "label", "study") ?? String(x.id ?? "?"), foci: null, contribution: null, g: n(x, "g"), se: n(x, "se"), weightPercent: n(x, "weightPercent", "weight_percent") })),
    heterogeneity: {
      g: n(pooled, "estimate", "g"),
      ciLb: n(pooled, "ciLower", "ci_lower", "g_ci_lower"),
      ciUb: n(pooled, "ciUpper", "ci_upper", "g_ci_upper"),
      i2: n(pooled, "i2", "I2"),
      tau2: n(pooled, "tau2"),
      q: n(pooled, "q", "Q"),
      pQ: n(pooled, "pQ", "p_q"),
      eggerP: n(egger, "p") ?? n(c, "egger_p", "eggerP"),
    },
  };
}

/** SDM rows: `{ positive: [...], negative: [...] }`, `{ clusters: [...] }` or a bare list. */
export function sdmClusterRows(clustersJson: unknown): ClusterRow[] {
  if (isObj(clustersJson) && (Array.isArray(clustersJson.positive) || Array.isArray(clustersJson.negative))) {
    return [...list(clustersJson.positive).map((c, i) => sdmRow(c, i, "increase")), ...list(clustersJson.negative).map((c, i) => sdmRow(c, i, "decrease"))];
  }
  const rows = Array.isArray(clustersJson) ? list(clustersJson) : list(isObj(clustersJson) ? clustersJson.clusters : null);
  return rows.map((c, i) => sdmRow(c, i, "increase"));
}

/** One leave-one-out run of the ALE jackknife (`jackknife.json`). */
export interface JackknifeRunRow {
  leftOut: string;
  survivingClusters: number[];
  significantClusters: number | null;
}

/** Tolerant reader of the ALE jackknife runs. */
export function jackknifeRuns(json: unknown): JackknifeRunRow[] {
  const rows = Array.isArray(json) ? list(json) : list(isObj(json) ? (json.runs ?? json.jackknife) : null);
  return rows.map((r) => ({
    leftOut: s(r, "leftOut", "left_out", "experiment") ?? "?",
    survivingClusters: Array.isArray(r.survivingClusters ?? r.surviving_clusters) ? ((r.survivingClusters ?? r.surviving_clusters) as unknown[]).filter((x): x is number => typeof x === "number") : [],
    significantClusters: n(r, "significantClusters", "significant_clusters"),
  }));
}
