// The tfjs model a .spff file was exported from, run on the same inputs: the reference `npm run predict --
// --reference DIR` compares against. Loaded lazily by the CLI, so the predictor itself never pulls in tfjs.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../base/tfjs-backend';
import { fileSystemHandler } from '../layers/file-io';
import '../layers/sparse-dense';

/** Outputs of the saved model in `dir` for `count` row-major inputs of `features` values, in batches. */
export async function referenceOutputs(dir: string, x: Float32Array, count: number, features: number, batch = 1000): Promise<Float32Array> {
  await initBackend();
  const model = await tf.loadLayersModel(fileSystemHandler(dir));
  try {
    const parts: Float32Array[] = [];
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      parts.push(tf.tidy(() => (model.apply(tf.tensor2d(x.subarray(start * features, (start + n) * features), [n, features])) as tf.Tensor).dataSync() as Float32Array));
    }
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  } finally {
    model.dispose();
  }
}
