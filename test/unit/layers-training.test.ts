// Training a 2-layer SparseDense model with Adam: masked and sparse modes follow the same loss trajectory, and the
// masked kernel variable stays exactly zero off the graph (zero gradient there, so Adam's moments stay zero).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SparseDense, sparseDense } from '../../lib/layers/sparse-dense';
import { kernelMask } from '../../lib/layers/edge-values';
import { makeRng, randInt, randNormal } from '../../lib/base/random';
import type { LayerMode } from '../../lib/train/config';

const ready = tf.setBackend('cpu');
const nIn = 16, hidden = 24, classes = 5, batch = 8, steps = 20;

function batches(): { x: tf.Tensor2D; y: tf.Tensor2D }[] {
  const rng = makeRng(1, 'test-data');
  return Array.from({ length: 4 }, () => ({
    x: tf.tensor2d(Float32Array.from({ length: batch * nIn }, () => randNormal(rng)), [batch, nIn]),
    y: tf.oneHot(Array.from({ length: batch }, () => randInt(rng, classes)), classes).toFloat() as tf.Tensor2D,
  }));
}

async function train(mode: LayerMode): Promise<{ losses: number[]; model: tf.Sequential; init: Float32Array[] }> {
  const model = tf.sequential({
    layers: [
      sparseDense({ units: hidden, inputShape: [nIn], activation: 'relu', mode, topology: { kind: 'random', density: 0.3, seed: 1 } }),
      sparseDense({ units: classes, activation: 'softmax', mode, topology: { kind: 'random', density: 0.5, seed: 2 } }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const init = model.layers.map(l => (l as SparseDense).edgeValues());
  const data = batches();
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const { x, y } = data[s % data.length];
    losses.push((await model.trainOnBatch(x, y)) as number);
  }
  return { losses, model, init };
}

test('masked and sparse modes give the same Adam trajectory; masked kernel stays exactly 0 off the graph', async () => {
  await ready;
  const masked = await train('masked');
  const sparse = await train('sparse');
  for (let s = 0; s < steps; s++) {
    const rel = Math.abs(masked.losses[s] - sparse.losses[s]) / Math.abs(masked.losses[s]);
    assert.ok(rel < 1e-4, `step ${s}: masked ${masked.losses[s]} vs sparse ${sparse.losses[s]}`);
  }
  assert.ok(masked.losses[steps - 1] < 0.8 * masked.losses[0], `loss did not fall: ${masked.losses}`);

  for (const [i, layer] of (masked.model.layers as SparseDense[]).entries()) {
    const kernel = layer.getWeights()[0].dataSync();
    const mask = kernelMask(layer.csr);
    let offGraph = 0;
    for (let p = 0; p < kernel.length; p++) {
      if (mask[p] === 0) { offGraph++; assert.ok(kernel[p] === 0, `layer ${i} kernel[${p}] = ${kernel[p]}`); }
    }
    assert.ok(offGraph > 0);
    // Training did move the on-graph weights, and both modes moved them alike.
    const after = layer.edgeValues();
    assert.ok(after.some((v, k) => v !== masked.init[i][k]));
    const other = (sparse.model.layers[i] as SparseDense).edgeValues();
    for (let k = 0; k < after.length; k++) assert.ok(Math.abs(after[k] - other[k]) < 1e-4, `layer ${i} edge ${k}`);
  }
});
