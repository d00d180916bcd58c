// Dense models in: a tfjs Layers directory of Dense layers reads (without tfjs) to the outputs tfjs computes; magnitude
// pruning keeps exactly the expected edges, the largest ones, with their weights; fine-tuning trains the pruned graphs
// without changing them; a tampered model.json fails with one line before anything large is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fileSystemHandler } from '../../lib/layers/file-io';
import { readDenseTfjsModel } from '../../lib/infer/from-tfjs-dense';
import { fineTune, pruneModel, readDenseModel } from '../../lib/infer/compact';
import { SparsePredictor } from '../../lib/infer/predictor';
import { randomSparseModel } from '../../lib/infer/random-model';
import { loadDataset } from '../../lib/data/datasets';
import { nnz } from '../../lib/topology/csr';
import type { SparseModel } from '../../lib/infer/model';
import { scratchDir } from '../fixtures/scratch';

const dir = scratchDir('infer-compact-');
const denseDir = path.join(dir, 'dense');
const saved = (async () => {
  await tf.setBackend('cpu');
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28] }),
      tf.layers.dense({ units: 24, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.1 }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  await model.save(fileSystemHandler(denseDir));
  return model;
})();

test('a tfjs Layers model of Dense layers reads, without tfjs, to the outputs tfjs computes', async () => {
  const model = await saved;
  const imported = readDenseTfjsModel(denseDir);
  assert.deepEqual(imported.layers.map(l => [l.csr.nIn, l.csr.nOut, nnz(l.csr), l.activation]), [[784, 24, 784 * 24, 'relu'], [24, 10, 240, 'softmax']]);
  const x = loadDataset('mnist').test.images.subarray(0, 200 * 784);
  const expected = (model.predict(tf.tensor3d(x, [200, 28, 28])) as tf.Tensor).dataSync() as Float32Array;
  const got = new SparsePredictor(imported).predict(x, 200).logits;
  for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - expected[i]) <= 1e-6, `output ${i}: ${got[i]} vs ${expected[i]}`);
  assert.equal(readDenseModel(denseDir).format, 'tfjs');
});

function edges(m: SparseModel, l: number): Map<number, number> {
  const { csr, values } = { csr: m.layers[l].csr, values: m.layers[l].values };
  const out = new Map<number, number>();
  for (let j = 0; j < csr.nOut; j++) for (let k = csr.rowPtr[j]; k < csr.rowPtr[j + 1]; k++) out.set(j * csr.nIn + csr.colIdx[k], values[k]);
  return out;
}

test('pruning keeps round(density · nIn · nOut) edges per layer, the largest |w|, with their weights; the output layer stays', () => {
  const model = randomSparseModel([50, 40, 10], 1, 9);
  const pruned = pruneModel(model, { density: 0.1 });
  assert.deepEqual(pruned.layers.map(l => nnz(l.csr)), [200, 400]);
  const before = edges(model, 0), after = edges(pruned, 0);
  for (const [pos, w] of after) assert.equal(w, before.get(pos));
  const keptMin = Math.min(...[...after.values()].map(Math.abs));
  const droppedMax = Math.max(...[...before].filter(([p]) => !after.has(p)).map(([, w]) => Math.abs(w)));
  assert.ok(keptMin >= droppedMax, `${keptMin} < ${droppedMax}`);
  assert.deepEqual(pruned.layers[1].values, model.layers[1].values);
  assert.equal(nnz(model.layers[0].csr), 2000, 'the input model is not changed');
  assert.deepEqual(pruneModel(model, { density: 0.1, pruneOutput: true }).layers.map(l => nnz(l.csr)), [200, 40]);
  assert.equal(pruneModel(model, { density: 0.1, scope: 'global', pruneOutput: true }).layers.reduce((s, l) => s + nnz(l.csr), 0), 240);
});

test('fine-tuning trains the pruned graphs as they are and raises their accuracy', { timeout: 120_000 }, async () => {
  const data = loadDataset('mnist');
  const model = randomSparseModel([784, 64, 10], 1, 4);
  const pruned = pruneModel(model, { density: 0.2 });
  const accuracy = (m: SparseModel) => {
    const labels = new SparsePredictor(m).classify(data.test.images, data.test.count);
    return labels.reduce((n, l, i) => n + (l === data.test.labels[i] ? 1 : 0), 0) / data.test.count;
  };
  const { model: tuned, record } = await fineTune(pruned, { dataset: 'mnist', epochs: 1 });
  tuned.layers.forEach((l, i) => {
    assert.deepEqual(l.csr.rowPtr, pruned.layers[i].csr.rowPtr);
    assert.deepEqual(l.csr.colIdx, pruned.layers[i].csr.colIdx);
  });
  assert.ok(accuracy(pruned) < 0.5, `untrained: ${accuracy(pruned)}`);
  assert.ok(accuracy(tuned) > 0.9, `after one epoch: ${accuracy(tuned)}`);
  assert.equal(record.testAccuracy, accuracy(tuned));
  await assert.rejects(fineTune({ layers: [{ ...pruned.layers[0], activation: 'tanh' }, pruned.layers[1]] }, { dataset: 'mnist', epochs: 1 }),
    /layer 0 is tanh/);
});

test('a tampered dense model.json fails with one line naming it, before any weight is read', async () => {
  await saved;
  const json = JSON.parse(fs.readFileSync(path.join(denseDir, 'model.json'), 'utf8'));
  const cases: [(j: any) => void, RegExp][] = [
    [j => { j.modelTopology.config.layers[1].config.units = 1_000_000_000; }, /units must be an integer in 1\.\.1048576/],
    [j => { j.modelTopology.config.layers[1].config.units = 25; }, /must have shape \[784,25\]/],
    [j => { j.weightsManifest[0].paths = ['../../../../etc/passwd']; }, /outside|inside/],
    [j => { j.modelTopology.config.layers[1].class_name = 'Conv2D'; }, /layer 1 is a "Conv2D"; supported: Dense layers/],
    [j => { j.modelTopology.config.layers[1].config.activation = 'elu'; }, /activation "elu" is not supported/],
    [j => { j.weightsManifest[0].weights[0].shape = [784, 24000]; }, /must have shape \[784,24\]/],
  ];
  for (const [tamper, pattern] of cases) {
    const bad = path.join(dir, `bad-${cases.indexOf(cases.find(c => c[0] === tamper)!)}`);
    fs.mkdirSync(bad, { recursive: true });
    const j = structuredClone(json);
    tamper(j);
    fs.writeFileSync(path.join(bad, 'model.json'), JSON.stringify(j));
    fs.copyFileSync(path.join(denseDir, 'weights.bin'), path.join(bad, 'weights.bin'));
    assert.throws(() => readDenseTfjsModel(bad), (err: Error) => {
      assert.equal(err.message.split('\n').length, 1);
      assert.match(err.message, /model\.json: /);
      assert.match(err.message, pattern);
      return true;
    });
  }
});
