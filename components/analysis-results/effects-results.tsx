"use client";
// Effect-size results: the stored forest and funnel plots, the statistics panel, subgroups and
// leave-one-out.
import type { RunResults } from "@/server/review/analysis-results/results";
import { biasStats, leaveOneOut, pooledStats, subgroups } from "./effects-model";
import { estimateCi, int, num, pValue } from "./format";

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="stat-cell">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint && <div className="stat-hint">{hint}</div>}
    </div>
  );
}

function Plot({ url, name, alt }: { url: (name: string, inline?: boolean) => string; name: string; alt: string }) {
  return (
    <figure className="plot-figure">
      <img src={url(name, true)} alt={alt} loading="lazy" />
      <figcaption>
        <a href={url(name)} download>PNG</a> · <a href={url(name.replace(/\.png$/, ".svg"))} download>SVG</a>
      </figcaption>
    </figure>
  );
}

export function EffectsResults({ results, outputUrl }: { results: RunResults; outputUrl: (name: string, inline?: boolean) => string }) {
  const result = results.json["result.json"];
  const params = results.run.parameters as { method?: string; knha?: boolean; measure?: string };
  const pooled = pooledStats(result, params);
  const has = (name: string) => results.outputs.some((o) => o.name === name);
  if (!pooled) return <div className="alert warn">This run has no readable result.json; the downloads below hold what it produced.</div>;
  const bias = biasStats(result, pooled.method);
  const l1o = leaveOneOut(result, pooled.method);
  const sg = subgroups(result, pooled.method);
  const ratio = pooled.back;
  const est = ratio ? estimateCi(ratio.estimate, ratio.ciLb, ratio.ciUb) : estimateCi(pooled.estimate, pooled.ciLb, pooled.ciUb);
  const pi = ratio ? `[${num(ratio.piLb)}, ${num(ratio.piUb)}]` : `[${num(pooled.piLb)}, ${num(pooled.piUb)}]`;
  const statName = pooled.test === "knha" ? `t(${int(pooled.df)})` : "z";
  return (
    <>
      <section className="card" aria-label="Statistics">
        <h2>
          Pooled estimate <span className="muted small-print">({params.measure ?? "effect"}, {pooled.method === "FE" ? "common effect" : `random effects, ${pooled.method}`}{pooled.test === "knha" ? ", Knapp–Hartung" : ""})</span>
        </h2>
        <div className="stat-grid">
          <Stat label={`Estimate [95% CI]`} value={est} hint={`k = ${int(pooled.k)} studies`} />
          <Stat label="Prediction interval" value={pooled.piLb === null ? "—" : pi} />
          <Stat label={`Test (${statName})`} value={`${num(pooled.stat, 2)}, p ${pValue(pooled.p).startsWith("<") ? pValue(pooled.p) : `= ${pValue(pooled.p)}`}`} />
          <Stat label="τ² [95% CI]" value={`${num(pooled.tau2, 3)} [${num(pooled.tau2CiLb, 3)}, ${num(pooled.tau2CiUb, 3)}]`} hint={`τ = ${num(pooled.tau2 === null ? null : Math.sqrt(pooled.tau2), 3)}`} />
          <Stat label="I² [95% CI]" value={`${num(pooled.i2, 1)}% [${num(pooled.i2CiLb, 1)}, ${num(pooled.i2CiUb, 1)}]`} hint={`H² = ${num(pooled.h2, 2)}`} />
          <Stat label="Cochran's Q" value={`${num(pooled.q, 2)} (df ${int(pooled.qDf)})`} hint={`p ${pValue(pooled.qP)}`} />
        </div>
        <h3 style={{ marginTop: 16 }}>Small-study effects and robustness</h3>
        <div className="stat-grid">
          <Stat label="Egger's test" value={bias.egger ? `p ${pValue(bias.egger.p)}` : "not estimable"} hint={bias.egger ? `z = ${num(bias.egger.stat, 2)}; limit estimate ${num(bias.egger.limitEstimate, 2)}` : undefined} />
          <Stat label="Begg's rank test" value={bias.begg ? `p ${pValue(bias.begg.p)}` : "not estimable"} hint={bias.begg ? `Kendall τ = ${num(bias.begg.tau, 3)}` : undefined} />
          <Stat
            label="Trim-and-fill"
            value={bias.trimFill ? `${int(bias.trimFill.k0)} imputed` : "not estimable"}
            hint={bias.trimFill ? `${bias.trimFill.side ?? ""} side; adjusted ${estimateCi(bias.trimFill.estimate, bias.trimFill.ciLb, bias.trimFill.ciUb)}` : undefined}
          />
          <Stat label="Fail-safe N (Rosenthal)" value={bias.failSafeN ? int(bias.failSafeN.n) : "—"} hint={bias.failSafeN ? `observed p ${pValue(bias.failSafeN.p)}` : undefined} />
        </div>
      </section>

      <section className="card" aria-label="Plots">
        <h2>Forest and funnel plots</h2>
        <div className="plots-stack">
          {has("forest.png") && <Plot url={outputUrl} name="forest.png" alt="Forest plot" />}
          {has("funnel.png") && <div className="funnel-box"><Plot url={outputUrl} name="funnel.png" alt="Funnel plot" /></div>}
          {!has("forest.png") && !has("funnel.png") && <p className="muted">No plots were stored for this run.</p>}
        </div>
      </section>

      {sg && (
        <section className="card" aria-label="Subgroups">
          <h2>Subgroups by {sg.variable}</h2>
          <table className="data compact">
            <thead><tr><th>Subgroup</th><th className="num">k</th><th className="num">Estimate [95% CI]</th><th className="num">τ²</th><th className="num">I²</th><th className="num">Q</th><th className="num">p (Q)</th></tr></thead>
            <tbody>
              {sg.rows.map((r) => (
                <tr key={r.level}><td>{r.level}</td><td className="num">{int(r.k)}</td><td className="num">{estimateCi(r.estimate, r.ciLb, r.ciUb)}</td><td className="num">{num(r.tau2, 3)}</td><td className="num">{num(r.i2, 1)}%</td><td className="num">{num(r.q, 2)}</td><td className="num">{pValue(r.qP)}</td></tr>
              ))}
            </tbody>
          </table>
          {sg.test && <p className="muted small-print" style={{ marginTop: 8 }}>Test for subgroup differences: Q<sub>M</sub> = {num(sg.test.qm, 2)}, df = {int(sg.test.df)}, p {pValue(sg.test.p)}</p>}
        </section>
      )}

      {l1o.length > 0 && (
        <section className="card" aria-label="Leave-one-out">
          <h2>Leave-one-out</h2>
          <table className="data compact">
            <thead><tr><th>Omitted study</th><th className="num">Estimate [95% CI]</th><th className="num">p</th><th className="num">τ²</th><th className="num">I²</th></tr></thead>
            <tbody>
              {l1o.map((r) => (
                <tr key={r.omitted}><td>{r.omitted}</td><td className="num">{estimateCi(r.estimate, r.ciLb, r.ciUb)}</td><td className="num">{pValue(r.p)}</td><td className="num">{num(r.tau2, 3)}</td><td className="num">{num(r.i2, 1)}%</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
