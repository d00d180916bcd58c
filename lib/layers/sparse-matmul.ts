// Y = X·Wᵀ for a CSR weight W (nOut×nIn), as a differentiable tfjs op whose forward and gradients run the project's
// sparse kernels on the host: cost O(batch·nnz), no dense nIn×nOut tensor anywhere.
import * as tf from '@tensorflow/tfjs';
import { sparseKernels } from '../kernels';
import type { Csr } from '../topology/csr';

/** x: [batch, nIn] float32, values: [nnz] in CSR edge order → [batch, nOut]. Gradients flow to x and values. */
export function sparseMatMul(x: tf.Tensor2D, values: tf.Tensor1D, csr: Csr): tf.Tensor2D {
  const batch = x.shape[0];
  if (x.shape[1] !== csr.nIn) throw new Error(`sparseMatMul: input has ${x.shape[1]} features, topology expects ${csr.nIn}`);
  if (values.size !== csr.rowPtr[csr.nOut]) throw new Error(`sparseMatMul: ${values.size} values for ${csr.rowPtr[csr.nOut]} edges`);
  const op = tf.customGrad((xt, vt) => {
    // Host copies captured for the backward pass; tfjs tensors are immutable, so they stay valid.
    const xs = (xt as tf.Tensor).dataSync() as Float32Array;
    const vs = (vt as tf.Tensor).dataSync() as Float32Array;
    const y = tf.tensor2d(sparseKernels().forward(csr, vs, xs, batch), [batch, csr.nOut]);
    const gradFunc = (dy: tf.Tensor2D): tf.Tensor[] => {
      const dys = dy.dataSync() as Float32Array;
      const kernels = sparseKernels();
      // customGrad evaluates every input's gradient eagerly, so dX is computed even when X needs none (first layer).
      return [
        tf.tensor2d(kernels.backwardInput(csr, vs, dys, batch), [batch, csr.nIn]),
        tf.tensor1d(kernels.backwardValues(csr, xs, dys, batch)),
      ];
    };
    return { value: y, gradFunc };
  });
  return op(x.dtype === 'float32' ? x : tf.cast(x, 'float32'), values) as tf.Tensor2D;
}
