// One optimisation step: the unit both the trainer and the training benchmark run.
import * as tf from '@tensorflow/tfjs';

/** One Adam step on a batch held in reusable buffers; returns [mean loss, correct predictions]. */
export function trainStep(model: tf.Sequential, optimizer: tf.Optimizer, xsBuf: Float32Array, ysBuf: Float32Array,
  size: number, features: number, classes: number): [number, number] {
  return tf.tidy(() => {
    // Copies: a tensor may keep a reference to the array it is given, and the buffers are refilled next batch.
    const xs = tf.tensor2d(xsBuf.slice(0, size * features), [size, features]);
    const ys = tf.tensor2d(ysBuf.slice(0, size * classes), [size, classes]);
    let hits: tf.Tensor | undefined;
    const loss = optimizer.minimize(() => {
      const logits = model.apply(xs, { training: true }) as tf.Tensor2D;
      hits = tf.keep(tf.equal(tf.argMax(logits, 1), tf.argMax(ys, 1)).sum());
      return tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
    }, true)!;
    const result: [number, number] = [loss.dataSync()[0], hits!.dataSync()[0]];
    hits!.dispose();
    return result;
  });
}
