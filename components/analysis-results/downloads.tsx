import type { OutputListing } from "@/server/review/analysis-results/results";
import { bytes } from "./format";

/** What a file is, from its name and type. */
function describe(o: OutputListing): { format: string; what: string } {
  const n = o.name;
  const format = n.endsWith(".nii.gz") || n.endsWith(".nii") ? "NIfTI" : n.endsWith(".csv") ? "CSV" : n.endsWith(".png") ? "PNG" : n.endsWith(".svg") ? "SVG" : n.endsWith(".json") || o.contentType === "application/json" ? "JSON" : o.contentType;
  const what: Record<string, string> = {
    "ale_z_thresholded.nii.gz": "z map, FWE-significant clusters only",
    "ale_z.nii.gz": "z map (uncorrected)",
    "ale_stat.nii.gz": "ALE values",
    "ale_p.nii.gz": "voxel p (uncorrected)",
    "ale_cluster_labels.nii.gz": "cluster numbers of significant clusters",
    "clusters.json": "cluster table",
    "clusters.csv": "cluster table (one row per peak)",
    "null.json": "FWE thresholds",
    "null_distributions.json": "Monte Carlo null distributions",
    "jackknife.json": "leave-one-out jackknife runs",
    "result.json": "every statistic, metafor's key names",
    "forest.png": "forest plot (300 dpi)",
    "forest.svg": "forest plot (vector)",
    "funnel.png": "funnel plot (300 dpi)",
    "funnel.svg": "funnel plot (vector)",
    "sdm_z.nii.gz": "signed z map",
    "sdm_z_thresholded.nii.gz": "signed z map, significant clusters only",
    "sdm_g.nii.gz": "pooled Hedges' g",
    "sdm_effect.nii.gz": "pooled Hedges' g",
    "sdm_se.nii.gz": "standard error of g",
    "sdm_p.nii.gz": "voxel p (permutation, uncorrected)",
    "sdm_p_fwe.nii.gz": "voxel p (FWE)",
    "sdm_q.nii.gz": "Cochran's Q",
    "sdm_tau2.nii.gz": "τ² between-study variance",
    "sdm_clusters.nii.gz": "cluster numbers",
    "cluster_studies.csv": "per-study values at each peak",
    "sdm_i2.nii.gz": "I² heterogeneity",
    "study-values.json": "per-study values at each peak",
  };
  return { format, what: what[n] ?? (n.startsWith("fwe_") ? "FWE-corrected map" : "") };
}

const ORDER = ["NIfTI", "CSV", "PNG", "SVG", "JSON"];

/** Every output of the run with its size and a download link. */
export function Downloads({ outputs, outputUrl }: { outputs: OutputListing[]; outputUrl: (name: string) => string }) {
  if (outputs.length === 0) return <p className="muted">This run has no outputs.</p>;
  const rows = outputs.map((o) => ({ o, ...describe(o) })).sort((a, b) => ORDER.indexOf(a.format) - ORDER.indexOf(b.format) || a.o.name.localeCompare(b.o.name));
  return (
    <table className="data compact downloads" aria-label="Downloads">
      <thead><tr><th>File</th><th>Format</th><th>Contents</th><th className="num">Size</th><th /></tr></thead>
      <tbody>
        {rows.map(({ o, format, what }) => (
          <tr key={o.name}>
            <td className="mono">{o.name}</td>
            <td><span className={`badge fmt-${format.toLowerCase()}`}>{format}</span></td>
            <td className="muted">{what}</td>
            <td className="num">{bytes(o.sizeBytes)}</td>
            <td className="num"><a className="button small" href={outputUrl(o.name)} download={o.name}>Download</a></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
