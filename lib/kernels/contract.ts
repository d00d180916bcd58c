// The contract every sparse kernel implementation meets. W is the CSR structure (one row per output unit)
// with a Float32Array of nnz values; activations are row-major batch×features Float32Arrays, as tfjs stores them.
import type { Csr } from '../topology/csr';

export type KernelName = 'native' | 'typescript';

export interface SparseKernels {
  readonly name: KernelName;
  /** Y = X·Wᵀ: x is batch×nIn, returns batch×nOut. */
  forward(w: Csr, values: Float32Array, x: Float32Array, batch: number): Float32Array;
  /** dX = dY·W: dy is batch×nOut, returns batch×nIn. */
  backwardInput(w: Csr, values: Float32Array, dy: Float32Array, batch: number): Float32Array;
  /** dValues[k] = Σ_b dY[b,row(k)]·X[b,col(k)]: returns nnz. */
  backwardValues(w: Csr, x: Float32Array, dy: Float32Array, batch: number): Float32Array;
}
