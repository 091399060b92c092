// Timings of the effects engine and plots: REML fits, the full reference-layout analysis
// (runCase: 7 estimators, tight refits, Q-profile CIs, Egger, trim-and-fill, leave-one-out,
// influence, subgroups, meta-regression) and server-side plot rendering.
// Run with `npm run bench -- effects`. Figures depend on machine load: note `uptime` alongside.
import { loadavg } from "node:os";
import { escalc, modelData, rma, runCase, type StudyRecord } from "@/server/engine/effects";
import { renderForestPlot, renderFunnelPlot } from "@/server/plots/effects-plots";

/** Deterministic pseudo-random studies (a linear congruential generator; no dependency). */
function syntheticStudies(k: number, seed = 7): StudyRecord[] {
  let s = seed;
  const u = () => ((s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296);
  return Array.from({ length: k }, (_, i) => {
    const n1 = 15 + Math.floor(u() * 60);
    const n2 = 15 + Math.floor(u() * 60);
    return {
      id: `S${i + 1}`,
      label: `Study ${i + 1}`,
      n1,
      mean1: 3 + u() * 2 - 0.9,
      sd1: 1.5 + u(),
      n2,
      mean2: 3 + u() * 2,
      sd2: 1.5 + u(),
      subgroup: i % 2 ? "acute" : "chronic",
      sessions: 4 + Math.floor(u() * 10),
    };
  });
}

function time(label: string, reps: number, fn: () => unknown): void {
  fn(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  const ms = (performance.now() - t0) / reps;
  console.log(`${label.padEnd(56)} ${ms.toFixed(ms < 1 ? 3 : 1).padStart(9)} ms`);
}

console.log(`load average (1/5/15 min): ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
for (const k of [10, 100, 1000]) {
  const studies = syntheticStudies(k);
  const data = modelData(escalc("MD", studies));
  time(`rma REML (default control), k = ${k}`, k > 100 ? 20 : 200, () => rma(data, { method: "REML" }));
}
for (const k of [10, 50]) {
  const input = { measure: "MD", studies: syntheticStudies(k), subgroup_variable: "subgroup", moderator_variable: "sessions" };
  time(`runCase, all reference sections, k = ${k}`, k > 10 ? 3 : 10, () => runCase({ input }));
}
const studies = syntheticStudies(20);
const forest = { measure: "MD" as const, studies, subgroupVariable: "subgroup", arms: ["Acupuncture", "Sham"] as [string, string] };
time("forest plot PNG (300 dpi), k = 20, two subgroups", 5, () => renderForestPlot(forest, "png"));
time("forest plot SVG, k = 20, two subgroups", 5, () => renderForestPlot(forest, "svg"));
time("funnel plot PNG (300 dpi) with trim-and-fill, k = 20", 5, () => renderFunnelPlot({ measure: "MD", studies }, "png"));
