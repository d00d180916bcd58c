// Issue #13, items 4, 6, 8, 10 and 11 for `npm run sweep`: absurd grids, jobs above the core count, runs that cannot
// be built or cannot fit, unwritable or /proc results folders and built-in preset names are refused before any work;
// one sweep per result store (a second one names the first one's pid; a dead holder's lock is taken over); and the
// sweep and its workers exit when the command that launched them (the tsx wrapper, npm) is SIGKILLed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadResults } from '../../lib/experiments/result-store';
import { chooseJobs, gridRunProblem } from '../../lib/experiments/grid-feasibility';
import { estimateRunMemory } from '../../lib/train/memory-estimate';
import { isRunning } from '../../lib/base/process-identity';
import type { TrainConfig } from '../../lib/train/config';
import { cliPath, lastJson, runCli, startCli } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';
import { waitFor } from '../fixtures/wait';

const repo = path.join(__dirname, '..', '..');
const fakeWorker = path.join(__dirname, '..', 'fixtures', 'fake-train-worker.ts');
const grid = {
  datasets: ['mnist'], archs: [[300, 100]], topologies: ['random', 'regular'], densities: [0.1], allocations: ['uniform'],
  modes: ['sparse'], seeds: [1, 2, 3], epochs: 1, batchSize: 128, learningRate: 1e-3, validationFraction: 0.1, denseOutput: true,
}; // 6 runs
function setup(gridSpec: object = grid, name = 'tiny') {
  const dir = scratchDir('sweep-guards-');
  const gridFile = path.join(dir, `${name}.json`);
  fs.writeFileSync(gridFile, JSON.stringify(gridSpec));
  const resultsDir = path.join(dir, 'results');
  const pidDir = path.join(dir, 'pids');
  fs.mkdirSync(pidDir);
  const resultsFile = path.join(resultsDir, name, 'results.jsonl');
  return { dir, gridFile, resultsDir, resultsFile, pidDir, lockFile: path.join(resultsDir, name, '.sweep.lock'),
    args: ['--preset', gridFile, '--results-dir', resultsDir, '--worker', fakeWorker, '--json'] };
}

test('refused before any work, with one line: absurd grids, built-in names, jobs above the cores, /proc', async () => {
  const { dir, resultsDir } = setup();
  const write = (name: string, spec: object) => { const f = path.join(dir, `${name}.json`); fs.writeFileSync(f, JSON.stringify(spec)); return f; };
  const huge = write('huge', { ...grid, seeds: Array.from({ length: 1000 }, (_, i) => i), densities: Array.from({ length: 300 }, (_, i) => (i + 1) / 300), topologies: ['random', 'regular', 'circulant', 'pseudo-random'], allocations: ['uniform', 'erdos-renyi'], archs: [[300, 100], [1000], [500]], datasets: ['mnist', 'fashion-mnist'] });
  const proto = path.join(dir, 'proto.json');
  fs.writeFileSync(proto, `{"__proto__": {}, ${JSON.stringify(grid).slice(1)}`);
  const wide = write('wide', { ...grid, archs: [[100000, 100000]] });
  const bigBatch = write('batch', { ...grid, batchSize: 1e9 });
  const cores = os.availableParallelism();
  const common = ['--results-dir', resultsDir, '--worker', fakeWorker];
  const cases: [string[], string][] = [
    [['--preset', huge, ...common], `sweep: grid file ${huge}: the grid has 14,400,000 combinations (datasets 2 × archs 3 × topologies 4 × densities 300 × allocations 2 × modes 1 × seeds 1000), more than the 10,000 a sweep may have`],
    [['--preset', 'toString', ...common], "sweep: unknown preset 'toString' (known: quick, paper, dynamic, fashion, structure, structure-fashion, width, cnn; or a path to a grid .json file)"],
    [['--preset', '__proto__', ...common], "sweep: unknown preset '__proto__' (known: quick, paper, dynamic, fashion, structure, structure-fashion, width, cnn; or a path to a grid .json file)"],
    [['--preset', proto, ...common], `sweep: grid file ${proto}: __proto__ is not a grid field (known: datasets, archs, topologies, densities, allocations, modes, seeds, epochs, batchSize, learningRate, validationFraction, denseOutput, trainLimit, earlyStopPatience, learningRateSchedule, sparsities, topologyOptions, permutePixels, connections, models, channelTopologies, channelDensities)`],
    [['--preset', 'quick', '--jobs', String(cores + 1), ...common], `sweep: --jobs ${cores + 1} is more than the ${cores} cores of this machine; pass --oversubscribe to start that many workers anyway`],
    [['--preset', 'quick', '--results-dir', '/proc/self', '--worker', fakeWorker], 'sweep: --results-dir /proc/self: refusing to write there (/proc is a kernel pseudo-filesystem)'],
  ];
  const outcomes = await Promise.all(cases.map(([args]) => runCli('sweep', args)));
  outcomes.forEach((r, i) => {
    assert.equal(r.stderr, `${cases[i][1]}\n`, `case ${i}`);
    assert.equal(r.status, 2, `case ${i}`);
    assert.equal(r.stdout, '');
  });
  // A layer of 10^10 possible edges is buildable sparse, but at 10% it holds a billion of them: refused by memory.
  const wideRun = await runCli('sweep', ['--preset', wide, ...common, '--dry-run']);
  assert.equal(wideRun.status, 2);
  assert.match(wideRun.stderr, /^sweep: run 1 of 6 \(784-100000-100000-10 random at 10%, sparse mode, batch 128\): needs about 47\.1 GiB of memory \(1,008,840,000 connections\) but .* is available\n$/);
  const batch = await runCli('sweep', ['--preset', bigBatch, ...common]);
  assert.equal(batch.status, 2);
  assert.match(batch.stderr, /^sweep: run 1 of 6 \(784-300-100-10 random at 10%, sparse mode, batch 1000000000\): needs about 17\.4 TiB of memory \(27,520 connections\) but .* is available\n$/);
  assert.equal(fs.existsSync(resultsDir), false, 'nothing was written, not even a lock');
});

