import type { RunFacts } from "@/server/review/analysis-results/results";
import { duration } from "./format";

const KIND_NAMES: Record<RunFacts["kind"], string> = {
  ale: "ALE",
  ale_contrast: "ALE contrast",
  ale_conjunction: "ALE conjunction",
  sdm: "SDM (signed differential mapping)",
  effects: "Effect-size meta-analysis",
};

/** Parameter names as people read them. */
const PARAMETER_NAMES: Record<string, string> = {
  clusterFormingP: "Cluster-forming p",
  iterations: "Monte Carlo iterations",
  fweAlpha: "Cluster-level FWE α",
  fwhmMm: "Kernel FWHM (mm)",
  jackknife: "Jackknife",
  voxelP: "Voxel p",
  peakZ: "Peak |z| ≥",
  minClusterVoxels: "Minimum cluster (voxels)",
  permutations: "Permutations",
  tau2Method: "τ² estimator",
  measure: "Effect measure",
  method: "Model",
  knha: "Knapp–Hartung",
  outcome: "Outcome",
  subgroupBy: "Subgroups by",
  moderator: "Moderator",
  groupField: "Groups by",
  groupA: "Group A",
  groupB: "Group B",
};

function show(value: unknown): string {
  if (value === null || value === undefined) return "default";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return value >= 1000 && Number.isInteger(value) ? value.toLocaleString("en-US") : String(value);
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function kindName(kind: RunFacts["kind"]): string {
  return KIND_NAMES[kind];
}

/** The provenance card: everything needed to reproduce the run. */
export function RunFactsCard({ run }: { run: RunFacts }) {
  const params = Object.entries(run.parameters);
  const filter = Object.entries(run.filter).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  const timings = Object.entries(run.timings).filter(([, v]) => typeof v === "number");
  return (
    <section className="card run-facts" aria-label="Run facts">
      <h2>Provenance</h2>
      <div className="facts-columns">
        <dl className="facts">
          <dt>Snapshot</dt>
          <dd>
            version {run.snapshotVersion}
            <code className="hash" title="SHA-256 of the snapshot's canonical JSON">{run.snapshotSha256}</code>
          </dd>
          <dt>Seed</dt>
          <dd><code>{run.seed}</code></dd>
          <dt>Software</dt>
          <dd>{run.softwareVersion}</dd>
          <dt>Started by</dt>
          <dd>
            {run.createdByName ?? "—"} · {new Date(run.createdAt).toLocaleString()}
          </dd>
          {run.finishedAt && (
            <>
              <dt>Finished</dt>
              <dd>{new Date(run.finishedAt).toLocaleString()}</dd>
            </>
          )}
        </dl>
        <div>
          <h3>Parameters</h3>
          {params.length === 0 ? (
            <p className="muted">Defaults.</p>
          ) : (
            <table className="kv">
              <tbody>
                {params.map(([k, v]) => (
                  <tr key={k}>
                    <th>{PARAMETER_NAMES[k] ?? k}</th>
                    <td>{show(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {filter.length > 0 && (
            <>
              <h3 style={{ marginTop: 12 }}>Experiments</h3>
              <table className="kv">
                <tbody>
                  {filter.map(([k, v]) => (
                    <tr key={k}>
                      <th>{k}</th>
                      <td>{show(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
        <div>
          <h3>Timings</h3>
          {timings.length === 0 ? (
            <p className="muted">Not finished yet.</p>
          ) : (
            <table className="kv">
              <tbody>
                {timings.map(([k, v]) => (
                  <tr key={k}>
                    <th>{k.replace(/Seconds$/, "").replace(/([A-Z])/g, " $1").toLowerCase()}</th>
                    <td>{duration(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
