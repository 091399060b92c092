// Small dense linear algebra for meta-regression: p (coefficients) is rarely above ten, so plain
// row-major Float64Arrays and a Cholesky factorisation are all that is needed.

/** A dense row-major matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** A rows × cols matrix of zeros. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Matrix from an array of rows. */
export function fromRows(rows: number[][]): Matrix {
  const m = zeros(rows.length, rows[0]?.length ?? 0);
  rows.forEach((row, i) => row.forEach((v, j) => (m.data[i * m.cols + j] = v)));
  return m;
}

/** Element (i, j). */
export function at(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j];
}

/** X' diag(w) X for a k × p design X. */
export function crossprodWeighted(x: Matrix, w: ArrayLike<number>): Matrix {
  const { rows: k, cols: p } = x;
  const out = zeros(p, p);
  for (let i = 0; i < k; i++) {
    const wi = w[i];
    for (let a = 0; a < p; a++) {
      const xa = x.data[i * p + a] * wi;
      for (let b = a; b < p; b++) out.data[a * p + b] += xa * x.data[i * p + b];
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) out.data[a * p + b] = out.data[b * p + a];
  return out;
}

/** X' diag(w) y. */
export function crossprodVector(x: Matrix, w: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const { rows: k, cols: p } = x;
  const out = new Float64Array(p);
  for (let i = 0; i < k; i++) {
    const wy = w[i] * y[i];
    for (let a = 0; a < p; a++) out[a] += x.data[i * p + a] * wy;
  }
  return out;
}

/** Inverse and log-determinant of a symmetric positive-definite matrix via Cholesky. */
export function spdInverse(s: Matrix): { inverse: Matrix; logDet: number } {
  const n = s.rows;
  const l = new Float64Array(n * n);
  let logDet = 0;
  for (let j = 0; j < n; j++) {
    let d = s.data[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 0)) throw new Error("Model matrix not of full rank. Cannot fit model.");
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    logDet += 2 * Math.log(ljj);
    for (let i = j + 1; i < n; i++) {
      let v = s.data[i * n + j];
      for (let k = 0; k < j; k++) v -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = v / ljj;
    }
  }
  // Invert L, then form L^-T L^-1.
  const li = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    li[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let v = 0;
      for (let k = j; k < i; k++) v -= l[i * n + k] * li[k * n + j];
      li[i * n + j] = v / l[i * n + i];
    }
  }
  const inverse = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let v = 0;
      for (let k = i; k < n; k++) v += li[k * n + i] * li[k * n + j];
      inverse.data[i * n + j] = v;
      inverse.data[j * n + i] = v;
    }
  }
  return { inverse, logDet };
}

/** Matrix–vector product. */
export function matVec(m: Matrix, v: ArrayLike<number>): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    for (let j = 0; j < m.cols; j++) s += m.data[i * m.cols + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** Matrix product. */
export function matMul(a: Matrix, b: Matrix): Matrix {
  const out = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++)
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j] += aik * b.data[k * b.cols + j];
    }
  return out;
}

/** Trace of a product of two square matrices, tr(AB). */
export function traceProduct(a: Matrix, b: Matrix): number {
  const n = a.rows;
  let s = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) s += a.data[i * n + k] * b.data[k * n + i];
  return s;
}

/** Sub-matrix on the given row/column indices. */
export function subMatrix(m: Matrix, idx: number[]): Matrix {
  const out = zeros(idx.length, idx.length);
  idx.forEach((i, a) => idx.forEach((j, b) => (out.data[a * idx.length + b] = m.data[i * m.cols + j])));
  return out;
}

/** Scalar multiple. */
export function scale(m: Matrix, s: number): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.map((v) => v * s) };
}

/** Rows of a matrix kept where `keep[i]` is true. */
export function keepRows(m: Matrix, keep: (i: number) => boolean): Matrix {
  const rows: number[] = [];
  for (let i = 0; i < m.rows; i++) if (keep(i)) rows.push(i);
  const out = zeros(rows.length, m.cols);
  rows.forEach((r, i) => out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return out;
}
