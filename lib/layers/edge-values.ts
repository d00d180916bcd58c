// Per-edge weight bookkeeping: conversions between CSR edge order (one row per output unit) and tfjs Dense's kernel
// layout [nIn, nOut] (edge (row j, col i) at kernel[i·nOut + j]), and carrying values across a topology change.
// None of this is on the sparse hot path (the kernel-layout functions are O(nIn·nOut)).
import type { Csr } from '../topology/csr';

/** Dense [nIn, nOut] row-major kernel with `values` at the edges and exact zeros elsewhere. */
export function scatterToKernel(csr: Csr, values: ArrayLike<number>): Float32Array {
  const { nIn, nOut, rowPtr, colIdx } = csr;
  const kernel = new Float32Array(nIn * nOut);
  for (let j = 0; j < nOut; j++) {
    for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) kernel[colIdx[k] * nOut + j] = values[k];
  }
  return kernel;
}

/** The entries of a dense [nIn, nOut] kernel at the CSR's edges, in edge order. */
export function gatherFromKernel(csr: Csr, kernel: ArrayLike<number>): Float32Array {
  const { nOut, rowPtr, colIdx } = csr;
  const values = new Float32Array(rowPtr[nOut]);
  for (let j = 0; j < nOut; j++) {
    for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) values[k] = kernel[colIdx[k] * nOut + j];
  }
  return values;
}

/** The 0/1 mask of the CSR in kernel layout [nIn, nOut]. */
export function kernelMask(csr: Csr): Float32Array {
  return scatterToKernel(csr, new Float32Array(csr.rowPtr[csr.nOut]).fill(1));
}

/**
 * For each edge of `next`, its index in `prev`, or -1 for an edge `prev` lacks. Both CSRs have sorted rows, so this
 * is a merge, O(nnz). It is the one map behind carrying values and optimizer state across a topology change.
 */
export function edgeSourceIndex(prev: Csr, next: Csr): Int32Array {
  const out = new Int32Array(next.rowPtr[next.nOut]).fill(-1);
  for (let j = 0; j < next.nOut; j++) {
    let p = prev.rowPtr[j];
    const pEnd = prev.rowPtr[j + 1];
    for (let k = next.rowPtr[j]; k < next.rowPtr[j + 1]; k++) {
      const c = next.colIdx[k];
      while (p < pEnd && prev.colIdx[p] < c) p++;
      if (p < pEnd && prev.colIdx[p] === c) out[k] = p;
    }
  }
  return out;
}

/** Values for `next` taken from `prev`: an edge present in both keeps its value, a new edge gets 0 (as pruning keeps
 *  survivors and RigL grows connections at zero). */
export function carryOverValues(prev: Csr, prevValues: ArrayLike<number>, next: Csr): Float32Array {
  const source = edgeSourceIndex(prev, next);
  const out = new Float32Array(source.length);
  for (let k = 0; k < source.length; k++) if (source[k] >= 0) out[k] = prevValues[source[k]];
  return out;
}
