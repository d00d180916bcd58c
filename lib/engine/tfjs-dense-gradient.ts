// The dense gradient dL/dW = Xᵀ·dY of every layer on one batch, at ALL nIn·nOut positions (RigL's grow criterion).
// Computed through a temporary dense forward pass with each layer's effective kernel (and the layer's own bias and
// activation), whose gradient w.r.t. that kernel is exactly the dense gradient. It costs about one dense training
// step, and RigL needs it only every ΔT (100) steps: simpler than capturing X and dY inside the sparse op.
import * as tf from '@tensorflow/tfjs';
import type { SparseDense } from '../layers/sparse-dense';

/** One batch in the trainer's reusable buffers (only the first `size` rows are meaningful). */
export interface BufferedBatch {
  xs: Float32Array;
  ys: Float32Array;
  size: number;
  features: number;
  numClasses: number;
}

/**
 * x·k with gradients computed from explicit transposes: tfjs's own matMul gradient multiplies with transposeA/B set,
 * which the wasm backend ran ~10x slower than transpose-then-multiply (60 ms vs 8 ms for 128×784 · 128×300).
 * customGrad returns every input's gradient; with `inputGradient` false x's is zeros, not a product.
 */
function matMul(x: tf.Tensor2D, k: tf.Tensor2D, inputGradient: boolean): tf.Tensor2D {
  const op = tf.customGrad((xt, kt, save) => {
    const [a, b] = [xt as tf.Tensor2D, kt as tf.Tensor2D];
    (save as tf.GradSaveFunc)([a, b]);
    return {
      value: tf.matMul(a, b) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as tf.Tensor2D[];
        return [inputGradient ? tf.matMul(dy, tf.transpose(sb)) : tf.zerosLike(sa), tf.matMul(tf.transpose(sa), dy)];
      },
    };
  });
  return op(x, k) as tf.Tensor2D;
}

/** Per layer, dL/dW in Dense kernel layout [nIn, nOut] for the softmax cross-entropy the trainer minimises. */
export function denseKernelGradients(layers: SparseDense[], batch: BufferedBatch): Float32Array[] {
  return tf.tidy(() => {
    const xs = tf.tensor2d(batch.xs.slice(0, batch.size * batch.features), [batch.size, batch.features]);
    const ys = tf.tensor2d(batch.ys.slice(0, batch.size * batch.numClasses), [batch.size, batch.numClasses]);
    const kernels = layers.map(l => l.effectiveKernel());
    const grads = tf.grads((...ks: tf.Tensor[]) => {
      // The first layer's input is data: its gradient is never needed.
      const logits = layers.reduce((h, layer, l) => layer.applyBiasAndActivation(matMul(h, ks[l] as tf.Tensor2D, l > 0)), xs);
      return tf.losses.softmaxCrossEntropy(ys, logits);
    })(kernels);
    return grads.map(g => Float32Array.from(g.dataSync()));
  });
}
