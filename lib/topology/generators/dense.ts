// Fully connected layer: every output reads every input. nnz = nIn·nOut exactly; density and seed are ignored.
import type { Csr } from '../csr';

export function denseNnz(nIn: number, nOut: number): number {
  return nIn * nOut;
}

export function generateDense(nIn: number, nOut: number): Csr {
  const rowPtr = new Int32Array(nOut + 1);
  const colIdx = new Int32Array(nIn * nOut);
  for (let j = 0; j < nOut; j++) {
    rowPtr[j + 1] = (j + 1) * nIn;
    for (let i = 0; i < nIn; i++) colIdx[j * nIn + i] = i;
  }
  return { nIn, nOut, rowPtr, colIdx };
}
