// The trainer: seeded runs repeat exactly, the two layer modes train alike, bad configs and diverging runs stop cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainRun, NonFiniteLossError, MAX_STEPS_PER_CALL } from '../../lib/train/run';
import { validateTrainConfig, ConfigError } from '../../lib/train/validate-config';
import { allocateDensities } from '../../lib/topology/allocation';
import { expectedNnz } from '../../lib/topology/registry';
import type { RunRecord, TrainConfig } from '../../lib/train/config';

const tiny: TrainConfig = {
  dataset: 'mnist', arch: [32], topology: 'random', density: 0.2, allocation: 'uniform', denseOutput: false,
  mode: 'sparse', epochs: 2, batchSize: 64, learningRate: 3e-3, validationFraction: 0.01, seed: 5, trainLimit: 640,
};

/** Everything in a record that does not depend on wall time. */
function outcome(r: RunRecord) {
  return { losses: r.epochs.map(e => e.loss), val: r.epochs.map(e => e.valAccuracy), test: r.testAccuracy, best: r.bestEpoch };
}

test('the same seed reproduces a run exactly; another seed does not', { timeout: 120_000 }, async () => {
  const a = await trainRun(tiny, { progress: 'none' });
  const b = await trainRun(tiny, { progress: 'none' });
  const c = await trainRun({ ...tiny, seed: 6 }, { progress: 'none' });
  assert.deepEqual(outcome(a), outcome(b));
  assert.notDeepEqual(outcome(a).losses, outcome(c).losses);
  assert.equal(a.status, 'ok');
  assert.equal(a.epochs.length, 2);
  assert.equal(a.epochSeconds.length, 2);
  assert.ok(a.epochs[1].loss < a.epochs[0].loss, 'loss falls over two epochs');
});

test('a record counts connections and parameters exactly', { timeout: 60_000 }, async () => {
  const r = await trainRun({ ...tiny, epochs: 1, allocation: 'erdos-renyi', denseOutput: true }, { progress: 'none' });
  const sizes = [784, 32, 10];
  const densities = allocateDensities(sizes, tiny.density, 'erdos-renyi', { denseOutput: true });
  const nnz = [expectedNnz({ kind: 'random', density: densities[0] }, 784, 32), 32 * 10];
  assert.deepEqual(r.layers.map(l => l.nnz), nnz);
  assert.deepEqual(r.layers.map(l => l.topology), ['random', 'dense']);
  assert.equal(r.connections, nnz[0] + nnz[1]);
  assert.equal(r.params, r.connections + 32 + 10);
  assert.equal(r.kernel, r.kernel === 'native' ? 'native' : 'typescript');
  assert.match(r.gitCommit, /^([0-9a-f]{40}(-dirty)?|unknown)$/);
});

test('sparse and masked modes follow the same trajectory', { timeout: 120_000 }, async () => {
  const sparse = await trainRun(tiny, { progress: 'none' });
  const masked = await trainRun({ ...tiny, mode: 'masked' }, { progress: 'none' });
  assert.equal(masked.kernel, 'masked');
  for (let e = 0; e < 2; e++) {
    const rel = Math.abs(sparse.epochs[e].loss - masked.epochs[e].loss) / sparse.epochs[e].loss;
    assert.ok(rel < 1e-4, `epoch ${e + 1} loss differs by ${rel}`);
  }
  assert.ok(Math.abs(sparse.testAccuracy - masked.testAccuracy) <= 0.002);
});

test('a diverging run stops with a clear error', { timeout: 60_000 }, async () => {
  await assert.rejects(trainRun({ ...tiny, learningRate: 1e30, epochs: 1 }, { progress: 'none' }),
    (err: unknown) => err instanceof NonFiniteLossError && /^loss became non-finite at epoch 1, batch \d+ \(learning rate 1e\+30 too high\?\)$/.test(err.message));
});

test('config validation names the bad field', () => {
  const bad: [Partial<TrainConfig>, RegExp][] = [
    [{ density: 0 }, /^density must be in \(0, 1\]/],
    [{ density: 1.5 }, /^density must be in \(0, 1\]/],
    [{ arch: [300, 0] }, /^arch must be a list of integers in 1..1048576 \(got \[300,0\]\)$/],
    [{ arch: [2 ** 21] }, /^arch must be a list of integers in 1..1048576 \(got \[2097152\]\)$/],
    [{ topology: 'star' as never }, /^topology must be one of dense, random/],
    [{ epochs: 0 }, /^epochs must be a positive integer/],
    [{ learningRate: -1 }, /^learningRate must be a positive number/],
    [{ validationFraction: 1 }, /^validationFraction must be in \[0, 1\)/],
    [{ dataset: 'cifar' as never }, /^dataset must be one of mnist, fashion-mnist/],
  ];
  for (const [patch, message] of bad) {
    assert.throws(() => validateTrainConfig({ ...tiny, ...patch }), (e: unknown) => e instanceof ConfigError && message.test((e as Error).message));
  }
  assert.doesNotThrow(() => validateTrainConfig(tiny));
});

test('training yields to the event loop every MAX_STEPS_PER_CALL batches, so a sweep worker sees its parent die mid-run', { timeout: 60_000 }, async () => {
  // A ticker that advances once per event-loop turn; the trainer's only turns within an epoch are its yields between engine calls.
  let turns = 0;
  let ticker = setImmediate(function tick() { turns++; ticker = setImmediate(tick); });
  const atEpochEnd: number[] = [];
  try {
    await trainRun({ ...tiny, validationFraction: 0, trainLimit: 6400 }, { progress: 'none', onEpoch: () => atEpochEnd.push(turns) });
  } finally {
    clearImmediate(ticker);
  }
  assert.equal(MAX_STEPS_PER_CALL, 50);
  assert.equal(atEpochEnd[1] - atEpochEnd[0], 6400 / 64 / MAX_STEPS_PER_CALL, 'one turn per engine call of the second epoch');
});
