/**
 * Compressed sparse row matrix: row r holds the entries indptr[r] … indptr[r+1]-1 of
 * `indices` (column ids, ascending) and `data` (values).
 */
export interface CsrMatrix {
  nRows: number;
  nCols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
}

/** Builds a CSR matrix from per-row (column → value) maps; columns are sorted within a row. */
export function csrFromRows(rows: ReadonlyArray<Map<number, number>>, nCols: number): CsrMatrix {
  const indptr = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) indptr[r + 1] = indptr[r] + rows[r].size;
  const indices = new Int32Array(indptr[rows.length]);
  const data = new Float32Array(indptr[rows.length]);
  for (let r = 0; r < rows.length; r++) {
    const cols = [...rows[r].keys()].sort((a, b) => a - b);
    let k = indptr[r];
    for (const c of cols) {
      indices[k] = c;
      data[k++] = rows[r].get(c)!;
    }
  }
  return { nRows: rows.length, nCols, indptr, indices, data };
}

/** Dot product of row r with a dense vector. */
export function rowDot(m: CsrMatrix, r: number, w: Float64Array): number {
  let s = 0;
  for (let k = m.indptr[r], end = m.indptr[r + 1]; k < end; k++) s += m.data[k] * w[m.indices[k]];
  return s;
}

/** w += scale · row r. */
export function addRow(m: CsrMatrix, r: number, scale: number, w: Float64Array): void {
  for (let k = m.indptr[r], end = m.indptr[r + 1]; k < end; k++) w[m.indices[k]] += scale * m.data[k];
}

/** Squared l2 norm of row r. */
export function rowNormSq(m: CsrMatrix, r: number): number {
  let s = 0;
  for (let k = m.indptr[r], end = m.indptr[r + 1]; k < end; k++) s += m.data[k] * m.data[k];
  return s;
}

/** out[r] = row r · w + bias for every row (out is caller-supplied to avoid allocation in loops). */
export function matVec(m: CsrMatrix, w: Float64Array, bias: number, out: Float64Array): Float64Array {
  const { indptr, indices, data } = m;
  for (let r = 0; r < m.nRows; r++) {
    let s = bias;
    for (let k = indptr[r], end = indptr[r + 1]; k < end; k++) s += data[k] * w[indices[k]];
    out[r] = s;
  }
  return out;
}
