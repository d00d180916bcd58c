// The worker pool with a fake trainer (test/fixtures/fake-train-worker.ts): results, failures, crashes, env.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../lib/train/config';
import { runInWorkers, type PendingRun, type RunnerProgress } from '../../lib/experiments/runner';
import { syntheticConfig } from '../fixtures/synthetic-record';
import { scratchDir } from '../fixtures/scratch';

const fakeWorker = path.join(__dirname, '..', 'fixtures', 'fake-train-worker.ts');
const runs: PendingRun[] = [1, 2, 3, 4, 5].map(seed => ({ key: `k${seed}`, config: syntheticConfig({ seed }) }));

async function runAll(jobs: number, env: Record<string, string>, workerModule = fakeWorker) {
  const results = new Map<string, RunRecord>();
  const progress: RunnerProgress[] = [];
  const counts = await runInWorkers(runs, {
    jobs, workerModule, env: { FAKE_TRAIN_MS: '20', ...env },
    onResult: (key, record) => { assert.ok(!results.has(key), `${key} reported twice`); results.set(key, record); },
    onProgress: p => progress.push(p),
  });
  return { counts, results, progress };
}

test('a run that throws is recorded as failed with its error and the others still run', async () => {
  const { counts, results, progress } = await runAll(2, { FAKE_TRAIN_FAIL_SEEDS: '2,4' });
  assert.deepEqual(counts, { ran: 5, failed: 2 });
  assert.deepEqual([...results.keys()].sort(), ['k1', 'k2', 'k3', 'k4', 'k5']);
  for (const [key, record] of results) {
    const shouldFail = key === 'k2' || key === 'k4';
    assert.equal(record.status, shouldFail ? 'failed' : 'ok', key);
    if (shouldFail) { assert.equal(record.error, 'NaN loss at epoch 1'); assert.equal(record.config.seed, Number(key.slice(1))); }
    else assert.equal(record.versions.SPARSE_THREADS, '1', 'with jobs > 1 each worker is told to use one thread');
  }
  assert.deepEqual(progress.map(p => p.done), [1, 2, 3, 4, 5]);
  assert.equal(progress[4].failed, 2);
  assert.ok(progress.every(p => p.total === 5));
});

test('a worker process that dies mid-run fails only that run and is replaced', async () => {
  const { counts, results } = await runAll(1, { FAKE_TRAIN_CRASH_SEEDS: '1,3' });
  assert.deepEqual(counts, { ran: 5, failed: 2 });
  assert.match(results.get('k1')!.error!, /worker process died \(code 3\)/);
  assert.match(results.get('k3')!.error!, /worker process died/);
  assert.equal(results.get('k5')!.status, 'ok');
  assert.equal(results.get('k5')!.versions.SPARSE_THREADS, process.env.SPARSE_THREADS ?? 'unset', 'one job: environment untouched');
});

test('a worker module that cannot start rejects the whole pool without recording failures', async () => {
  const broken = path.join(scratchDir('worker-'), 'broken-worker.ts');
  fs.writeFileSync(broken, "throw new Error('no trainer here');\n");
  const reported: string[] = [];
  await assert.rejects(runInWorkers(runs, { jobs: 2, workerModule: broken, onResult: key => reported.push(key), env: { FAKE_TRAIN_MS: '0' } }),
    /broken-worker\.ts exited \(code 1\) before it was ready/);
  assert.deepEqual(reported, []);
});

test('no runs: no workers, nothing reported', async () => {
  assert.deepEqual(await runInWorkers([], { workerModule: '/nonexistent.ts', onResult: () => assert.fail('no result expected') }), { ran: 0, failed: 0 });
});
