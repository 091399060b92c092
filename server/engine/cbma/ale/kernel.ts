/**
 * ALE kernel exactly as NiMARE 0.20.0's `get_ale_kernel` (cbma.md A2).
 *
 * The kernel is the 3-D Gaussian that scipy's `gaussian_filter(delta, sigma, mode="constant",
 * truncate=4)` produces on a 31³ array: the outer product of a 1-D kernel normalised to sum 1 over
 * |d| ≤ r = int(4σ + 0.5), clipped to the 31³ box, stored as float32.
 */

/** Width of NiMARE's kernel array (31³, centre 15). */
export const KERNEL_BOX = 31;

/** A cubic ALE kernel. */
export interface AleKernel {
  /** FWHM in mm. */
  fwhmMm: number;
  /** Gaussian sigma in voxels. */
  sigmaVox: number;
  /** Half-width in voxels: offsets run over −radius … +radius on each axis. */
  radius: number;
  /** Edge length 2·radius + 1. */
  size: number;
  /** Kernel values (float32), index `(dx+r) + size·((dy+r) + size·(dz+r))`. */
  values: Float32Array;
  /**
   * `float32(log1p(−value))` per entry. Because log1p(−x) decreases with x, the minimum of these
   * over an experiment's foci equals float32 log1p(−MA) of NiMARE's max-over-foci MA value exactly.
   */
  logComplement: Float32Array;
  /** The central (maximum) value. */
  peak: number;
}

/**
 * Sample-size based FWHM (Eickhoff et al. 2009), evaluated in NiMARE's order of operations.
 * @param sampleSize - number of subjects (the mean of the `sample_sizes` list in NiMARE).
 */
export function aleFwhmMm(sampleSize: number): number {
  if (!(sampleSize > 0)) throw new Error(`ALE kernel: sample size must be positive, got ${sampleSize}`);
  const uTemplates = (5.7 / (2 * Math.sqrt(2 / Math.PI))) * Math.sqrt(8 * Math.log(2));
  const uSubjects = ((11.6 / (2 * Math.sqrt(2 / Math.PI))) * Math.sqrt(8 * Math.log(2))) / Math.sqrt(sampleSize);
  return Math.sqrt(uSubjects ** 2 + uTemplates ** 2);
}

/**
 * Sigma in voxels for a FWHM in mm on an isotropic grid with voxel edge `voxelSizeMm`.
 * NiMARE divides by sqrt(prod(zooms)) computed in float32; with a fixed (user) FWHM the division
 * itself is float32 (NumPy 2 promotion), with a sample-size FWHM it is float64 (cbma.md A2 step 2-3).
 */
export function aleSigmaVox(fwhmMm: number, voxelSizeMm: number, fixedFwhm: boolean): number {
  const z = Math.fround(voxelSizeMm);
  const divisor = Math.fround(Math.sqrt(Math.fround(Math.fround(z * z) * z)));
  const fwhmVox = fixedFwhm ? Math.fround(Math.fround(fwhmMm) / divisor) : fwhmMm / divisor;
  return (fwhmVox * Math.sqrt(2)) / (Math.sqrt(2 * Math.log(2)) * 2);
}

/** scipy.ndimage `_gaussian_kernel1d(sigma, 0, radius)`: normalised weights for d = −r … r. */
export function gaussianWeights1d(sigma: number, radius: number): Float64Array {
  const w = new Float64Array(2 * radius + 1);
  const c = -0.5 / (sigma * sigma);
  let sum = 0;
  for (let d = -radius; d <= radius; d++) {
    w[d + radius] = Math.exp(c * d * d);
    sum += w[d + radius];
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/** Options of `createAleKernel`: exactly one of the two. */
export type AleKernelSpec = { sampleSize: number } | { fwhmMm: number };

/**
 * Builds the kernel for a sample size (default NiMARE behaviour) or a fixed FWHM.
 * @param voxelSizeMm - isotropic voxel edge (2 for the MNI 2 mm grid).
 */
export function createAleKernel(spec: AleKernelSpec, voxelSizeMm = 2): AleKernel {
  const fixed = "fwhmMm" in spec;
  const fwhmMm = fixed ? spec.fwhmMm : aleFwhmMm(spec.sampleSize);
  if (!(fwhmMm > 0)) throw new Error(`ALE kernel: FWHM must be positive, got ${fwhmMm}`);
  const sigmaVox = aleSigmaVox(fwhmMm, voxelSizeMm, fixed);
  const fullRadius = Math.trunc(4 * sigmaVox + 0.5);
  const w = gaussianWeights1d(sigmaVox, fullRadius);
  // gaussian_filter works inside the 31³ array: entries beyond ±15 are cut, the rest keep the
  // weights normalised over the full radius.
  const radius = Math.min(fullRadius, (KERNEL_BOX - 1) / 2);
  const size = 2 * radius + 1;
  const values = new Float32Array(size * size * size);
  const logComplement = new Float32Array(values.length);
  const off = fullRadius - radius;
  for (let c = 0; c < size; c++) {
    for (let b = 0; b < size; b++) {
      for (let a = 0; a < size; a++) {
        // axis 0 = i (a), axis 1 = j (b), axis 2 = k (c); product formed as (w_i·w_j)·w_k.
        const v = Math.fround(w[a + off] * w[b + off] * w[c + off]);
        const idx = a + size * (b + size * c);
        values[idx] = v;
        logComplement[idx] = Math.fround(Math.log1p(-v));
      }
    }
  }
  const peak = values[radius + size * (radius + size * radius)];
  return { fwhmMm, sigmaVox, radius, size, values, logComplement, peak };
}

/** Cache key of a kernel spec. */
export function kernelKey(spec: AleKernelSpec): string {
  return "fwhmMm" in spec ? `fwhm:${spec.fwhmMm}` : `n:${spec.sampleSize}`;
}
