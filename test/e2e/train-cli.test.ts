// `npm run train`: bad flags fail fast with one line; --json ends stdout with the record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, lastJson } from '../fixtures/cli';

test('bad flags exit 2 with one line, before any work', { timeout: 60_000 }, async () => {
  for (const [args, message] of [
    [['--density', '0'], /--density must be > 0/],
    [['--arch', '300,x'], /--arch must be comma-separated positive integers/],
    [['--topology', 'star'], /--topology must be one of/],
    [['--epochs', '2.5'], /--epochs must be an integer/],
    [['--bogus'], /Unknown option '--bogus'/],
  ] as [string[], RegExp][]) {
    const r = await runCli('train', args);
    assert.equal(r.status, 2, args.join(' '));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], message);
    assert.equal(r.stdout, '');
  }
});

test('--json prints the run record as the last stdout line', { timeout: 120_000 }, async () => {
  const r = await runCli('train', ['--arch', '16', '--density', '0.3', '--epochs', '1', '--train-limit', '256', '--batch', '64', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const record = lastJson(r.stdout);
  assert.equal(record.status, 'ok');
  assert.equal(record.epochSeconds.length, 1);
  // Seeded: the native engine and the tfjs engine (native or TypeScript kernels) all give 1345/10000 after 4 steps.
  // Other instruction sets and engines sum in another order (differences ~1e-7), which may move the loss in its last
  // digits but not a prediction here.
  assert.equal(record.testAccuracy, 0.1345);
  assert.ok(Math.abs(record.testLoss - 2.32492) < 1e-4, `test loss ${record.testLoss}`);
  // The paper's recipe unless told otherwise (lib/train/defaults): dense output, Adam 2e-3 on a cosine schedule.
  assert.deepEqual([record.config.denseOutput, record.config.learningRate, record.config.learningRateSchedule], [true, 2e-3, 'cosine']);
  assert.deepEqual(record.config.arch, [16]);
});

test('a rewired run prints what training made of each sparse layer\'s graph', { timeout: 120_000 }, async () => {
  const r = await runCli('train', ['--arch', '16', '--density', '0.3', '--epochs', '2', '--train-limit', '256', '--batch', '64',
    '--sparsity', 'set']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').filter(l => l.startsWith('layer '));
  assert.equal(lines.length, 1, r.stdout); // the dense output layer is never rewired
  assert.match(lines[0], /^layer 1 final graph \(784→16, 3763 edges\): spectral gap \d\.\d{3}, algebraic connectivity \d+\.\d{3}, fan-in \d+–\d+, \d+ input\(s\) and \d+ output\(s\) without edges$/);
});

test('--model lenet5 --channel-topology c3 trains LeNet-5 with LeCun\'s table; CNN flags without it are refused', { timeout: 120_000 }, async () => {
  const r = await runCli('train', ['--model', 'lenet5', '--channel-topology', 'c3', '--topology', 'dense', '--density', '1', '--epochs', '1', '--train-limit', '512', '--batch', '64', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const record = lastJson(r.stdout);
  assert.deepEqual([record.config.model, record.config.channelTopology, record.config.arch, record.params], ['lenet5', 'c3', [120, 84], 60_806]);
  assert.ok(record.testAccuracy > 0.5, `one short epoch learns something (${record.testAccuracy})`);
  for (const [args, message] of [
    [['--channel-topology', 'c3'], /channelTopology applies to model lenet5 only/],
    [['--model', 'lenet5', '--engine', 'tfjs'], /lenet5 trains on the native engine only/],
    [['--model', 'lenet5', '--channels', '6'], /channels must be two integers/],
  ] as [string[], RegExp][]) {
    const bad = await runCli('train', args);
    assert.equal(bad.status, 2, args.join(' '));
    assert.match(bad.stderr.trim(), message);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  }
});
