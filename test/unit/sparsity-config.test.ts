// The `sparsity` config field: defaults, validation, run keys of old configs unchanged, the grid's `sparsities` axis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveSparsity, sparsityProblem } from '../../lib/sparsity/config';
import { validateTrainConfig, ConfigError } from '../../lib/train/validate-config';
import { expandGrid, type GridSpec } from '../../lib/experiments/grid';
import { parseGridSpec, GridSpecError } from '../../lib/experiments/grid-validate';
import { presets } from '../../lib/experiments/presets';
import { runKey } from '../../lib/experiments/run-key';
import type { TrainConfig } from '../../lib/train/config';

const base: TrainConfig = {
  dataset: 'mnist', arch: [300, 100], topology: 'random', density: 0.05, allocation: 'uniform', denseOutput: true,
  mode: 'sparse', epochs: 20, batchSize: 128, learningRate: 1e-3, validationFraction: 1 / 12, seed: 1,
};

test('defaults per method, written out for the run length', () => {
  assert.deepEqual(resolveSparsity('fixed', 20), { method: 'fixed' });
  assert.deepEqual(resolveSparsity('gradual-prune', 20), { method: 'gradual-prune', begin: 2, end: 10, updateEvery: 100 });
  assert.deepEqual(resolveSparsity('gradual-prune', 3), { method: 'gradual-prune', begin: 0.3, end: 1.5, updateEvery: 100 });
  assert.deepEqual(resolveSparsity('one-shot-prune', 3), { method: 'one-shot-prune', begin: 1.5 });
  assert.deepEqual(resolveSparsity('set', 20), { method: 'set', begin: 0, end: 19, dropFraction: 0.3 });
  assert.deepEqual(resolveSparsity('rigl', 20), { method: 'rigl', begin: 0, end: 15, updateEvery: 100, dropFraction: 0.3 });
  assert.deepEqual(resolveSparsity({ method: 'rigl', dropFraction: 0.5 }, 20).dropFraction, 0.5);
});

test('sparsity validation names the bad field', () => {
  const bad: [unknown, RegExp][] = [
    ['magic', /^sparsity.method must be one of fixed, gradual-prune/],
    [{ method: 'set', zeta: 0.3 }, /^sparsity.zeta is not a sparsity field/],
    [{ method: 'fixed', begin: 1 }, /^sparsity.begin does not apply to fixed/],
    [{ method: 'one-shot-prune', dropFraction: 0.1 }, /^sparsity.dropFraction does not apply to one-shot-prune/],
    [{ method: 'one-shot-prune', begin: 0 }, /^sparsity.begin must be > 0/],
    [{ method: 'gradual-prune', begin: 5, end: 5 }, /^sparsity.end must be > begin/],
    [{ method: 'rigl', end: 21 }, /^sparsity.end must be an epoch <= 20/],
    [{ method: 'set', begin: -1 }, /^sparsity.begin must be an epoch in \[0, 20\]/],
    [{ method: 'rigl', updateEvery: 0.5 }, /^sparsity.updateEvery must be a positive integer/],
    [{ method: 'set', dropFraction: 1 }, /^sparsity.dropFraction must be in \(0, 1\)/],
  ];
  for (const [value, message] of bad) assert.match(sparsityProblem(value, 20) ?? 'no problem', message, JSON.stringify(value));
  assert.equal(sparsityProblem('set', 20), null);
  assert.equal(sparsityProblem({ method: 'gradual-prune', begin: 0, end: 20, updateEvery: 1 }, 20), null);

  const config: [Partial<TrainConfig>, RegExp][] = [
    [{ sparsity: { method: 'gradual-prune' }, topology: 'regular' }, /^topology does not apply to gradual-prune/],
    [{ sparsity: { method: 'set' }, density: 1 }, /^sparsity set needs a sparse network/],
    [{ sparsity: { method: 'rigl', end: 30 } }, /^sparsity.end must be an epoch <= 20/],
  ];
  for (const [patch, message] of config) {
    assert.throws(() => validateTrainConfig({ ...base, ...patch }), (e: unknown) => e instanceof ConfigError && message.test((e as Error).message));
  }
  assert.doesNotThrow(() => validateTrainConfig({ ...base, sparsity: { method: 'fixed' } }));
  assert.doesNotThrow(() => validateTrainConfig({ ...base, topology: 'regular', sparsity: resolveSparsity('set', 20) }));
});

test('grids without a sparsities axis (or with only fixed) give the same configs and keys as before', () => {
  for (const grid of [presets.quick, presets.paper] as GridSpec[]) {
    const configs = expandGrid(grid);
    assert.ok(configs.every(c => !('sparsity' in c)));
    assert.deepEqual(expandGrid({ ...grid, sparsities: ['fixed'] }).map(runKey), configs.map(runKey));
  }
  // An explicit fixed sparsity is a different JSON text, hence the grid and CLI omit it.
  assert.notEqual(runKey({ ...base, sparsity: { method: 'fixed' } }), runKey(base));
});

test('the sparsities axis: dense collapses, pruning ignores the topology axis, parameters are explicit', () => {
  const grid: GridSpec = {
    ...presets.quick, topologies: ['dense', 'random', 'regular'], densities: [0.05],
    sparsities: ['fixed', 'gradual-prune', 'set', { method: 'rigl', dropFraction: 0.5 }],
  };
  const configs = expandGrid(grid);
  const label = (c: TrainConfig) => `${c.topology}/${c.sparsity?.method ?? 'fixed'}`;
  assert.deepEqual(configs.map(label), ['dense/fixed', 'random/fixed', 'random/gradual-prune', 'random/set', 'random/rigl',
    'regular/fixed', 'regular/set', 'regular/rigl']);
  assert.deepEqual(configs.find(c => c.sparsity?.method === 'rigl')!.sparsity, { method: 'rigl', begin: 0, end: 1.5, updateEvery: 100, dropFraction: 0.5 });
  configs.forEach(c => validateTrainConfig(c));
});

test('grid files: the sparsities axis is checked against the grid epochs', () => {
  const grid = { ...presets.quick };
  assert.doesNotThrow(() => parseGridSpec({ ...grid, sparsities: ['set', { method: 'rigl', end: 1 }] }));
  const bad: [unknown, RegExp][] = [
    [[], /^sparsities must be a non-empty array/],
    [['bogus'], /^sparsities\[0\]: sparsity.method must be one of/],
    [['fixed', { method: 'rigl', end: 3 }], /^sparsities\[1\]: sparsity.end must be an epoch <= 2/],
  ];
  for (const [sparsities, message] of bad) {
    assert.throws(() => parseGridSpec({ ...grid, sparsities }), (e: unknown) => e instanceof GridSpecError && message.test((e as Error).message));
  }
});

test('presets: dynamic and fashion are valid grids of the documented size', () => {
  for (const name of ['dynamic', 'fashion'] as const) parseGridSpec(JSON.parse(JSON.stringify(presets[name])));
  const dynamic = expandGrid(presets.dynamic);
  // Per seed: dense + 2 densities × (4 fixed classes, gradual-prune, one-shot-prune, set ×4 starts, rigl ×4 starts).
  assert.equal(dynamic.length, 3 * (1 + 2 * 14));
  const fashion = expandGrid(presets.fashion);
  assert.equal(fashion.length, 3 * (1 + 4 * 7));
  assert.ok(fashion.every(c => c.dataset === 'fashion-mnist' && !('sparsity' in c)));
});
