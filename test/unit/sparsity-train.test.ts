// Dynamic sparsity inside the trainer: 'fixed' is bit-identical to no sparsity field, prune methods end exactly at
// the target with pruned weights at 0 and select only target-density epochs, SET/RigL keep nnz and do rewire, and a
// saved model restores the final graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { train, trainRun } from '../../lib/train/run';
import { graphStats } from '../../lib/experiments/graph-metrics';
import { sparseLayers } from '../../lib/engine/tfjs-model';
import { fileSystemHandler } from '../../lib/layers/file-io';
import { kernelMask } from '../../lib/layers/edge-values';
import { generate, expectedNnz } from '../../lib/topology/registry';
import { networkSpecs } from '../../lib/topology/network';
import { validateCsr } from '../../lib/topology/csr';
import { degreeMetrics, layerMetrics } from '../../lib/topology/metrics';
import type { RunRecord, TrainConfig } from '../../lib/train/config';
import { scratchDir } from '../fixtures/scratch';

// 640 examples in batches of 64: 10 steps per epoch.
const tiny: TrainConfig = {
  dataset: 'mnist', arch: [32], topology: 'random', density: 0.2, allocation: 'uniform', denseOutput: true,
  mode: 'sparse', epochs: 2, batchSize: 64, learningRate: 3e-3, validationFraction: 0.01, seed: 5, trainLimit: 640,
};
const target = expectedNnz({ kind: 'random', density: 0.2 }, 784, 32);
const outcome = (r: RunRecord) => ({ losses: r.epochs.map(e => e.loss), val: r.epochs.map(e => e.valAccuracy), test: r.testAccuracy, best: r.bestEpoch });

test("an explicit 'fixed' trains bit-identically to no sparsity field", { timeout: 60_000 }, async () => {
  const plain = await trainRun(tiny, { progress: 'none' });
  const fixed = await trainRun({ ...tiny, sparsity: { method: 'fixed' } }, { progress: 'none' });
  assert.deepEqual(outcome(fixed), outcome(plain));
  assert.deepEqual(fixed.layers, plain.layers);
  // Every sparse layer's final graph is recorded, a fixed one's too, and it is what regenerating the start graph measures.
  assert.equal(fixed.layers[1].finalGraph, undefined, 'the dense output layer has no graph to measure');
  const regenerated = graphStats(plain);
  assert.deepEqual([plain.layers[0].finalGraph?.spectralGap, plain.layers[0].finalGraph?.deadInputs], [regenerated.spectralGap, regenerated.firstDeadInputs]);
});

for (const mode of ['sparse', 'masked'] as const) {
  test(`${mode}: gradual pruning starts dense, ends at exactly the target, pruned weights exactly 0`, { timeout: 60_000 }, async () => {
    // Prune on steps 2, 5, 8, ... and at step 15 (epoch 1.5): epoch 1 is denser than the budget, so not selectable.
    const config: TrainConfig = { ...tiny, mode, sparsity: { method: 'gradual-prune', begin: 0.2, end: 1.5, updateEvery: 3 } };
    const { record, model } = await train(config, { progress: 'none', keepModel: true });
    try {
      assert.deepEqual(record.layers.map(l => l.nnz), [target, 320]);
      assert.equal(record.connections, target + 320);
      assert.equal(record.bestEpoch, 2);
      const layer = sparseLayers(model!)[0];
      validateCsr(layer.csr);
      const mask = kernelMask(layer.csr);
      const stored = layer.getWeights()[0].dataSync();
      if (mode === 'masked') mask.forEach((on, i) => { if (!on) assert.equal(stored[i], 0); });
      else assert.equal(stored.length, target);
      const kernel = layer.effectiveKernel().dataSync();
      mask.forEach((on, i) => { if (!on) assert.equal(kernel[i], 0); });
    } finally {
      model?.dispose();
    }
  });
}

test('one-shot pruning: dense until the prune step, then exactly the target', { timeout: 60_000 }, async () => {
  const r = await trainRun({ ...tiny, epochs: 3, sparsity: { method: 'one-shot-prune', begin: 2 } }, { progress: 'none' });
  assert.deepEqual(r.layers.map(l => l.nnz), [target, 320]);
  assert.ok(r.bestEpoch >= 2, `best epoch ${r.bestEpoch} is after the prune`);
});

for (const method of ['set', 'rigl'] as const) {
  test(`${method}: nnz stays exactly at the start count while the graph changes; save/load restores it`, { timeout: 60_000 }, async () => {
    const sparsity = method === 'set'
      ? { method, begin: 0, end: 2, dropFraction: 0.3 } // after epochs 1 and 2
      : { method, begin: 0, end: 2, updateEvery: 4, dropFraction: 0.3 };
    const { record, model } = await train({ ...tiny, sparsity }, { progress: 'none', keepModel: true });
    const dir = scratchDir(`sparsity-${method}-`);
    try {
      assert.deepEqual(record.layers.map(l => l.nnz), [target, 320]);
      const layer = sparseLayers(model!)[0];
      validateCsr(layer.csr);
      const start = generate(networkSpecs('random', [0.2, 1], tiny.seed)[0], 784, 32);
      assert.equal(start.colIdx.length, target);
      assert.notDeepEqual(layer.csr, start, 'the graph was rewired');
      // The record measures the final (rewired) graph of the sparse layer, and only of it.
      const { spectralGap, algebraicConnectivity, deadInputs, deadOutputs, fanIn, fanOut } = layerMetrics(layer.csr);
      assert.deepEqual(record.layers[0].finalGraph, { spectralGap, algebraicConnectivity, deadInputs, deadOutputs, fanIn, fanOut });
      assert.notDeepEqual(record.layers[0].finalGraph!.fanIn, degreeMetrics(start).fanIn, 'rewiring changed the fan-ins');
      assert.equal(record.layers[1].finalGraph, undefined);
      await model!.save(fileSystemHandler(dir));
      const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
      assert.deepEqual(sparseLayers(loaded)[0].csr, layer.csr);
      assert.deepEqual(sparseLayers(loaded)[0].edgeValues(), layer.edgeValues());
      loaded.dispose();
    } finally {
      model?.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
