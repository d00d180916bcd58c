// Reference sparse kernels in plain TypeScript: the test oracle, and the fallback where the native addon is not built.
// Written for clarity first; loops run over edges, so cost scales with nnz·batch.
import type { Csr } from '../topology/csr';
import type { SparseKernels } from './contract';

export const typescriptKernels: SparseKernels = {
  name: 'typescript',

  forward(w, values, x, batch) {
    const { nIn, nOut, rowPtr, colIdx } = w;
    const y = new Float32Array(batch * nOut);
    for (let b = 0; b < batch; b++) {
      const xo = b * nIn, yo = b * nOut;
      for (let j = 0; j < nOut; j++) {
        let acc = 0;
        for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) acc += values[k] * x[xo + colIdx[k]];
        y[yo + j] = acc;
      }
    }
    return y;
  },

  backwardInput(w, values, dy, batch) {
    const { nIn, nOut, rowPtr, colIdx } = w;
    const dx = new Float32Array(batch * nIn);
    for (let b = 0; b < batch; b++) {
      const xo = b * nIn, yo = b * nOut;
      for (let j = 0; j < nOut; j++) {
        const g = dy[yo + j];
        if (g === 0) continue;
        for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) dx[xo + colIdx[k]] += values[k] * g;
      }
    }
    return dx;
  },

  backwardValues(w: Csr, x, dy, batch) {
    const { nIn, nOut, rowPtr, colIdx } = w;
    const dv = new Float32Array(rowPtr[nOut]);
    for (let b = 0; b < batch; b++) {
      const xo = b * nIn, yo = b * nOut;
      for (let j = 0; j < nOut; j++) {
        const g = dy[yo + j];
        if (g === 0) continue;
        for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) dv[k] += g * x[xo + colIdx[k]];
      }
    }
    return dv;
  },
};
