// Funnel-plot content from a fitted model, optionally with trim-and-fill imputed studies.
import { trimfill, type RmaFit } from "@/server/engine/effects";
import type { FunnelData } from "./funnel-chart";

/** Options of {@link funnelData}. */
export interface FunnelDataOptions {
  xLabel: string;
  /** Add trim-and-fill studies (hollow) and centre the funnel on the filled estimate. */
  trimAndFill?: boolean;
  contours?: boolean;
}

/** Studies (yi, SE) of an intercept-only fit, with imputed studies if requested. */
export function funnelData(fit: RmaFit, options: FunnelDataOptions): FunnelData {
  const studies = Array.from(fit.data.yi, (yi, i) => ({ label: fit.data.labels[i], yi, sei: Math.sqrt(fit.data.vi[i]) }));
  if (!options.trimAndFill) return { studies, estimate: fit.beta[0], xLabel: options.xLabel, contours: options.contours };
  const tf = trimfill(fit);
  return {
    studies,
    filled: tf.filled.map((f) => ({ yi: f.yi, sei: Math.sqrt(f.vi) })),
    estimate: tf.model.beta[0],
    xLabel: options.xLabel,
    contours: options.contours,
  };
}
