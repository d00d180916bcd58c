// Reference sparse kernels in plain TypeScript: the test oracle, and the fallback where the native addon is not built.
// Written for clarity first; loops run over edges, so cost scales with nnz·batch.
import type { Csr } from '../topology/csr';
import type { SparseKernels } from './contract';

/** Y = X·Wᵀ into a caller's buffer (batch×nOut), for callers that reuse their outputs (the predictor). */
export function forwardInto(w: Csr, values: ArrayLike<number>, x: ArrayLike<number>, batch: number, y: Float32Array): void {
  const { nIn, nOut, rowPtr, colIdx } = w;
  for (let b = 0; b < batch; b++) {
    const xo = b * nIn, yo = b * nOut;
    for (let j = 0; j < nOut; j++) {
      let acc = 0;
      for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) acc += values[k] * x[xo + colIdx[k]];
      y[yo + j] = acc;
    }
  }
}

export const typescriptKernels: SparseKernels = {
  name: 'typescript',

  forward(w, values, x, batch) {
    const y = new Float32Array(batch * w.nOut);
    forwardInto(w, values, x, batch, y);
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
