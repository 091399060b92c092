/**
 * Plain-text cluster table for the terminal.
 */
import type { AleResult } from "@/server/engine/cbma/ale/types";

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/** Formats the ALE cluster table (all clusters; FWE columns when corrected). */
export function formatClusterTable(result: AleResult, maxContributors = 4): string {
  const { clusters } = result.tables;
  const fwe = result.params.fwe as { iterations: number; clusterSizeThresholdVoxels: number; voxelAleThreshold: number } | undefined;
  const lines: string[] = [];
  lines.push(
    `cluster-forming threshold: ALE > ${result.model.clusterThresholdAle} (p < ${String(result.params.clusterFormingP)}), 6-connectivity, ${clusters.length} clusters` +
      (fwe ? `; FWE ${fwe.iterations} iterations: 95th pct max cluster ${fwe.clusterSizeThresholdVoxels.toFixed(1)} voxels, max ALE ${fwe.voxelAleThreshold.toFixed(5)}` : ""),
  );
  lines.push(
    [pad("#", 3, true), pad("voxels", 7, true), pad("mm3", 7, true), pad("x", 5, true), pad("y", 5, true), pad("z", 5, true), pad("ALE", 9, true), pad("Z", 6, true), pad("p(size)", 8, true), pad("p(mass)", 8, true), " sig", "  label", "  experiments"].join(" "),
  );
  for (const c of clusters) {
    const p = c.peaks[0];
    const contrib = c.contributions.slice(0, maxContributors).map((x) => `${x.experimentId} ${(100 * x.contribution).toFixed(0)}%`).join(", ");
    const more = c.contributions.length > maxContributors ? ` +${c.contributions.length - maxContributors}` : "";
    lines.push(
      [
        pad(String(c.id), 3, true),
        pad(String(c.sizeVoxels), 7, true),
        pad(String(c.volumeMm3), 7, true),
        ...p.mm.map((v) => pad(String(v), 5, true)),
        pad(p.ale.toFixed(5), 9, true),
        pad(p.z.toFixed(2), 6, true),
        pad(c.pFweSize === null ? "-" : c.pFweSize.toFixed(4), 8, true),
        pad(c.pFweMass === null ? "-" : c.pFweMass.toFixed(4), 8, true),
        c.significant === null ? "   -" : c.significant ? " yes" : "  no",
        `  ${c.label ?? "-"}`,
        `  ${contrib}${more}`,
      ].join(" "),
    );
  }
  return lines.join("\n");
}
