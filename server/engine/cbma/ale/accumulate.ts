/**
 * Hot loops of the Monte Carlo iterations.
 *
 * ALE = 1 − exp(Σ_experiments log1p(−MA)), MA = max over the experiment's foci (cbma.md A3-A4).
 * Each kernel carries its float32 log1p(−value); within an experiment the minimum of these over
 * the foci equals float32 log1p(−max MA), so no logarithm is evaluated per voxel. The max only
 * matters where kernel boxes of the same experiment overlap: other voxels just add their value.
 * Kernel boxes are clipped to the grid; voxels outside the mask are accumulated too but never read.
 */
/** The parts of a kernel the loops need. */
export interface KernelBox {
  radius: number;
  size: number;
  logComplement: Float32Array;
}

/**
 * Adds one focus's log-kernel straight into `sum` — valid when no other focus of the same
 * experiment has an overlapping kernel box, so the max over foci is the focus's own value.
 */
export function addPass(
  nx: number,
  ny: number,
  nz: number,
  kernel: KernelBox,
  fi: number,
  fj: number,
  fk: number,
  sum: Float64Array,
): void {
  const r = kernel.radius;
  const size = kernel.size;
  const lk = kernel.logComplement;
  const i0 = fi - r < 0 ? 0 : fi - r;
  const i1 = fi + r > nx - 1 ? nx - 1 : fi + r;
  const j0 = fj - r < 0 ? 0 : fj - r;
  const j1 = fj + r > ny - 1 ? ny - 1 : fj + r;
  const k0 = fk - r < 0 ? 0 : fk - r;
  const k1 = fk + r > nz - 1 ? nz - 1 : fk + r;
  if (i0 > i1 || j0 > j1 || k0 > k1) return;
  const nxy = nx * ny;
  for (let k = k0; k <= k1; k++) {
    const kOff = (k - fk + r) * size * size;
    for (let j = j0; j <= j1; j++) {
      const row = j * nx + k * nxy;
      const o = kOff + (j - fj + r) * size - fi + r;
      for (let i = i0; i <= i1; i++) sum[row + i] += lk[o + i];
    }
  }
}

/**
 * One focus `m` whose kernel box overlaps the boxes of other foci of the same experiment
 * (`nbr[nbrStart[m] .. nbrStart[m] + nbrCount[m])`). Rows of its box that no neighbour covers are
 * added directly. A row shared with neighbours is handled once, by the lowest-index focus of the
 * row's connected set of covering foci: per-voxel minimum in `rowBuf` (length ≥ nx, zeros between
 * calls), then one addition per voxel into `sum`.
 * @param comp - scratch of length ≥ number of foci.
 */
export function neighbourPass(
  nx: number,
  ny: number,
  nz: number,
  kernel: KernelBox,
  foci: Int32Array,
  m: number,
  nbr: Int32Array,
  nbrStart: Int32Array,
  nbrCount: Int32Array,
  sum: Float64Array,
  rowBuf: Float32Array,
  comp: Int32Array,
): void {
  const r = kernel.radius;
  const size = kernel.size;
  const lk = kernel.logComplement;
  const fi = foci[3 * m], fj = foci[3 * m + 1], fk = foci[3 * m + 2];
  const i0 = fi - r < 0 ? 0 : fi - r;
  const i1 = fi + r > nx - 1 ? nx - 1 : fi + r;
  const j0 = fj - r < 0 ? 0 : fj - r;
  const j1 = fj + r > ny - 1 ? ny - 1 : fj + r;
  const k0 = fk - r < 0 ? 0 : fk - r;
  const k1 = fk + r > nz - 1 ? nz - 1 : fk + r;
  if (i0 > i1 || j0 > j1 || k0 > k1) return;
  const nxy = nx * ny;
  const s0 = nbrStart[m];
  const s1 = s0 + nbrCount[m];
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const row = j * nx + k * nxy;
      let shared = false;
      for (let t = s0; t < s1; t++) {
        const n = 3 * nbr[t];
        if (j - foci[n + 1] <= r && foci[n + 1] - j <= r && k - foci[n + 2] <= r && foci[n + 2] - k <= r) {
          shared = true;
          break;
        }
      }
      if (!shared) {
        const o = (k - fk + r) * size * size + (j - fj + r) * size - fi + r;
        for (let i = i0; i <= i1; i++) sum[row + i] += lk[o + i];
        continue;
      }
      // Connected set of foci covering this row, through neighbour links.
      comp[0] = m;
      let len = 1;
      let lowest = m;
      for (let h = 0; h < len; h++) {
        const a = comp[h];
        for (let t = nbrStart[a], end = nbrStart[a] + nbrCount[a]; t < end; t++) {
          const b = nbr[t];
          const n = 3 * b;
          if (j - foci[n + 1] > r || foci[n + 1] - j > r || k - foci[n + 2] > r || foci[n + 2] - k > r) continue;
          let seen = false;
          for (let q = 0; q < len; q++) if (comp[q] === b) (seen = true), (q = len);
          if (seen) continue;
          comp[len++] = b;
          if (b < lowest) lowest = b;
        }
      }
      if (lowest !== m) continue;
      let lo = nx;
      let hi = -1;
      for (let q = 0; q < len; q++) {
        const n = 3 * comp[q];
        const gi = foci[n], gj = foci[n + 1], gk = foci[n + 2];
        const a0 = gi - r < 0 ? 0 : gi - r;
        const a1 = gi + r > nx - 1 ? nx - 1 : gi + r;
        if (a0 < lo) lo = a0;
        if (a1 > hi) hi = a1;
        const o = (k - gk + r) * size * size + (j - gj + r) * size - gi + r;
        for (let i = a0; i <= a1; i++) {
          const val = lk[o + i];
          if (val < rowBuf[i]) rowBuf[i] = val;
        }
      }
      for (let i = lo; i <= hi; i++) {
        const v = rowBuf[i];
        if (v !== 0) {
          sum[row + i] += v;
          rowBuf[i] = 0;
        }
      }
    }
  }
}
