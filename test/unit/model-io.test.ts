// model.save(fileSystemHandler(dir)) → tf.loadLayersModel(fileSystemHandler(dir)) restores SparseDense models in
// both modes: same predictions bit for bit and the exact graph, including a graph changed after generation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SparseDense, sparseDense } from '../../lib/layers/sparse-dense';
import { fileSystemHandler, MODEL_JSON, WEIGHTS_BIN } from '../../lib/layers/file-io';
import { makeRng, randNormal } from '../../lib/base/random';
import type { Csr } from '../../lib/topology/csr';
import type { LayerMode } from '../../lib/train/config';
import { scratchDir } from '../fixtures/scratch';

const ready = tf.setBackend('cpu');

function input(batch: number, n: number, seed: number): tf.Tensor2D {
  const rng = makeRng(seed, 'test-input');
  return tf.tensor2d(Float32Array.from({ length: batch * n }, () => randNormal(rng)), [batch, n]);
}

/** Drop every third edge of a layer's graph: a topology no generator would reproduce from the spec. */
function thinned(csr: Csr): Csr {
  const rows: number[][] = [];
  for (let j = 0; j < csr.nOut; j++) rows.push(Array.from(csr.colIdx.subarray(csr.rowPtr[j], csr.rowPtr[j + 1])).filter((_, t) => t % 3 !== 2));
  const rowPtr = new Int32Array(csr.nOut + 1);
  rows.forEach((r, j) => { rowPtr[j + 1] = rowPtr[j] + r.length; });
  return { nIn: csr.nIn, nOut: csr.nOut, rowPtr, colIdx: Int32Array.from(rows.flat()) };
}

for (const mode of ['masked', 'sparse'] as LayerMode[]) {
  test(`save → load round trip (${mode})`, async () => {
    await ready;
    const model = tf.sequential({
      layers: [
        sparseDense({ units: 20, inputShape: [12], activation: 'relu', mode, topology: { kind: 'random', density: 0.25, seed: 1 } }),
        sparseDense({ units: 4, activation: 'softmax', mode, seed: 2, topology: { nIn: 20, nOut: 4, rowPtr: [0, 3, 5, 9, 20], colIdx: [0, 7, 19, 3, 4, 1, 2, 11, 12, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] } }),
      ],
    });
    const first = model.layers[0] as SparseDense;
    if (mode === 'masked') first.setTopology(thinned(first.csr));
    // Train a little so weights differ from the seeded init a reload would reproduce anyway.
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    const x = input(16, 12, 5);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 4), 'int32'), 4).toFloat();
    for (let s = 0; s < 3; s++) await model.trainOnBatch(x, y);

    const dir = scratchDir('sparse-dense-io-');
    try {
      await model.save(fileSystemHandler(dir));
      assert.ok(fs.existsSync(path.join(dir, WEIGHTS_BIN)));
      const json = JSON.parse(fs.readFileSync(path.join(dir, MODEL_JSON), 'utf8'));
      assert.equal(json.format, 'layers-model');
      assert.match(JSON.stringify(json.modelTopology), /"class_name":"SparseDense"/);

      const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
      for (let i = 0; i < 2; i++) {
        const a = model.layers[i] as SparseDense, b = loaded.layers[i] as SparseDense;
        assert.ok(b instanceof SparseDense);
        assert.equal(b.mode, mode);
        assert.deepEqual(b.csr.rowPtr, a.csr.rowPtr);
        assert.deepEqual(b.csr.colIdx, a.csr.colIdx);
        assert.deepEqual(b.edgeValues(), a.edgeValues());
      }
      const probe = input(9, 12, 6);
      assert.deepEqual((loaded.predict(probe) as tf.Tensor).dataSync(), (model.predict(probe) as tf.Tensor).dataSync());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
