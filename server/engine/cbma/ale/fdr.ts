/**
 * False discovery rate correction of the voxel p map (NiMARE `FDRCorrector(method="indep")`,
 * Benjamini–Hochberg over in-mask voxels).
 */
import { fdrBh, negLog10P, pToZOneTailed } from "../stats";
import type { AleResult } from "./types";

/** Options of `correctFdr`. */
export interface FdrOptions {
  /** q level used for the `significant voxels` count and the thresholded z map. */
  alpha: number;
}

/** Defaults of `correctFdr`. */
export const DEFAULT_FDR_OPTIONS: FdrOptions = Object.freeze({ alpha: 0.05 });

/**
 * Returns a new result with `p_corr-FDR_method-indep`, `logp_corr-FDR_method-indep`,
 * `z_corr-FDR_method-indep` and `z_thresholded_corr-FDR` (z where q < alpha).
 */
export function correctFdr(result: AleResult, options: Partial<FdrOptions> = {}): AleResult {
  const { alpha } = { ...DEFAULT_FDR_OPTIONS, ...options };
  const idx = result.model.mask.indices;
  const p = Float64Array.from(idx, (v) => result.maps.p[v]);
  const q = fdrBh(p);
  const n = result.maps.p.length;
  const qMap = new Float32Array(n);
  const logp = new Float32Array(n);
  const z = new Float32Array(n);
  const zThr = new Float32Array(n);
  let significant = 0;
  idx.forEach((v, t) => {
    qMap[v] = q[t];
    logp[v] = negLog10P(q[t]);
    z[v] = pToZOneTailed(q[t]);
    if (q[t] < alpha) {
      zThr[v] = result.maps.z[v];
      significant++;
    }
  });
  return {
    ...result,
    maps: {
      ...result.maps,
      "p_corr-FDR_method-indep": qMap,
      "logp_corr-FDR_method-indep": logp,
      "z_corr-FDR_method-indep": z,
      "z_thresholded_corr-FDR": zThr,
    },
    params: { ...result.params, fdr: { method: "indep (Benjamini-Hochberg)", alpha, significantVoxels: significant } },
  };
}
