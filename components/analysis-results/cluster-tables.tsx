// Secondary tables of a coordinate-based run: the selected cluster's contributors, the
// leave-one-out jackknife and (SDM) the heterogeneity at each peak.
import type { ClusterRow, JackknifeRunRow } from "./cluster-model";
import { estimateCi, int, mm, num, percent, pValue, regionName } from "./format";

/** The experiments (ALE) or studies (SDM) behind one cluster. */
export function ContributorsTable({ cluster, method }: { cluster: ClusterRow; method: "ale" | "sdm" }) {
  return (
    <div>
      <h3>
        Cluster {cluster.id}: {regionName(cluster.label)} <span className="muted">· peak {mm(cluster.peakMm)}</span>
      </h3>
      {cluster.subPeaks.length > 0 && (
        <p className="muted small-print">
          Sub-peaks: {cluster.subPeaks.map((p) => `${mm(p.mm)} (z ${num(p.z, 2)}${p.label ? `, ${regionName(p.label)}` : ""})`).join("; ")}
        </p>
      )}
      {cluster.contributors.length === 0 ? (
        <p className="muted">No contributor details were stored for this cluster.</p>
      ) : (
        <table className="data compact" aria-label={`Contributors to cluster ${cluster.id}`}>
          <thead>
            {method === "ale" ? (
              <tr><th>Experiment</th><th>Study</th><th className="num">Foci in cluster</th><th className="num">Contribution</th><th style={{ width: "30%" }} /></tr>
            ) : (
              <tr><th>Study</th><th className="num">g at peak</th><th className="num">SE</th><th className="num">Weight</th></tr>
            )}
          </thead>
          <tbody>
            {cluster.contributors.map((c) =>
              method === "ale" ? (
                <tr key={c.id}>
                  <td className="mono">{c.id}</td>
                  <td>{c.study}</td>
                  <td className="num">{int(c.foci)}</td>
                  <td className="num">{percent(c.contribution, 1)}</td>
                  <td><div className="share-bar"><span style={{ width: `${Math.min(100, 100 * (c.contribution ?? 0))}%` }} /></div></td>
                </tr>
              ) : (
                <tr key={c.id}>
                  <td>{c.study}</td>
                  <td className="num">{num(c.g, 3)}</td>
                  <td className="num">{num(c.se, 3)}</td>
                  <td className="num">{c.weightPercent === null ? "—" : `${c.weightPercent.toFixed(1)}%`}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * Leave-one-experiment-out jackknife: with the runs stored, a matrix of which clusters survive
 * each left-out experiment; otherwise the survival fraction per cluster.
 */
export function JackknifeTable({ clusters, runs }: { clusters: ClusterRow[]; runs: JackknifeRunRow[] }) {
  const shown = clusters.filter((c) => c.jackknifeSurvival !== null || runs.length > 0).filter((c) => c.significant);
  if (shown.length === 0) return <p className="muted">The jackknife was not run for this analysis (enable it in the run's parameters).</p>;
  if (runs.length === 0) {
    return (
      <table className="data compact" aria-label="Jackknife">
        <thead><tr><th>Cluster</th><th>Region</th><th className="num">Survival</th></tr></thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.key}><td>{c.id}</td><td>{regionName(c.label)}</td><td className="num">{percent(c.jackknifeSurvival)}</td></tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <div className="table-scroll">
      <table className="data compact jackknife" aria-label="Jackknife">
        <thead>
          <tr>
            <th>Left out</th>
            {shown.map((c) => (
              <th key={c.key} className="num" title={regionName(c.label)}>C{c.id}</th>
            ))}
            <th className="num">Significant clusters</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.leftOut}>
              <td className="mono">{r.leftOut}</td>
              {shown.map((c) => {
                const ok = r.survivingClusters.includes(c.id);
                return <td key={c.key} className={`num ${ok ? "survives" : "lost"}`}>{ok ? "✓" : "✗"}</td>;
              })}
              <td className="num">{int(r.significantClusters)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>Survival</th>
            {shown.map((c) => (
              <th key={c.key} className="num">{percent(c.jackknifeSurvival ?? runs.filter((r) => r.survivingClusters.includes(c.id)).length / runs.length)}</th>
            ))}
            <th />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Random-effects pooling at each SDM peak: g with CI, I², τ², Q and Egger. */
export function HeterogeneityTable({ clusters }: { clusters: ClusterRow[] }) {
  const rows = clusters.filter((c) => c.heterogeneity);
  if (rows.length === 0) return <p className="muted">No heterogeneity statistics were stored for this run.</p>;
  const i2 = (x: number | null) => (x === null ? "—" : `${(x <= 1 ? 100 * x : x).toFixed(0)}%`);
  return (
    <table className="data compact" aria-label="Heterogeneity at cluster peaks">
      <thead>
        <tr><th>Cluster</th><th>Region</th><th className="num">g [95% CI]</th><th className="num">I²</th><th className="num">τ²</th><th className="num">Q</th><th className="num">p (Q)</th><th className="num">Egger p</th></tr>
      </thead>
      <tbody>
        {rows.map((c) => {
          const h = c.heterogeneity!;
          return (
            <tr key={c.key}>
              <td>{c.id} <span className={`badge ${c.direction}`}>{c.direction}</span></td>
              <td>{regionName(c.label)}</td>
              <td className="num">{estimateCi(h.g, h.ciLb, h.ciUb)}</td>
              <td className="num">{i2(h.i2)}</td>
              <td className="num">{num(h.tau2, 3)}</td>
              <td className="num">{num(h.q, 2)}</td>
              <td className="num">{pValue(h.pQ)}</td>
              <td className="num">{pValue(h.eggerP)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
