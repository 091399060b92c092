import type { analysisOutputs, analysisRuns } from "@/db/schema";

type Run = typeof analysisRuns.$inferSelect;
type Output = typeof analysisOutputs.$inferSelect;

export interface RunForReport {
  id: string;
  name: string;
  kind: string;
  methods: string;
  table: { caption: string; columns: string[]; rows: string[][] } | null;
  figures: { caption: string; pngBase64: string }[];
}

const f2 = (x: unknown, d = 2) => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(d) : "—");
const pFmt = (p: unknown) => (typeof p !== "number" ? "—" : p < 0.001 ? "< 0.001" : p.toFixed(3));
const tau2Names: Record<string, string> = { REML: "restricted maximum likelihood", DL: "DerSimonian–Laird", ML: "maximum likelihood", PM: "Paule–Mandel", SJ: "Sidik–Jonkman", HE: "Hedges", EE: "common-effect (equal-effects)" };

/** The methods sentence and results table of one finished analysis, from its stored parameters and outputs. */
export function describeRun(run: Run, outputs: Map<string, Output>, figures: RunForReport["figures"]): RunForReport {
  const p = run.parameters as Record<string, unknown>;
  const base = { id: run.id, name: run.name, kind: run.kind, figures };
  const provenance = `Snapshot v${run.snapshotVersion}, seed ${run.seed}, ${run.softwareVersion}.`;
  if (run.kind === "ale") {
    const clusters = ((outputs.get("clusters.json")?.json as { clusters?: AleClusterRow[] } | undefined)?.clusters ?? []) as AleClusterRow[];
    const kernel = p.fwhmMm ? `a fixed ${p.fwhmMm} mm FWHM kernel` : "sample-size-dependent Gaussian kernels (Eickhoff et al., 2009)";
    const methods = `Activation likelihood estimation (Eickhoff et al., 2012; Turkeltaub et al., 2012) was computed with ${kernel}, modelled activation maps taken as the maximum over each experiment's foci, and the analytic null distribution. Clusters were formed at an uncorrected voxel threshold of p < ${p.clusterFormingP} and tested for cluster-level family-wise error at p < ${p.fweAlpha} with ${Number(p.iterations).toLocaleString("en-US")} Monte Carlo iterations (foci relocated at random within the brain mask), as implemented by NiMARE 0.20.0 and reimplemented in Concord.${p.jackknife ? " Robustness was assessed with a leave-one-experiment-out jackknife." : ""} ${provenance}`;
    const significant = clusters.filter((c) => c.significant);
    const rows = significant.map((c) => [
      String(c.id),
      c.label ?? "",
      (c.peaks[0]?.mni_mm ?? []).map((v) => String(Math.round(v))).join(", "),
      f2(c.peaks[0]?.z),
      String(c.volume_mm3),
      pFmt(c.p_fwe_cluster_size),
      c.significant ? "yes" : "no",
      String(c.contributions?.length ?? 0),
      c.jackknife_survival === null || c.jackknife_survival === undefined ? "" : `${Math.round(100 * c.jackknife_survival)}%`,
    ]);
    return {
      ...base,
      methods,
      table: { caption: `ALE clusters surviving cluster-level FWE (${run.name}; ${significant.length} of ${clusters.length} clusters above the cluster-forming threshold)`, columns: ["Cluster", "Region (AAL)", "Peak MNI x, y, z", "Peak z", "Volume mm³", "FWE p (size)", "Significant", "Contributing experiments", "Jackknife"], rows },
    };
  }
  if (run.kind === "effects") {
    const result = (outputs.get("result.json")?.json ?? {}) as EffectsResult;
    const primary = result.primary ?? {};
    const method = String(p.method ?? "REML");
    const egger = result.regtest?.[`rma_${method}`] ?? result.regtest?.rma_REML;
    const methods = `Effect sizes (${p.measure}) were pooled with a ${method === "EE" ? "common-effect model" : `random-effects model with the ${tau2Names[method] ?? method} estimator of τ²`}${p.knha ? " and the Knapp–Hartung adjustment" : ""}, computed as metafor 3.8 does (Viechtbauer, 2010). Heterogeneity is reported as τ², I² and Cochran's Q with a 95% prediction interval; small-study effects were examined with Egger's regression test, Begg's rank correlation and trim-and-fill. ${provenance}`;
    const rows: string[][] = [
      ["Pooled estimate", `${f2(primary.estimate)} [${f2(primary.ciLower)}, ${f2(primary.ciUpper)}], p ${pFmt(primary.pval)}`],
      ["Prediction interval", primary.piLower === null || primary.piLower === undefined ? "—" : `${f2(primary.piLower)} to ${f2(primary.piUpper)}`],
      ["Heterogeneity", `τ² = ${f2(primary.tau2, 3)}, I² = ${f2(primary.I2, 1)}%, Q = ${f2(primary.QE)} (p ${pFmt(primary.QEp)})`],
      ["Studies", String(primary.k ?? "—")],
      ["Egger's test", egger ? `z = ${f2(egger.stat)}, p ${pFmt(egger.pval)}` : "not estimable"],
      ["Begg's test", result.ranktest ? `Kendall's τ = ${f2(result.ranktest.tau)}, p ${pFmt(result.ranktest.pval)}` : "not estimable"],
    ];
    return { ...base, methods, table: { caption: `Pooled result (${run.name})`, columns: ["", "Value"], rows } };
  }
  if (run.kind === "sdm") {
    const c = (outputs.get("clusters.json")?.json ?? {}) as { positive?: SdmClusterRow[]; negative?: SdmClusterRow[] };
    const methods = `Effect-size signed differential mapping in the manner of AES-SDM (Radua et al., 2012): each peak's t value was converted to Hedges' g, effect-size maps were recreated around the peaks with an unnormalised Gaussian kernel (FWHM ${p.fwhmMm} mm), studies reporting no differences were included as null maps, and maps were pooled voxel-wise with a random-effects model (${p.tau2Method === "REML" ? "REML" : "DerSimonian–Laird"}). Significance was assessed with ${Number(p.permutations).toLocaleString("en-US")} permutations (peaks relocated at random within the brain mask) using SDM's default thresholds: voxel p < ${p.voxelP}, peak |z| ≥ ${p.peakZ} and clusters of at least ${p.minClusterVoxels} voxels.${p.jackknife ? " Robustness was assessed with a leave-one-out jackknife." : ""} ${provenance}`;
    const row = (sign: string) => (r: SdmClusterRow) => [sign, r.label ?? "", [r.peak_x, r.peak_y, r.peak_z].map((v) => String(Math.round(v))).join(", "), f2(r.z), f2(r.g), pFmt(r.p), String(r.size_voxels), f2(r.i2 === undefined ? undefined : 100 * r.i2, 1), pFmt(r.egger_p), r.jackknife_survival === null || r.jackknife_survival === undefined ? "" : `${Math.round(100 * r.jackknife_survival)}%`];
    const rows = [...(c.positive ?? []).map(row("increase")), ...(c.negative ?? []).map(row("decrease"))];
    return { ...base, methods, table: { caption: `SDM clusters (${run.name})`, columns: ["Direction", "Region (AAL)", "Peak MNI x, y, z", "SDM-Z", "Hedges' g", "p", "Voxels", "I² %", "Egger p", "Jackknife"], rows } };
  }
  return { ...base, methods: `${run.name}. ${provenance}`, table: null };
}

interface AleClusterRow {
  id: number;
  label: string | null;
  volume_mm3: number;
  p_fwe_cluster_size: number | null;
  significant: boolean | null;
  jackknife_survival: number | null;
  peaks: { mni_mm: number[]; z: number }[];
  contributions: unknown[];
}

interface SdmClusterRow {
  label: string | null;
  peak_x: number;
  peak_y: number;
  peak_z: number;
  z: number;
  g: number;
  p: number;
  size_voxels: number;
  i2?: number;
  egger_p?: number | null;
  jackknife_survival?: number | null;
}

interface EffectsResult {
  primary?: Record<string, number | null | undefined | boolean | string>;
  regtest?: Record<string, { stat: number; pval: number } | undefined>;
  ranktest?: { tau: number; pval: number };
}
