// What a researcher's first hour leans on: the public index, the paper's defaults, a tfjs-style network that compile
// and fit train, pruning a trained model and fine-tuning it with the trainer, readable tables and the kernel's hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as lib from '../../lib/index';
import { pruneByMagnitude } from '../../lib/sparsity/magnitude';
import { tableBundle } from '../../lib/notebook/rich-output';
import { csrFromRows, type Csr } from '../../lib/topology/csr';
import type { RewirableLayer } from '../../lib/sparsity/network';

const ready = tf.setBackend('cpu');

test('trainConfig: the paper\'s recipe unless told otherwise, in one place', () => {
  const c = lib.trainConfig();
  assert.deepEqual([c.arch, c.topology, c.density, c.denseOutput, c.learningRate, c.learningRateSchedule, c.epochs, c.batchSize],
    [[300, 100], 'random', 0.1, true, 2e-3, 'cosine', 20, 128]);
  assert.equal(lib.trainConfig({ learningRateSchedule: 'constant' }).learningRateSchedule, undefined, "'constant' is no field (old run keys stay)");
  assert.deepEqual(lib.presets.paper.learningRate, lib.PAPER_TRAINING.learningRate);
});

test('sparseNetwork: probabilities out, so compile with categoricalCrossentropy and fit train it; summary names each graph', async () => {
  await ready;
  const model = lib.sparseNetwork({ arch: [32], density: 0.2, topology: 'regular' });
  assert.deepEqual(model.layers.map(l => l.name), ['layer1_regular_20pct', 'layer2_dense']);
  const xs = tf.randomUniform([64, 784], 0, 1, 'float32', 1), ys = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 10), 'int32'), 10);
  const sums = tf.tidy(() => (model.predict(xs) as tf.Tensor).sum(1).dataSync());
  sums.forEach(s => assert.ok(Math.abs(s - 1) < 1e-5, `row sum ${s}`));
  model.compile({ optimizer: tf.train.adam(1e-2), loss: 'categoricalCrossentropy' });
  const h = await model.fit(xs, ys, { epochs: 5, batchSize: 64, verbose: 0 });
  const loss = h.history.loss as number[];
  assert.ok(loss[4] < loss[0] - 0.1, `fit lowers the loss: ${loss.join(', ')}`);
  [xs, ys, model].forEach(t => t.dispose());
});

/** A layer view over a CSR and its weights, recording what gets installed. */
function layer(csr: Csr, values: number[]): RewirableLayer & { values: Float32Array } {
  const l = {
    csr, values: Float32Array.from(values),
    get nnz() { return this.csr.rowPtr[this.csr.nOut]; },
    edgeValues() { return this.values.slice(); },
    setTopology(next: Csr) {
      const kept: number[] = [];
      for (let j = 0; j < next.nOut; j++) for (let k = next.rowPtr[j]; k < next.rowPtr[j + 1]; k++) {
        const old = Array.from({ length: this.csr.rowPtr[j + 1] - this.csr.rowPtr[j] }, (_, t) => this.csr.rowPtr[j] + t).find(e => this.csr.colIdx[e] === next.colIdx[k])!;
        kept.push(this.values[old]);
      }
      this.csr = next; this.values = Float32Array.from(kept);
    },
  };
  return l;
}

test('magnitude pruning: per layer to the density, or one global threshold; the output layer left alone', () => {
  const mk = () => [layer(csrFromRows(4, [[0, 1, 2, 3], [0, 1, 2, 3]]), [0.1, -0.9, 0.3, 0.05, 0.8, -0.2, 0.01, 0.6]),
    layer(csrFromRows(4, [[0, 1, 2, 3]]), [0.5, 0.4, 0.3, 0.2]), layer(csrFromRows(1, [[0], [0]]), [1, 2])];
  const perLayer = mk();
  assert.deepEqual(pruneByMagnitude(perLayer, { density: 0.5 }), [4, 2, 2]);
  assert.deepEqual(perLayer[0].values, Float32Array.from([-0.9, 0.3, 0.8, 0.6]));
  assert.deepEqual(perLayer[1].values, Float32Array.from([0.5, 0.4]));
  // Globally, 12 positions at 50% keep 6 edges: the four largest of layer 0 and two of layer 1's.
  const global = mk();
  assert.deepEqual(pruneByMagnitude(global, { density: 0.5, scope: 'global' }), [4, 2, 2]);
  const onlyFirst = mk();
  assert.deepEqual(pruneByMagnitude(onlyFirst, { density: 0.25, scope: 'global', layers: [0, 1] }), [2, 1, 2]);
  assert.deepEqual(onlyFirst[0].values, Float32Array.from([-0.9, 0.8]));
  assert.throws(() => pruneByMagnitude(mk(), { density: 0 }), /density must be in \(0, 1\]/);
});

test('prune a trained model, then fine-tune it with the trainer: it trains the pruned graphs', { timeout: 120_000 }, async () => {
  const config = lib.trainConfig({ arch: [32], density: 0.5, epochs: 1, trainLimit: 512, batchSize: 64 });
  const { model } = await lib.train(config, { keepModel: true, progress: 'none' });
  lib.pruneModel(model!, { density: 0.1 });
  const pruned = lib.modelSnapshot(model!);
  const tuned = await lib.train({ ...config, density: 0.1 }, { from: pruned, keepModel: true, progress: 'none' });
  assert.deepEqual(lib.sparseLayers(tuned.model!).map(l => l.csr), pruned.graphs);
  assert.equal(tuned.record.layers[0].nnz, Math.round(0.1 * 784 * 32));
  await assert.rejects(lib.train(lib.trainConfig({ arch: [16], epochs: 1, trainLimit: 64 }), { from: pruned }), /the network to start from is 784-32-10, the config's is 784-16-10/);
  model!.dispose();
  tuned.model!.dispose();
});

test('tables: HTML without styles and aligned text, from rows or a DataFrame-like object', () => {
  const b = tableBundle([{ topology: 'random', accuracy: 0.97123456 }, { topology: 'dense', accuracy: 0.98 }]);
  assert.equal(b['text/html'], '<table>\n<thead><tr><th>topology</th><th>accuracy</th></tr></thead>\n<tbody>\n'
    + '<tr><td>random</td><td>0.9712</td></tr>\n<tr><td>dense</td><td>0.9800</td></tr>\n</tbody></table>');
  assert.equal(b['text/plain'], 'topology  accuracy\nrandom    0.9712\ndense     0.9800');
  assert.equal(tableBundle({ columns: ['a', 'b'], values: [[1, '<x>']] }, ['b'])['text/html'].includes('<td>&lt;x&gt;</td>'), true);
});

test("the kernel's hint: a notebook importing '../lib/...' is told to write './lib/...'", () => {
  const seen: string[] = [];
  const saved = console.error;
  console.error = (...args: unknown[]) => { seen.push(args.join(' ')); };
  try {
    delete require.cache[require.resolve('../../lib/notebook/kernel-hints.cjs')];
    require('../../lib/notebook/kernel-hints.cjs');
    console.error('%d:%d - %s', 1, 24, "Cannot find module '../lib/index' or its corresponding type declarations.");
    console.error('%d:%d - %s', 1, 24, "Cannot find module './lib/nope' or its corresponding type declarations.");
  } finally {
    console.error = saved;
  }
  assert.match(seen[0], /^1:24 - Cannot find module '\.\.\/lib\/index'.*\nhint: notebooks run from the repository root: import the library as '\.\/lib\/index'/);
  assert.equal(seen[1], "1:24 - Cannot find module './lib/nope' or its corresponding type declarations.");
});
