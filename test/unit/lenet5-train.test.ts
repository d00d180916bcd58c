// LeNet-5 through the trainer, the config checks and the grid: exact parameter and connection counts in the record
// (LeCun's table gives the paper's ~60,000 parameters), the same seed reproducing a run, one-line refusals, and a
// grid's channel tables merging where they are the same table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainRun } from '../../lib/train/run';
import { trainConfig } from '../../lib/train/defaults';
import { validateTrainConfig } from '../../lib/train/validate-config';
import { runBuildProblem, estimateRunMemory } from '../../lib/train/memory-estimate';
import { expandGrid, type GridSpec } from '../../lib/experiments/grid';
import { parseGridSpec } from '../../lib/experiments/grid-validate';
import { flattenResult } from '../../lib/experiments/summary';
import { engineAvailable } from '../../lib/engine/native';
import type { TrainConfig } from '../../lib/train/config';
import { skipWithoutNative } from '../fixtures/native';

const skip = skipWithoutNative(engineAvailable(), 'native engine not built');
const small: TrainConfig = trainConfig({
  model: 'lenet5', channelTopology: 'c3', arch: [120, 84], topology: 'dense', density: 1,
  epochs: 1, batchSize: 64, trainLimit: 640, validationFraction: 0.01, seed: 5,
});

test('a lenet5 record: conv and pool layers, 60,806 parameters and 316,656 connections with the C3 table', { skip, timeout: 120_000 }, async () => {
  const a = await trainRun(small, { progress: 'none' });
  assert.equal(a.status, 'ok');
  assert.deepEqual(a.layers.map(l => l.kind ?? 'fc'), ['conv', 'pool', 'conv', 'pool', 'fc', 'fc', 'fc']);
  assert.deepEqual(a.layers.map(l => l.topology), ['dense', 'average', 'c3', 'average', 'dense', 'dense', 'dense']);
  assert.deepEqual(a.layers.map(l => [l.nIn, l.nOut]), [[784, 4704], [4704, 1176], [1176, 1600], [1600, 400], [400, 120], [120, 84], [84, 10]]);
  // C1 150 + 6, C3 60·25 + 16, F5 400·120 + 120, F6 120·84 + 84, output 84·10 + 10.
  assert.equal(a.params, 156 + 1516 + 48_120 + 10_164 + 850);
  // C1 6·134² (windows cut at the border), C3 100·60·25, then the dense layers; pool edges carry no weight.
  assert.equal(a.connections, 107_736 + 150_000 + 48_000 + 10_080 + 840);
  assert.equal(a.engine, 'native');
  assert.ok(a.testAccuracy > 0.5, `one short epoch learns something (${a.testAccuracy})`);
  const flat = flattenResult({ key: 'k', finishedAt: '', record: a });
  assert.deepEqual([flat.arch, flat.channelTable], ['lenet5 6-16 400-120-84-10', 'c3']);
  const b = await trainRun(small, { progress: 'none' });
  assert.deepEqual([b.testAccuracy, b.testLoss, b.epochs[0].loss], [a.testAccuracy, a.testLoss, a.epochs[0].loss]);
});

test('lenet5 configs are checked before any work, one line naming the field', () => {
  const bad: [Partial<TrainConfig>, RegExp][] = [
    [{ channelTopology: 'c3' }, /channelTopology applies to model lenet5 only/],
    [{ model: 'lenet5', channelTopology: 'c3', channels: [4, 8] }, /channels must be \[6, 16\] for the c3 table/],
    [{ model: 'lenet5', channelTopology: 'ring' as never }, /channelTopology must be one of dense, random/],
    [{ model: 'lenet5', channelDensity: 0 }, /channelDensity must be in \(0, 1\]/],
    [{ model: 'lenet5', mode: 'masked' }, /mode must be sparse for lenet5/],
    [{ model: 'lenet5', sparsity: { method: 'rigl' } }, /sparsity must be fixed for lenet5/],
    [{ model: 'cnn' as never }, /model must be one of mlp, lenet5/],
  ];
  for (const [change, why] of bad) assert.throws(() => validateTrainConfig(trainConfig(change)), why, JSON.stringify(change));
  assert.match(runBuildProblem(trainConfig({ model: 'lenet5', arch: [100_000, 100_000], topology: 'dense', density: 1 })) ?? '', /^fully connected layer 2 \(100000→100000\)/);
  // C3 at 256 × 256 maps: 100 units × 256 maps × 25 taps per C3 map, 16 M edges at least: gigabytes, estimated, not built.
  assert.ok(estimateRunMemory(trainConfig({ model: 'lenet5', channels: [256, 256] })).bytes > 4e9);
  assert.equal(trainConfig({ model: 'mlp' }).model, undefined, "'mlp' is written as no field (MLP run keys stay)");
});

test('a grid of channel tables: dense and c3 are one table each, a class runs at each density', () => {
  const grid: GridSpec = parseGridSpec({
    models: ['lenet5'], archs: [[120, 84]], channelTopologies: ['dense', 'random', 'c3'], channelDensities: [0.25, 1],
    topologies: ['dense', 'random'], densities: [0.1], seeds: [1],
  });
  const tables = expandGrid(grid).map(c => `${c.channelTopology ?? 'dense'} ${c.channelDensity ?? ''}|${c.topology} ${c.density}`);
  assert.deepEqual(tables, ['dense |dense 1', 'dense |random 0.1', 'random 0.25|dense 1', 'random 0.25|random 0.1', 'c3 |dense 1', 'c3 |random 0.1']);
  assert.throws(() => parseGridSpec({ channelTopologies: ['c3'] }), /only lenet5 has channel tables/);
});
