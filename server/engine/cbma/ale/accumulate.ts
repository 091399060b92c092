/**
 * Hot loops shared by the observed ALE fit and the Monte Carlo iterations.
 *
 * ALE = 1 − exp(Σ_experiments log1p(−MA)), MA = max over the experiment's foci (cbma.md A3-A4).
 * Instead of MA we keep, per voxel, the minimum of the kernel's precomputed float32
 * log1p(−value) — identical to float32 log1p(−max MA) because log1p(−x) is decreasing — so no
 * logarithm is evaluated per voxel. Two passes per experiment over the foci's kernel boxes:
 *   1. `minLog[v] = min(minLog[v], logKernel[o])`
 *   2. `sum[v] += minLog[v]; minLog[v] = 0` (each voxel once; 0 marks "already flushed")
 * The float64 sum is accumulated in experiment order, as NiMARE's `np.bincount`.
 * Kernel boxes are clipped to the grid; voxels outside the mask are accumulated too but never read.
 */

/** The parts of a kernel the loops need. */
export interface KernelBox {
  radius: number;
  size: number;
  logComplement: Float32Array;
}

/** Pass 1 for one focus at voxel (fi, fj, fk). */
export function minLogPass(
  nx: number,
  ny: number,
  nz: number,
  kernel: KernelBox,
  fi: number,
  fj: number,
  fk: number,
  minLog: Float32Array,
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
      for (let i = i0; i <= i1; i++) {
        const val = lk[o + i];
        if (val < minLog[row + i]) minLog[row + i] = val;
      }
    }
  }
}

/** Pass 2 for one focus: flush `minLog` into the float64 `sum` and clear it. */
export function flushPass(
  nx: number,
  ny: number,
  nz: number,
  radius: number,
  fi: number,
  fj: number,
  fk: number,
  minLog: Float32Array,
  sum: Float64Array,
): void {
  const r = radius;
  const i0 = fi - r < 0 ? 0 : fi - r;
  const i1 = fi + r > nx - 1 ? nx - 1 : fi + r;
  const j0 = fj - r < 0 ? 0 : fj - r;
  const j1 = fj + r > ny - 1 ? ny - 1 : fj + r;
  const k0 = fk - r < 0 ? 0 : fk - r;
  const k1 = fk + r > nz - 1 ? nz - 1 : fk + r;
  if (i0 > i1 || j0 > j1 || k0 > k1) return;
  const nxy = nx * ny;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const row = j * nx + k * nxy;
      for (let i = row + i0, end = row + i1; i <= end; i++) {
        const m = minLog[i];
        if (m !== 0) {
          sum[i] += m;
          minLog[i] = 0;
        }
      }
    }
  }
}

/**
 * Visits, once each, the voxels covered by a set of foci's kernel boxes whose `minLog` is set,
 * calling `visit(flatIndex, minLogValue)` and clearing them (observed-fit variant of pass 2).
 */
export function drainPass(
  nx: number,
  ny: number,
  nz: number,
  radius: number,
  fi: number,
  fj: number,
  fk: number,
  minLog: Float32Array,
  visit: (v: number, logComplement: number) => void,
): void {
  const r = radius;
  const i0 = Math.max(0, fi - r);
  const i1 = Math.min(nx - 1, fi + r);
  const j0 = Math.max(0, fj - r);
  const j1 = Math.min(ny - 1, fj + r);
  const k0 = Math.max(0, fk - r);
  const k1 = Math.min(nz - 1, fk + r);
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const row = j * nx + k * nx * ny;
      for (let i = row + i0; i <= row + i1; i++) {
        const m = minLog[i];
        if (m !== 0) {
          minLog[i] = 0;
          visit(i, m);
        }
      }
    }
  }
}

/**
 * Single-pass variant used by the Monte Carlo loop. Each voxel carries the stamp of the last
 * experiment that touched it and that experiment's running minimum; when a later experiment
 * reaches the voxel, the pending minimum is first added to `sum`. The float64 additions therefore
 * happen in experiment order exactly as in the two-pass form, but every kernel entry is visited
 * once. After the last experiment, a voxel's exponent is `sum[v] + pending[v]`.
 */
export function stampedPass(
  nx: number,
  ny: number,
  nz: number,
  kernel: KernelBox,
  fi: number,
  fj: number,
  fk: number,
  stampValue: number,
  stamp: Int32Array,
  pending: Float32Array,
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
      for (let i = i0; i <= i1; i++) {
        const v = row + i;
        const val = lk[o + i];
        if (stamp[v] !== stampValue) {
          sum[v] += pending[v];
          pending[v] = val;
          stamp[v] = stampValue;
        } else if (val < pending[v]) pending[v] = val;
      }
    }
  }
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
 * A group of foci (of one experiment) whose kernel boxes overlap: walks the group's rows (j, k);
 * a row covered by one focus is added directly, a row covered by several takes the per-voxel
 * minimum of their log-kernels in `rowBuf` (length ≥ nx, all zeros between calls) first. Only
 * `sum` is touched in the large arrays, and each voxel once.
 * @param foci - (i, j, k) triples; `members[0..count)` index the group's foci.
 */
export function groupPass(
  nx: number,
  ny: number,
  nz: number,
  kernel: KernelBox,
  foci: Int32Array,
  members: Int32Array,
  count: number,
  sum: Float64Array,
  rowBuf: Float32Array,
): void {
  const r = kernel.radius;
  const size = kernel.size;
  const lk = kernel.logComplement;
  let jMin = ny, jMax = -1, kMin = nz, kMax = -1;
  for (let m = 0; m < count; m++) {
    const f = 3 * members[m];
    if (foci[f + 1] - r < jMin) jMin = foci[f + 1] - r;
    if (foci[f + 1] + r > jMax) jMax = foci[f + 1] + r;
    if (foci[f + 2] - r < kMin) kMin = foci[f + 2] - r;
    if (foci[f + 2] + r > kMax) kMax = foci[f + 2] + r;
  }
  if (jMin < 0) jMin = 0;
  if (kMin < 0) kMin = 0;
  if (jMax > ny - 1) jMax = ny - 1;
  if (kMax > nz - 1) kMax = nz - 1;
  const nxy = nx * ny;
  for (let k = kMin; k <= kMax; k++) {
    for (let j = jMin; j <= jMax; j++) {
      const row = j * nx + k * nxy;
      let covering = 0;
      let lo = nx;
      let hi = -1;
      for (let m = 0; m < count; m++) {
        const f = 3 * members[m];
        const fi = foci[f], fj = foci[f + 1], fk = foci[f + 2];
        if (j - fj > r || fj - j > r || k - fk > r || fk - k > r) continue;
        const i0 = fi - r < 0 ? 0 : fi - r;
        const i1 = fi + r > nx - 1 ? nx - 1 : fi + r;
        if (i0 > i1) continue;
        covering++;
        if (i0 < lo) lo = i0;
        if (i1 > hi) hi = i1;
        const o = (k - fk + r) * size * size + (j - fj + r) * size - fi + r;
        for (let i = i0; i <= i1; i++) {
          const val = lk[o + i];
          if (val < rowBuf[i]) rowBuf[i] = val;
        }
      }
      if (covering === 0) continue;
      for (let i = lo; i <= hi; i++) {
        const m = rowBuf[i];
        if (m !== 0) {
          sum[row + i] += m;
          rowBuf[i] = 0;
        }
      }
    }
  }
}
