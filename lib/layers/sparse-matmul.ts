// Y = X·Wᵀ for a CSR weight W (nOut×nIn), as a differentiable tfjs op whose forward and gradients run the project's
// sparse kernels on the host: cost O(batch·nnz), no dense nIn×nOut tensor anywhere.
import * as tf from '@tensorflow/tfjs';
import { sparseKernels } from '../kernels/index';
import type { Csr } from '../topology/csr';
import { hostFloat32 } from './host-view';

/**
 * x: [batch, nIn] float32, values: [nnz] in CSR edge order → [batch, nOut]. Gradients flow to x and values;
 * with `inputGradient` false (x is data, as in a first layer) x's gradient is zeros and its kernel call is skipped.
 */
export function sparseMatMul(x: tf.Tensor2D, values: tf.Tensor1D, csr: Csr, inputGradient = true): tf.Tensor2D {
  const batch = x.shape[0];
  if (x.shape[1] !== csr.nIn) throw new Error(`sparseMatMul: input has ${x.shape[1]} features, topology expects ${csr.nIn}`);
  if (values.size !== csr.rowPtr[csr.nOut]) throw new Error(`sparseMatMul: ${values.size} values for ${csr.rowPtr[csr.nOut]} edges`);
  const op = tf.customGrad((xt, vt, save) => {
    const [xs, vs] = [xt as tf.Tensor2D, vt as tf.Tensor1D];
    (save as tf.GradSaveFunc)([xs, vs]);
    // Host views are read by the kernel before the next tfjs allocation (see host-view.ts), so they stay valid.
    const y = tf.tensor2d(sparseKernels().forward(csr, hostFloat32(vs), hostFloat32(xs), batch), [batch, csr.nOut]);
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const kernels = sparseKernels();
      const [sx, sv] = saved;
      // customGrad evaluates every input's gradient eagerly; zeros stand in where nobody needs dX.
      const dx = inputGradient
        ? kernels.backwardInput(csr, hostFloat32(sv), hostFloat32(dy), batch)
        : null;
      const dv = kernels.backwardValues(csr, hostFloat32(sx), hostFloat32(dy), batch);
      return [dx ? tf.tensor2d(dx, [batch, csr.nIn]) : tf.zeros([batch, csr.nIn]), tf.tensor1d(dv)];
    };
    return { value: y, gradFunc };
  });
  return op(x.dtype === 'float32' ? x : tf.cast(x, 'float32'), values) as tf.Tensor2D;
}
