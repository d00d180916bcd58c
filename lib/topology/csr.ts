// The one sparse structure of the project: a bipartite graph between nIn inputs and nOut outputs,
// stored as CSR with one row per output unit and column indices sorted and unique within each row.

export interface Csr {
  nIn: number;
  nOut: number;
  /** Length nOut + 1; row j's edges are colIdx[rowPtr[j] .. rowPtr[j+1]). */
  rowPtr: Int32Array;
  /** Length nnz; input index of each edge, sorted ascending within a row, no duplicates. */
  colIdx: Int32Array;
}

export function nnz(csr: Csr): number {
  return csr.rowPtr[csr.nOut];
}

/** The narrowest unsigned type holding every column index 0..nIn−1 (what the cost table and the .spff file store). */
export function indexTypeFor(nIn: number): 'uint8' | 'uint16' | 'uint32' {
  return nIn <= 256 ? 'uint8' : nIn <= 65536 ? 'uint16' : 'uint32';
}

/** Row index of every edge (length nnz): the COO expansion of rowPtr. */
export function rowIndices(csr: Csr): Int32Array {
  const rows = new Int32Array(nnz(csr));
  for (let j = 0; j < csr.nOut; j++) rows.fill(j, csr.rowPtr[j], csr.rowPtr[j + 1]);
  return rows;
}

/** Throws with a one-line reason if the structure breaks the CSR invariants above. */
export function validateCsr(csr: Csr): void {
  const { nIn, nOut, rowPtr, colIdx } = csr;
  if (!Number.isInteger(nIn) || nIn < 1 || !Number.isInteger(nOut) || nOut < 1) throw new Error(`CSR: bad shape ${nIn}x${nOut}`);
  if (rowPtr.length !== nOut + 1) throw new Error(`CSR: rowPtr length ${rowPtr.length}, expected ${nOut + 1}`);
  if (rowPtr[0] !== 0 || rowPtr[nOut] !== colIdx.length) throw new Error(`CSR: rowPtr must run from 0 to nnz=${colIdx.length}`);
  for (let j = 0; j < nOut; j++) {
    if (rowPtr[j + 1] < rowPtr[j]) throw new Error(`CSR: rowPtr decreases at row ${j}`);
    for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) {
      const c = colIdx[k];
      if (c < 0 || c >= nIn) throw new Error(`CSR: column ${c} out of range [0, ${nIn}) in row ${j}`);
      if (k > rowPtr[j] && c <= colIdx[k - 1]) throw new Error(`CSR: columns not strictly increasing in row ${j}`);
    }
  }
}

/** Build CSR from per-row column lists (sorted and deduplicated here). */
export function csrFromRows(nIn: number, rows: ArrayLike<number>[]): Csr {
  const rowPtr = new Int32Array(rows.length + 1);
  const sorted = rows.map(r => Int32Array.from(new Set(Array.from(r))).sort());
  for (let j = 0; j < sorted.length; j++) rowPtr[j + 1] = rowPtr[j] + sorted[j].length;
  const colIdx = new Int32Array(rowPtr[rows.length]);
  sorted.forEach((r, j) => colIdx.set(r, rowPtr[j]));
  return { nIn, nOut: rows.length, rowPtr, colIdx };
}
