// Kill -9 the sweep CLI mid-sweep, then rerun it: finished runs are kept and skipped, nothing is lost or doubled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadResults } from '../../lib/experiments/result-store';
import { lastJson, runCli, startCli } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';
import { waitFor } from '../fixtures/wait';

const fakeWorker = path.join(__dirname, '..', 'fixtures', 'fake-train-worker.ts');
const grid = {
  datasets: ['mnist'], archs: [[300, 100]], topologies: ['random', 'regular'], densities: [0.1], allocations: ['uniform'],
  modes: ['sparse'], seeds: [1, 2, 3, 4], epochs: 1, batchSize: 128, learningRate: 1e-3, validationFraction: 0.1, denseOutput: true,
}; // 8 runs
const lineCount = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').length - 1 : 0);

/** A process still running (a zombie waiting to be reaped counts as dead). */
function alive(pid: number): boolean {
  try { process.kill(pid, 0); } catch { return false; }
  try { return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return true; }
}

test('SIGKILL mid-sweep loses only runs in flight; the rerun skips finished runs and completes the rest', async () => {
  const dir = scratchDir('sweep-kill-');
  const gridFile = path.join(dir, 'tiny.json');
  fs.writeFileSync(gridFile, JSON.stringify(grid));
  const pidDir = path.join(dir, 'pids');
  fs.mkdirSync(pidDir);
  const resultsFile = path.join(dir, 'results', 'tiny', 'results.jsonl');
  const args = ['--preset', gridFile, '--jobs', '2', '--results-dir', path.join(dir, 'results'), '--worker', fakeWorker, '--json'];

  const sweep = startCli('sweep', args, { FAKE_TRAIN_MS: '200', FAKE_WORKER_PID_DIR: pidDir });
  const exited = new Promise<NodeJS.Signals | null>(resolve => sweep.on('exit', (_code, signal) => resolve(signal)));
  await waitFor('3 stored results', () => lineCount(resultsFile) >= 3);
  sweep.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');

  const before = fs.readFileSync(resultsFile, 'utf8');
  const keysBefore = loadResults(resultsFile).results.map(r => r.key);
  assert.ok(keysBefore.length >= 3 && keysBefore.length < 8, `killed mid-sweep (${keysBefore.length} of 8 stored)`);
  const workers = fs.readdirSync(pidDir).map(Number);
  assert.equal(workers.length, 2);
  await waitFor('workers to exit after their parent died', () => !workers.some(alive));

  const rerun = await runCli('sweep', args, { FAKE_TRAIN_MS: '20' });
  assert.equal(rerun.status, 0, rerun.stderr);
  const report = lastJson(rerun.stdout);
  assert.deepEqual(report, { preset: 'tiny', total: 8, skipped: keysBefore.length, ran: 8 - keysBefore.length, failed: 0, resultsFile, warnings: [] });

  const after = fs.readFileSync(resultsFile, 'utf8');
  assert.ok(after.startsWith(before), 'lines stored before the kill are untouched');
  const rawKeys = after.trim().split('\n').map(line => JSON.parse(line).key as string);
  assert.equal(rawKeys.length, 8, 'each run stored exactly once');
  assert.equal(new Set(rawKeys).size, 8, 'no duplicate keys');
  assert.deepEqual(rawKeys.slice(0, keysBefore.length), keysBefore);
  assert.ok(loadResults(resultsFile).results.every(r => r.record.status === 'ok'));
});
