// Loss and accuracy of a model over a whole split, in batches, leaking no tensors.
import * as tf from '@tensorflow/tfjs';
import type { DataSplit } from '../data/datasets';
import { allocBatch, iterateBatches } from '../data/batches';

export interface Evaluation {
  loss: number;
  accuracy: number;
}

/** Mean softmax cross-entropy and accuracy of logits `model(x)` over `order` (default: the whole split). */
export function evaluate(model: tf.LayersModel, split: DataSplit, order?: ArrayLike<number>, batchSize = 1000): Evaluation {
  const indices = order ?? Int32Array.from({ length: split.count }, (_, i) => i);
  if (indices.length === 0) return { loss: NaN, accuracy: NaN };
  let lossSum = 0;
  let correct = 0;
  for (const b of iterateBatches(split, indices, batchSize, allocBatch(batchSize, split.features))) {
    const [loss, hits] = tf.tidy(() => {
      const xs = tf.tensor2d(b.xs.subarray(0, b.size * split.features), [b.size, split.features]);
      const ys = tf.tensor2d(b.ys.subarray(0, b.size * b.numClasses), [b.size, b.numClasses]);
      // apply, not predict: predict re-slices its input into batches, and on wasm each slice is a read back to JS.
      const logits = model.apply(xs, { training: false }) as tf.Tensor2D;
      return [
        tf.losses.softmaxCrossEntropy(ys, logits, undefined, undefined, tf.Reduction.SUM).dataSync()[0],
        tf.equal(tf.argMax(logits, 1), tf.argMax(ys, 1)).sum().dataSync()[0],
      ];
    });
    lossSum += loss;
    correct += hits;
  }
  return { loss: lossSum / indices.length, accuracy: correct / indices.length };
}