test('a results file that cannot be written is refused before the first run', async () => {
  const s = setup();
  fs.mkdirSync(s.resultsFile, { recursive: true }); // results.jsonl is a folder
  const r = await runCli('sweep', s.args);
  assert.equal(r.stderr, `sweep: ${s.resultsFile}: is a directory, not a regular file\n`);
  assert.equal(r.status, 1);
  assert.deepEqual(fs.readdirSync(s.pidDir), [], 'no worker was started');
  assert.equal(fs.existsSync(s.lockFile), false, 'the lock is released on the way out');
});

test('estimates follow connections: the sparse 784-100000-100000-10 fits where its dense twin cannot', () => {
  const base: TrainConfig = { dataset: 'mnist', arch: [100000, 100000], topology: 'regular', density: 20 / 100000, allocation: 'uniform',
    denseOutput: true, mode: 'sparse', epochs: 1, batchSize: 128, learningRate: 1e-3, validationFraction: 0.1, seed: 1 };
  const sparse = estimateRunMemory(base);
  assert.equal(sparse.connections, 100000 + 2_000_000 + 1_000_000);
  assert.ok(sparse.bytes < 4 * 2 ** 30, `${sparse.bytes} bytes`);
  const dense = estimateRunMemory({ ...base, topology: 'dense', density: 1 });
  assert.equal(dense.connections, 784 * 100000 + 100000 * 100000 + 100000 * 10);
  assert.ok(dense.bytes > 400 * 2 ** 30);
  assert.equal(gridRunProblem([{ ...base, arch: [300, 100], density: 0.1 }], 8 * 2 ** 30), undefined);
  assert.equal(gridRunProblem([{ ...base, arch: [300, 100], topology: 'dense', density: 1, batchSize: 1e7 }], 8 * 2 ** 30),
    'run 1 of 1 (784-300-100-10 dense, sparse mode, batch 10000000): needs about 178.5 GiB of memory (266,200 connections) but 8.0 GiB is available');
});

test('jobs: explicit counts must fit in memory, the default shrinks to what fits', () => {
  const gib = 2 ** 30;
  assert.deepEqual(chooseJobs(undefined, 2, 36, gib, 8 * gib), { jobs: 2 });
  assert.deepEqual(chooseJobs(undefined, 2, 1, gib, 8 * gib), { jobs: 1 });
  assert.deepEqual(chooseJobs(undefined, 8, 36, gib, 3.5 * gib), { jobs: 3, note: '3 worker(s) instead of 8: each needs about 1.0 GiB and 3.5 GiB is available' });
  assert.deepEqual(chooseJobs(undefined, 8, 36, 16 * gib, 3.5 * gib), { jobs: 1, note: '1 worker(s) instead of 8: each needs about 16.0 GiB and 3.5 GiB is available' });
  assert.deepEqual(chooseJobs(1000, 2, 36, 0.5 * gib, 40 * gib), { jobs: 36 });
  assert.throws(() => chooseJobs(1000, 2, 36, 0.6 * gib, 8 * gib),
    { message: '--jobs 1000: 36 workers need about 21.6 GiB (614.4 MiB each for this grid\'s largest run) but 8.0 GiB is available; use --jobs 13 or fewer' });
});

