import { parseCase, runCase, rma, modelData, escalc, predict, type Tau2Method } from "@/server/engine/effects";
import { renderForestPlot, renderFunnelPlot } from "@/server/plots/effects-plots";
import type { Executor } from "../executor-types";
import { effectsParameters } from "../parameters";
import { effectsCaseFromSnapshot } from "../snapshot-input";

/**
 * Effect-size meta-analysis of the snapshot's outcome data: every metafor-equivalent result
 * (`result.json`, reference key names) plus the chosen model as `primary`, and the forest and
 * funnel plots as PNG (300 dpi) and SVG.
 */
export const runEffects: Executor = async ({ snapshotJson, filter, parameters, onProgress }) => {
  const params = effectsParameters.parse(parameters);
  const t0 = performance.now();
  onProgress({ fraction: 0.05, message: "preparing outcome data" });
  const prepared = effectsCaseFromSnapshot(snapshotJson, filter, params) as { input: unknown; skipped: unknown[] };
  const caseInput = parseCase(prepared);
  const method = (params.method === "EE" ? "EE" : params.method) as Tau2Method;
  onProgress({ fraction: 0.2, message: "fitting models" });
  const all = runCase(caseInput) as Record<string, unknown>;
  const fit = rma(modelData(escalc(caseInput.measure, caseInput.studies)), { method, test: params.knha ? "knha" : "z" });
  const prediction = predict(fit);
  const tFit = performance.now();
  onProgress({ fraction: 0.6, message: "drawing forest and funnel plots" });
  const plotInput = { measure: caseInput.measure, studies: caseInput.studies, subgroupVariable: caseInput.subgroupVariable, subgroupLevels: caseInput.subgroupLevels, method };
  const forestPng = renderForestPlot(plotInput, "png");
  const forestSvg = renderForestPlot(plotInput, "svg");
  const funnelPng = renderFunnelPlot(plotInput, "png");
  const funnelSvg = renderFunnelPlot(plotInput, "svg");
  const primary = {
    method,
    knha: params.knha,
    k: fit.k,
    estimate: fit.beta[0],
    se: fit.coefficients[0].se,
    ciLower: fit.coefficients[0].ciLb,
    ciUpper: fit.coefficients[0].ciUb,
    pval: fit.coefficients[0].pval,
    piLower: prediction.piLb ?? null,
    piUpper: prediction.piUb ?? null,
    tau2: fit.tau2,
    I2: fit.I2,
    H2: fit.H2,
    QE: fit.QE,
    QEp: fit.QEp,
  };
  const result = { ...all, primary, skipped: prepared.skipped, input: { measure: caseInput.measure, studies: caseInput.studies, subgroupVariable: caseInput.subgroupVariable } };
  return {
    outputs: [
      { name: "result.json", contentType: "application/json", json: result },
      { name: "forest.png", contentType: "image/png", bytes: forestPng.data },
      { name: "forest.svg", contentType: "image/svg+xml", bytes: forestSvg.data },
      { name: "funnel.png", contentType: "image/png", bytes: funnelPng.data },
      { name: "funnel.svg", contentType: "image/svg+xml", bytes: funnelSvg.data },
    ],
    summary: { measure: caseInput.measure, ...primary, skipped: prepared.skipped.length },
    timings: { fitSeconds: (tFit - t0) / 1000, plotSeconds: (performance.now() - tFit) / 1000 },
  };
};
