// The trainer on both engines: the same config gives the same run, within float tolerance, for a fixed graph and for
// every sparsity method (rewiring on the engine through the one mechanism, optimizer state remapped edge by edge).
// Tolerances: per-epoch mean loss relative 1e-4 (30 Adam steps through different summation orders and exp/log
// libraries; a wrong gradient or a reset moment shows as 1e-2 or more), weights absolute 2e-4 (Adam moves each weight by
// ~lr = 3e-3 per step, so a lost step or state would show as 1e-3); graphs and accuracies exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { train } from '../../lib/train/run';
import { sparseLayers } from '../../lib/engine/tfjs-model';
import { engineAvailable } from '../../lib/engine/native';
import type { TrainConfig } from '../../lib/train/config';
import type { SparsityConfig } from '../../lib/sparsity/config';
import { skipWithoutNative } from '../fixtures/native';

const base: TrainConfig = {
  dataset: 'mnist', arch: [64], topology: 'random', density: 0.1, allocation: 'uniform', denseOutput: true,
  mode: 'sparse', epochs: 3, batchSize: 64, learningRate: 3e-3, validationFraction: 0.01, seed: 7, trainLimit: 640,
};

const methods: [string, Partial<TrainConfig>][] = [
  ['fixed, 10%', {}],
  ['fixed, dense', { topology: 'dense', density: 1 }],
  ['fixed, cosine schedule', { learningRateSchedule: 'cosine' }],
  ['gradual-prune', { sparsity: { method: 'gradual-prune', begin: 0.5, end: 2, updateEvery: 4 } satisfies SparsityConfig }],
  ['one-shot-prune', { sparsity: { method: 'one-shot-prune', begin: 1.5 } }],
  ['set, every 4 steps', { sparsity: { method: 'set', begin: 0, end: 2.5, updateEvery: 4, dropFraction: 0.3 } }],
  ['set, per epoch', { sparsity: { method: 'set', begin: 0, end: 2, dropFraction: 0.3 } }],
  ['rigl', { sparsity: { method: 'rigl', begin: 0, end: 2.5, updateEvery: 5, dropFraction: 0.3 } }],
];

for (const [name, change] of methods) {
  test(`native engine == tfjs engine through the trainer: ${name}`, { skip: skipWithoutNative(engineAvailable(), 'native engine not built'), timeout: 120_000 }, async () => {
    const config = { ...base, ...change };
    const [native, tfjs] = [await train(config, { engine: 'native', keepModel: true, progress: 'none' }),
      await train(config, { engine: 'tfjs', keepModel: true, progress: 'none' })];
    try {
      assert.deepEqual([native.record.engine, tfjs.record.engine], ['native', 'tfjs']);
      native.record.epochs.forEach((e, i) => {
        const t = tfjs.record.epochs[i];
        assert.ok(Math.abs(e.loss - t.loss) <= 1e-4 * t.loss, `epoch ${e.epoch} loss ${e.loss} vs ${t.loss}`);
        assert.equal(e.trainAccuracy, t.trainAccuracy, `epoch ${e.epoch} train accuracy`);
        assert.equal(e.valAccuracy, t.valAccuracy, `epoch ${e.epoch} validation accuracy`);
      });
      assert.deepEqual([native.record.bestEpoch, native.record.testAccuracy], [tfjs.record.bestEpoch, tfjs.record.testAccuracy]);
      const [a, b] = [sparseLayers(native.model!), sparseLayers(tfjs.model!)];
      a.forEach((layer, l) => {
        assert.deepEqual(layer.csr, b[l].csr, `layer ${l} graph`);
        const [va, vb] = [layer.edgeValues(), b[l].edgeValues()];
        const worst = va.reduce((m, v, k) => Math.max(m, Math.abs(v - vb[k])), 0);
        assert.ok(worst <= 2e-4, `layer ${l} weights differ by up to ${worst}`);
      });
    } finally {
      native.model?.dispose();
      tfjs.model?.dispose();
    }
  });
}

test('the trainer refuses the native engine for masked mode, before any work', async () => {
  await assert.rejects(train({ ...base, mode: 'masked' }, { engine: 'native' }), /the native engine trains sparse mode only/);
});
