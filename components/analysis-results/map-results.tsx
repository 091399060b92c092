"use client";
// Results of a coordinate-based run (ALE or SDM): the brain viewer on the displayed map, the
// cluster table, the selected cluster's contributors, jackknife and heterogeneity.
import { useMemo, useState } from "react";
import { BrainViewer, type CrosshairTarget } from "@/components/brain/brain-viewer";
import type { RunResults } from "@/server/review/analysis-results/results";
import { aleClusterRows, jackknifeRuns, sdmClusterRows, type ClusterRow } from "./cluster-model";
import { ClusterTable } from "./cluster-table";
import { ContributorsTable, HeterogeneityTable, JackknifeTable } from "./cluster-tables";
import { int, num } from "./format";

/** Maps offered in the viewer, best first; only those the run stored are listed. */
const MAP_CHOICES: { name: string; label: string; signed?: boolean }[] = [
  { name: "ale_z_thresholded.nii.gz", label: "z, FWE-significant clusters" },
  { name: "sdm_z_thresholded.nii.gz", label: "z, significant clusters (signed)", signed: true },
  { name: "ale_z.nii.gz", label: "z, uncorrected" },
  { name: "sdm_z.nii.gz", label: "z, unthresholded (signed)", signed: true },
  { name: "fwe_z_level-voxel.nii.gz", label: "z, voxel-level FWE" },
  { name: "sdm_g.nii.gz", label: "pooled g (signed)", signed: true },
  { name: "sdm_effect.nii.gz", label: "pooled g (signed)", signed: true },
  { name: "sdm_i2.nii.gz", label: "I² heterogeneity" },
];

export function MapResults({ results, outputUrl }: { results: RunResults; outputUrl: (name: string) => string }) {
  const method = results.run.kind === "sdm" ? "sdm" : "ale";
  const available = MAP_CHOICES.filter((m) => results.outputs.some((o) => o.name === m.name));
  const [mapName, setMapName] = useState(available[0]?.name ?? null);
  const [selected, setSelected] = useState<string | null>(null);
  const [target, setTarget] = useState<CrosshairTarget | null>(null);
  const [showAll, setShowAll] = useState(false);
  const clusters = useMemo(
    () => (method === "sdm" ? sdmClusterRows(results.json["clusters.json"]) : aleClusterRows(results.json["clusters.json"])),
    [method, results.json],
  );
  const jackknife = useMemo(() => jackknifeRuns(results.json["jackknife.json"]), [results.json]);
  const significant = clusters.filter((c) => c.significant);
  const rows = showAll ? clusters : significant;
  const selectedCluster = clusters.find((c) => c.key === selected) ?? null;
  const nullJson = results.json["null.json"] as Record<string, unknown> | undefined;
  const choice = available.find((m) => m.name === mapName);
  const select = (row: ClusterRow) => {
    setSelected(row.key);
    if (row.peakMm) setTarget({ mm: row.peakMm, token: Date.now() });
  };
  return (
    <>
      <section className="card" aria-label="Brain map">
        <div className="section-head">
          <h2>Brain map</h2>
          {available.length > 1 && (
            <label className="inline-select">
              Map{" "}
              <select value={mapName ?? ""} onChange={(e) => setMapName(e.target.value)} aria-label="Map shown">
                {available.map((m) => (
                  <option key={m.name} value={m.name}>{m.label}</option>
                ))}
              </select>
            </label>
          )}
        </div>
        {mapName ? (
          <BrainViewer key={mapName} mapUrl={outputUrl(mapName)} mapName={mapName} signed={Boolean(choice?.signed)} valueLabel={mapName.includes("_g") || mapName.includes("effect") ? "g" : mapName.includes("i2") ? "I²" : "z"} target={target} />
        ) : (
          <p className="muted">This run stored no map to display.</p>
        )}
        {nullJson && (
          <p className="muted small-print" style={{ marginTop: 8 }}>
            Cluster-forming threshold ALE &gt; {num(nullJson.cluster_forming_threshold_ale, 5)}
            {typeof nullJson.clusterSizeThresholdVoxels === "number" && <> · cluster-size FWE threshold {int(nullJson.clusterSizeThresholdVoxels)} voxels</>}
            {typeof nullJson.voxelAleThreshold === "number" && <> · voxel-level FWE ALE &gt; {num(nullJson.voxelAleThreshold, 5)}</>}
            {typeof nullJson.iterations === "number" && <> · {int(nullJson.iterations)} Monte Carlo iterations</>}
          </p>
        )}
      </section>

      <section className="card flush" aria-label="Cluster table">
        <div className="section-head padded">
          <h2>
            Clusters <span className="muted small-print">{significant.length} significant{clusters.length > significant.length ? ` of ${clusters.length}` : ""}</span>
          </h2>
          {clusters.length > significant.length && (
            <label className="checkbox">
              <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show clusters that are not significant
            </label>
          )}
        </div>
        {rows.length === 0 ? (
          <div className="empty">
            <h3>No significant clusters</h3>
            {clusters.length > 0 ? "Tick the box above to see the clusters that did not survive correction." : "The map has no cluster above the cluster-forming threshold."}
          </div>
        ) : (
          <ClusterTable rows={rows} method={method} selectedKey={selected} onSelect={select} />
        )}
        <div className="padded">
          {selectedCluster ? <ContributorsTable cluster={selectedCluster} method={method} /> : rows.length > 0 && <p className="muted">Select a cluster to move the viewer to its peak and list its {method === "ale" ? "contributing experiments" : "studies"}.</p>}
        </div>
      </section>

      {method === "sdm" && (
        <section className="card" aria-label="Heterogeneity">
          <h2>Heterogeneity and small-study effects at the peaks</h2>
          <HeterogeneityTable clusters={clusters} />
        </section>
      )}
      <section className="card" aria-label="Jackknife">
        <h2>Jackknife (leave one {method === "ale" ? "experiment" : "study"} out)</h2>
        <JackknifeTable clusters={clusters} runs={jackknife} />
      </section>
    </>
  );
}