test('one sweep per result store: the second refuses with the first one\'s pid; a dead holder\'s lock is taken over', { timeout: 120_000 }, async () => {
  const s = setup();
  const first = startCli('sweep', s.args, { FAKE_TRAIN_MS: '400', FAKE_WORKER_PID_DIR: s.pidDir });
  const exited = new Promise(resolve => first.on('exit', resolve));
  await waitFor('the first sweep to hold the lock', () => fs.existsSync(s.lockFile));
  assert.equal(JSON.parse(fs.readFileSync(s.lockFile, 'utf8')).pid, first.pid);
  const second = await runCli('sweep', s.args);
  assert.match(second.stderr, new RegExp(`^sweep: results folder ${path.dirname(s.resultsFile)} is in use by pid ${first.pid} on this host, since \\S+\\n$`));
  assert.equal(second.status, 1);
  first.kill('SIGKILL');
  await exited;
  const workers = fs.readdirSync(s.pidDir).map(Number);
  await waitFor('the killed sweep\'s workers to exit', () => !workers.some(pid => isRunning({ pid, start: '' })));
  assert.equal(fs.existsSync(s.lockFile), true, 'SIGKILL leaves the lock behind');
  const third = await runCli('sweep', s.args, { FAKE_TRAIN_MS: '10' });
  assert.equal(third.status, 0, third.stderr);
  assert.equal(third.stderr.split('\n')[0], `sweep: took over the lock of pid ${first.pid}, which is no longer running`);
  assert.equal(lastJson(third.stdout).total, 6);
  assert.equal(fs.existsSync(s.lockFile), false);
  assert.equal(loadResults(s.resultsFile).duplicateKeys, 0);
});

/** SIGKILL `launcher` once the sweep under it runs; the sweep (named by its lock) and its workers must then exit. */
async function killLauncher(s: ReturnType<typeof setup>, launcher: ChildProcess) {
  await waitFor('the sweep to start its workers', () => fs.existsSync(s.lockFile) && fs.readdirSync(s.pidDir).length === 2);
  const sweepPid = JSON.parse(fs.readFileSync(s.lockFile, 'utf8')).pid as number;
  assert.notEqual(sweepPid, launcher.pid, 'the sweep runs under its launcher');
  const workers = fs.readdirSync(s.pidDir).map(Number);
  launcher.kill('SIGKILL');
  await waitFor('the sweep and its workers to exit', () => ![sweepPid, ...workers].some(pid => isRunning({ pid, start: '' })));
  // Nothing survived to race a new sweep: the rerun trains the rest, each run stored once.
  const rerun = await runCli('sweep', [...s.args, '--jobs', '2'], { FAKE_TRAIN_MS: '10' });
  assert.equal(rerun.status, 0, rerun.stderr);
  const keys = fs.readFileSync(s.resultsFile, 'utf8').trim().split('\n').map(l => JSON.parse(l).key);
  assert.equal(keys.length, 6);
  assert.equal(new Set(keys).size, 6);
}

test('SIGKILL of the tsx wrapper ends the sweep and its workers', { timeout: 120_000 }, async () => {
  const s = setup();
  const tsx = spawn(path.join(repo, 'node_modules', '.bin', 'tsx'), [cliPath('sweep'), ...s.args, '--jobs', '2'],
    { env: { ...process.env, FAKE_TRAIN_MS: '2000', FAKE_WORKER_PID_DIR: s.pidDir }, stdio: 'ignore' });
  await killLauncher(s, tsx);
});

test('SIGKILL of `npm run sweep` ends the sweep and its workers', { timeout: 120_000 }, async () => {
  const s = setup();
  const npm = spawn('npm', ['run', '--silent', 'sweep', '--', ...s.args, '--jobs', '2'],
    { cwd: repo, env: { ...process.env, FAKE_TRAIN_MS: '2000', FAKE_WORKER_PID_DIR: s.pidDir }, stdio: 'ignore' });
  await killLauncher(s, npm);
});
