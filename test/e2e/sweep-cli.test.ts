// The sweep and results commands end to end, with the fake trainer: bad input, failed runs and their retry, summaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadResults } from '../../lib/experiments/result-store';
import { lastJson, runCli } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';

const fakeWorker = path.join(__dirname, '..', 'fixtures', 'fake-train-worker.ts');
const grid = {
  datasets: ['mnist'], archs: [[300, 100]], topologies: ['random', 'regular'], densities: [0.1], allocations: ['uniform'],
  modes: ['sparse'], seeds: [1, 2], epochs: 1, batchSize: 128, learningRate: 1e-3, validationFraction: 0.1, denseOutput: true,
}; // 4 runs

function setup() {
  const dir = scratchDir('sweep-cli-');
  const gridFile = path.join(dir, 'tiny.json');
  fs.writeFileSync(gridFile, JSON.stringify(grid));
  const resultsDir = path.join(dir, 'results');
  return { dir, gridFile, resultsDir, resultsFile: path.join(resultsDir, 'tiny', 'results.jsonl') };
}

test('bad input: one line on stderr, exit 2, and the existing results file is untouched', async () => {
  const { dir, gridFile, resultsDir, resultsFile } = setup();
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, 'precious results\n');
  const badGrid = path.join(dir, 'tiny-bad.json');
  fs.writeFileSync(badGrid, JSON.stringify({ ...grid, densities: [0] }));
  const common = ['--results-dir', resultsDir, '--worker', fakeWorker];
  const cases: [string[], RegExp][] = [
    [['--preset', 'nope', ...common], /unknown preset 'nope'/],
    [['--preset', badGrid, ...common], /tiny-bad\.json: densities\[0\] must be a number in \(0, 1\] \(got 0\)/],
    [['--preset', path.join(dir, 'missing.json'), ...common], /cannot read grid file/],
    [['--preset', gridFile, '--jobs', '0', ...common], /--jobs must be >= 1/],
    [['--preset', gridFile, '--results-dir', resultsDir, '--worker', path.join(dir, 'nope.ts')], /--worker: no such file/],
    [common, /--preset is required/],
  ];
  const outcomes = await Promise.all(cases.map(([args]) => runCli('sweep', args)));
  outcomes.forEach((r, i) => {
    assert.equal(r.status, 2, `case ${i}: ${r.stderr}`);
    assert.match(r.stderr, cases[i][1]);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, `case ${i}: one line`);
    assert.equal(r.stdout, '');
  });
  assert.equal(fs.readFileSync(resultsFile, 'utf8'), 'precious results\n');
  assert.deepEqual(fs.readdirSync(path.dirname(resultsFile)), ['results.jsonl']);
});

test('failed runs are stored as failed without stopping the sweep (exit 1), and the rerun retries only them', async () => {
  const { gridFile, resultsDir, resultsFile } = setup();
  const args = ['--preset', gridFile, '--jobs', '2', '--results-dir', resultsDir, '--worker', fakeWorker, '--json'];
  const first = await runCli('sweep', args, { FAKE_TRAIN_MS: '20', FAKE_TRAIN_FAIL_SEEDS: '2' });
  assert.equal(first.status, 1, first.stderr);
  assert.deepEqual(lastJson(first.stdout), { preset: 'tiny', total: 4, skipped: 0, ran: 4, failed: 2, resultsFile, warnings: [] });
  const stored = loadResults(resultsFile).results;
  assert.deepEqual(stored.map(r => [r.record.config.seed, r.record.status, r.record.error]).sort(),
    [[1, 'ok', undefined], [1, 'ok', undefined], [2, 'failed', 'NaN loss at epoch 1'], [2, 'failed', 'NaN loss at epoch 1']]);

  const second = await runCli('sweep', args, { FAKE_TRAIN_MS: '20' });
  assert.equal(second.status, 0, second.stderr);
  assert.deepEqual(lastJson(second.stdout), { preset: 'tiny', total: 4, skipped: 2, ran: 2, failed: 0, resultsFile, warnings: [] });
  const final = loadResults(resultsFile);
  assert.equal(final.lines, 6);
  assert.deepEqual(final.results.map(r => r.record.status), ['ok', 'ok', 'ok', 'ok']);

  const summary = await runCli('results', ['--preset', 'tiny', '--results-dir', resultsDir, '--json']);
  assert.equal(summary.status, 0, summary.stderr);
  const out = lastJson(summary.stdout);
  assert.deepEqual([out.runs, out.ok, out.failed, out.rows.length], [4, 4, 0, 2]);
  assert.deepEqual(out.rows.map((r: { topology: string; n: number }) => [r.topology, r.n]), [['random', 2], ['regular', 2]]);
  assert.equal(fs.readFileSync(out.summaryFile, 'utf8').trimEnd().split('\n').length, 3);

  const unknown = await runCli('results', ['--preset', 'other', '--results-dir', resultsDir]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown preset 'other'.*result sets in .*: tiny$/m);
});
