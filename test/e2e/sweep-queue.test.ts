// Queued sweeps against a real redis-server: the coordinator (npm run sweep -- --queue) and workers (npm run worker)
// as the separate processes a user starts, training with the fake trainer, which logs every run it starts. Each test
// has its own Redis database; the server needs a password, which must appear in no output and no record.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Queue } from 'bullmq';
import type { ChildProcess } from 'node:child_process';
import { parseRedisUrl } from '../../lib/base/redis-url';
import { expandGrid } from '../../lib/experiments/grid';
import { parseGridSpec } from '../../lib/experiments/grid-validate';
import { loadResults } from '../../lib/experiments/result-store';
import { runKey } from '../../lib/experiments/run-key';
import { thisCodeVersion } from '../../lib/experiments/queue/code-version';
import { bullConnection } from '../../lib/experiments/queue/connection';
import { syncQueue, newJob } from '../../lib/experiments/queue/enqueue';
import { QUEUE_NAME } from '../../lib/experiments/queue/sweep-jobs';
import { lastJson, runCli, startCli } from '../fixtures/cli';
import { startRedis, type LocalRedis } from '../../lib/bench/redis-server';
import { scratchDir } from '../fixtures/scratch';
import { sleep, waitFor } from '../fixtures/wait';

const PASSWORD = 'queue-test-secret-4711';
const fakeWorker = path.join(__dirname, '..', 'fixtures', 'fake-train-worker.ts');
let redis: LocalRedis;
let nextDb = 0;
before(async () => { redis = await startRedis({ password: PASSWORD }); });
after(() => redis.stop());

const gridOf = (seeds: number[]) => ({
  datasets: ['mnist'], archs: [[300, 100]], topologies: ['random', 'regular'], densities: [0.1], allocations: ['uniform'],
  modes: ['sparse'], seeds, epochs: 1, batchSize: 128, learningRate: 1e-3, validationFraction: 0.1, denseOutput: true,
}); // 2 runs per seed

interface Sweep {
  url: string; dir: string; resultsFile: string; log: string; keys: string[];
  sweepArgs: string[]; env: Record<string, string>;
  worker(args?: string[], env?: Record<string, string>): Output;
  queue(): Queue;
}

interface Output { child: ChildProcess; out: () => string; exited: Promise<number | null> }

function watch(child: ChildProcess): Output {
  let text = '';
  child.stdout!.on('data', c => { text += c; });
  child.stderr!.on('data', c => { text += c; });
  return { child, out: () => text, exited: new Promise(resolve => child.on('close', code => resolve(code))) };
}

/** A grid file, its results folder, a Redis database of its own, and the fake trainer's start log. */
function sweepSetup(name: string, seeds: number[], extraEnv: Record<string, string> = {}): Sweep {
  const dir = scratchDir(`queue-${name}-`);
  const gridFile = path.join(dir, `${name}.json`);
  fs.writeFileSync(gridFile, JSON.stringify(gridOf(seeds)));
  const url = redis.url(++nextDb);
  const log = path.join(dir, 'started.log');
  const env = { REDIS_PASSWORD: PASSWORD, FAKE_TRAIN_LOG: log, ...extraEnv };
  const queues: Queue[] = [];
  after(() => Promise.all(queues.map(q => q.close())));
  return {
    url, dir, log, env, resultsFile: path.join(dir, 'results', name, 'results.jsonl'),
    keys: expandGrid(parseGridSpec(gridOf(seeds))).map(runKey),
    sweepArgs: ['--preset', gridFile, '--queue', url, '--results-dir', path.join(dir, 'results'), '--json'],
    worker: (args = [], more = {}) => watch(startCli('worker', ['--queue', url, '--worker', fakeWorker, '--jobs', '1', ...args], { ...env, ...more })),
    queue: () => {
      const q = new Queue(QUEUE_NAME, { connection: bullConnection(parseRedisUrl(url, { REDIS_PASSWORD: PASSWORD })) });
      queues.push(q);
      return q;
    },
  };
}

/** How many times the fake trainer started each run. */
function starts(log: string): Map<string, number> {
  const counts = new Map<string, number>();
  if (!fs.existsSync(log)) return counts;
  for (const line of fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean)) {
    const key = line.split(' ')[0];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The keys of the store's lines, in file order, duplicates kept. */
const storedKeys = (file: string) => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line).key as string);
const sorted = (keys: Iterable<string>) => [...keys].sort();

test('two workers share a queued sweep: every run trained once and stored once; the password is in no output or record', async () => {
  const s = sweepSetup('share', [1, 2, 3, 4], { FAKE_TRAIN_MS: '500' });
  const workers = [s.worker(['--idle-exit', '2', '--json']), s.worker(['--idle-exit', '2', '--json'])];
  await sleep(3000);
  assert.deepEqual(workers.map(w => w.child.exitCode), [null, null], 'workers started before their sweep wait for it, --idle-exit or not');
  const sweep = await runCli('sweep', s.sweepArgs, s.env);
  assert.equal(sweep.status, 0, sweep.stderr);
  const report = lastJson(sweep.stdout);
  assert.deepEqual({ ...report, workersSeen: undefined }, {
    preset: 'share', total: 8, skipped: 0, ran: 8, failed: 0, resultsFile: s.resultsFile, warnings: [],
    queue: `redis://:***@127.0.0.1:${redis.port}/${s.url.split('/').pop()}`, added: 8, replaced: 0, collectedAtStart: 0, workersSeen: undefined,
  });
  assert.equal(report.workersSeen, 2);
  const codes = await Promise.all(workers.map(w => w.exited));
  assert.deepEqual(codes, [0, 0], workers.map(w => w.out()).join('\n'));
  const perWorker = workers.map(w => lastJson(w.out().split('\n').filter(l => l.startsWith('{')).join('\n')).trained);
  assert.equal(perWorker[0] + perWorker[1], 8);
  assert.ok(perWorker.every(n => n > 0), `both workers trained runs (${perWorker})`);
  assert.deepEqual(sorted(storedKeys(s.resultsFile)), sorted(s.keys));
  assert.deepEqual([...starts(s.log).values()], Array(8).fill(1));
  assert.ok(loadResults(s.resultsFile).results.every(r => r.record.status === 'ok'));
  const everything = [sweep.stdout, sweep.stderr, ...workers.map(w => w.out()), fs.readFileSync(s.resultsFile, 'utf8')].join('\n');
  assert.equal(everything.includes(PASSWORD), false);

  const again = await runCli('sweep', s.sweepArgs, s.env);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual([lastJson(again.stdout).skipped, lastJson(again.stdout).ran, lastJson(again.stdout).added], [8, 0, 0]);
});

test('queueing a grid twice creates nothing new; a job queued by other code is replaced by one of this code', async () => {
  const s = sweepSetup('twice', [1, 2, 3]);
  const queue = s.queue();
  const runs = expandGrid(parseGridSpec(gridOf([1, 2, 3]))).map(config => ({ key: runKey(config), config }));
  const code = thisCodeVersion();
  const other = { commit: '0'.repeat(40), changes: '', lockfile: '000000000000' };
  const { name, data, opts } = newJob(runs[0], other, 3);
  await queue.add(name, data, opts);
  const first = await syncQueue(queue, runs, code, 3);
  assert.deepEqual([first.added, first.replaced, first.queued.length, first.finished.length], [5, 1, 6, 0]);
  const second = await syncQueue(queue, runs, code, 3);
  assert.deepEqual([second.added, second.replaced, second.queued.length], [0, 0, 6]);
  assert.equal((await queue.getJobCounts('waiting')).waiting, 6);
  const jobs = await Promise.all(runs.map(r => queue.getJob(r.key)));
  assert.deepEqual(jobs.map(j => j?.id), runs.map(r => r.key), 'the job id is the run key');
  assert.ok(jobs.every(j => j?.data.code.commit === code.commit && j.data.code.lockfile === code.lockfile));
});

test('a worker SIGKILLed mid-run: its run is taken up by another worker after its lock lapses, and stored once', async () => {
  const s = sweepSetup('stall', [1, 2, 3], { FAKE_TRAIN_MS: '1500' });
  const sweep = watch(startCli('sweep', s.sweepArgs, s.env));
  const doomed = s.worker(['--lock-seconds', '2']);
  await waitFor('the first worker to start a run', () => starts(s.log).size === 1);
  doomed.child.kill('SIGKILL');
  assert.equal(await doomed.exited, null);
  const [killedRun] = starts(s.log).keys();
  const survivor = s.worker(['--lock-seconds', '2', '--idle-exit', '2']);
  assert.equal(await sweep.exited, 0, sweep.out());
  assert.equal(lastJson(sweep.out().split('\n').filter(l => l.startsWith('{')).join('\n')).ran, 6);
  assert.equal(await survivor.exited, 0, survivor.out());
  assert.equal(starts(s.log).get(killedRun), 2, 'the killed run was started again');
  assert.deepEqual(sorted(storedKeys(s.resultsFile)), sorted(s.keys));
  assert.ok(loadResults(s.resultsFile).results.every(r => r.record.status === 'ok'));
});

test('a worker stopped with SIGTERM puts its run back in the queue at once, for the next worker', async () => {
  const s = sweepSetup('leave', [1], { FAKE_TRAIN_MS: '60000' });
  const queue = s.queue();
  const runs = expandGrid(parseGridSpec(gridOf([1]))).map(config => ({ key: runKey(config), config }));
  await syncQueue(queue, runs, thisCodeVersion(), 3);
  const worker = s.worker(['--jobs', '2']);
  await waitFor('both runs to start', () => starts(s.log).size === 2);
  const t0 = Date.now();
  worker.child.kill('SIGTERM');
  assert.equal(await worker.exited, 0, worker.out());
  assert.ok(Date.now() - t0 < 10000, `stopped in ${Date.now() - t0} ms`);
  assert.match(worker.out(), /worker: SIGTERM: putting the runs in flight back in the queue\n/);
  assert.deepEqual(await queue.getJobCounts('waiting', 'active', 'failed'), { waiting: 2, active: 0, failed: 0 });
  const jobs = await Promise.all(runs.map(r => queue.getJob(r.key)));
  assert.deepEqual(jobs.map(j => j!.attemptsMade), [0, 0], 'leaving does not use up a try');
});

test('the coordinator SIGKILLed: workers go on, and its rerun collects what they finished without training it again', async () => {
  const s = sweepSetup('coord', [1, 2, 3], { FAKE_TRAIN_MS: '400' });
  const worker = s.worker(['--idle-exit', '3']);
  const sweep = watch(startCli('sweep', s.sweepArgs, s.env));
  await waitFor('two stored runs', () => fs.existsSync(s.resultsFile) && storedKeys(s.resultsFile).length >= 2);
  sweep.child.kill('SIGKILL');
  await sweep.exited;
  const before = fs.readFileSync(s.resultsFile, 'utf8');
  const storedBefore = storedKeys(s.resultsFile).length;
  assert.ok(storedBefore < 6, `killed mid-sweep (${storedBefore} of 6 stored)`);
  const queue = s.queue();
  await waitFor('the worker to finish every run', async () => (await queue.getJobCounts('completed')).completed === 6);
  const rerun = await runCli('sweep', s.sweepArgs, s.env);
  assert.equal(rerun.status, 0, rerun.stderr);
  const report = lastJson(rerun.stdout);
  assert.deepEqual([report.skipped, report.ran, report.collectedAtStart, report.added], [storedBefore, 6 - storedBefore, 6 - storedBefore, 0]);
  assert.ok(fs.readFileSync(s.resultsFile, 'utf8').startsWith(before), 'lines stored before the kill are untouched');
  assert.deepEqual(sorted(storedKeys(s.resultsFile)), sorted(s.keys));
  assert.deepEqual([...starts(s.log).values()], Array(6).fill(1), 'no run trained twice');
  assert.equal(await worker.exited, 0, worker.out());
});

test('a run that throws is tried --attempts times, then stored as failed with its error; the others complete', async () => {
  const s = sweepSetup('throws', [1, 2, 3], { FAKE_TRAIN_MS: '50', FAKE_TRAIN_FAIL_SEEDS: '2' });
  const worker = s.worker(['--idle-exit', '2']);
  const sweep = await runCli('sweep', [...s.sweepArgs, '--attempts', '2'], s.env);
  assert.equal(sweep.status, 1, 'a failed run makes the exit code 1, as in a local sweep');
  const report = lastJson(sweep.stdout);
  assert.deepEqual([report.ran, report.failed], [6, 2]);
  const results = loadResults(s.resultsFile).results;
  const failed = results.filter(r => r.record.status === 'failed');
  assert.deepEqual(failed.map(r => r.record.config.seed), [2, 2]);
  for (const r of failed) assert.equal(r.record.error, 'NaN loss at epoch 1 (tried 2 times)');
  const counts = starts(s.log);
  for (const r of results) assert.equal(counts.get(r.key), r.record.config.seed === 2 ? 2 : 1);
  assert.deepEqual(sorted(storedKeys(s.resultsFile)), sorted(s.keys));
  assert.equal(await worker.exited, 0, worker.out());
});

test('a worker refuses jobs queued by other code and says so, here and through the coordinator; it never trains them', async () => {
  const s = sweepSetup('foreign', [1], { FAKE_TRAIN_MS: '1500' });
  const queue = s.queue();
  const config = { ...expandGrid(parseGridSpec(gridOf([9])))[0] };
  const other = { commit: 'f'.repeat(40), changes: '', lockfile: 'aaaaaaaaaaaa' };
  const { name, data, opts } = newJob({ key: runKey(config), config }, other, 3);
  await queue.add(name, data, opts);
  const sweep = watch(startCli('sweep', s.sweepArgs, s.env));
  await waitFor('the sweep to queue its runs', async () => (await queue.getJobCounts('waiting')).waiting === 3);
  const worker = s.worker(['--idle-exit', '30']);
  assert.equal(await sweep.exited, 0, sweep.out());
  const refusal = new RegExp(`refuses runs queued by commit ffffffffffff, lockfile aaaaaaaaaaaa: it runs commit [0-9a-f]{12}`);
  assert.match(sweep.out(), new RegExp(`sweep: worker \\S+:${worker.child.pid} ${refusal.source}`));
  await waitFor('the refusal in the worker\'s output', () => /first: run/.test(worker.out()));
  assert.match(worker.out(), new RegExp(`worker: this worker ${refusal.source}.*\\(first: run ${runKey(config)}\\)`));
  assert.equal(starts(s.log).has(runKey(config)), false, 'the foreign run was not trained');
  assert.equal(await (await queue.getJob(runKey(config)))!.getState(), 'delayed');
  assert.deepEqual(sorted(storedKeys(s.resultsFile)), sorted(s.keys));
  worker.child.kill('SIGTERM');
  assert.equal(await worker.exited, 0, worker.out());
});

test('a job whose data a worker cannot trust (key not its config\'s, a run too big) fails at once, untrained, without retries', async () => {
  const s = sweepSetup('hostile', [1]);
  const queue = s.queue();
  const [config] = expandGrid(parseGridSpec(gridOf([1])));
  const code = thisCodeVersion();
  const huge = { ...config, arch: [30_000, 30_000], density: 1 }; // 42 GiB: more than these machines have
  await queue.add('run', { key: runKey({ ...config, seed: 99 }), config, code }, { jobId: 'wrong-key', attempts: 3 });
  await queue.add('run', { key: runKey(huge), config: huge, code }, { jobId: 'huge', attempts: 3 });
  const worker = s.worker(['--idle-exit', '1']);
  assert.equal(await worker.exited, 0, worker.out());
  const wrong = (await queue.getJob('wrong-key'))!, big = (await queue.getJob('huge'))!;
  assert.deepEqual([await wrong.getState(), wrong.attemptsMade], ['failed', 1]);
  assert.match(wrong.failedReason, /^the job's key [0-9a-f]{16} is not its config's run key [0-9a-f]{16}$/);
  assert.deepEqual([await big.getState(), big.attemptsMade], ['failed', 1]);
  assert.match(big.failedReason, /^needs about 42\.3 GiB of memory \(923,820,000 connections\) but .* is available$/);
  assert.equal(starts(s.log).size, 0, 'nothing was trained');
});

test('Redis unreachable, or the password wrong or missing: one line within seconds, a non-zero exit, nothing written', async () => {
  const s = sweepSetup('unreachable', [1]);
  const resultsDir = path.join(s.dir, 'results');
  const closedPort = redis.port + 1 === 65536 ? redis.port - 1 : redis.port + 1;
  const cases: [string, Record<string, string>, RegExp][] = [
    [`redis://127.0.0.1:${closedPort}/0`, {}, new RegExp(`^sweep: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${closedPort}/0: connection refused`)],
    [`redis://:wrong-secret-99@127.0.0.1:${redis.port}/0`, {}, /^sweep: Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 refused the login: wrong user or password\n$/],
    [`redis://127.0.0.1:${redis.port}/0`, { REDIS_PASSWORD: '' }, /^sweep: Redis at redis:\/\/127\.0\.0\.1:\d+\/0 needs a password/],
  ];
  for (const [url, env, expected] of cases) {
    const args = s.sweepArgs.map(a => (a === s.url ? url : a));
    const t0 = Date.now();
    const r = await runCli('sweep', args, { ...s.env, ...env });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(Date.now() - t0 < 15000, `answered in ${Date.now() - t0} ms`);
    assert.match(r.stderr, expected);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.equal(r.stderr.includes('wrong-secret-99') || r.stdout.includes('wrong-secret-99'), false);
    assert.equal(fs.existsSync(resultsDir), false, 'no results folder, no lock file');
    const w = await runCli('worker', ['--queue', url, '--worker', fakeWorker], { ...s.env, ...env });
    assert.equal(w.status, 1);
    assert.match(w.stderr, new RegExp(expected.source.replace('^sweep', '^worker')));
  }
  const bad = await runCli('sweep', [...s.sweepArgs.slice(0, 2), '--queue', 'http://127.0.0.1:1'], s.env);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^sweep: --queue: scheme http: is not redis: or rediss:/);
});

test('--status: the queue\'s counts, its workers and where a grid\'s runs are', async () => {
  const s = sweepSetup('status', [1, 2]);
  const queue = s.queue();
  const runs = expandGrid(parseGridSpec(gridOf([1, 2]))).map(config => ({ key: runKey(config), config }));
  await syncQueue(queue, runs, thisCodeVersion(), 3);
  const r = await runCli('sweep', [...s.sweepArgs, '--status'], s.env);
  assert.equal(r.status, 0, r.stderr);
  const status = lastJson(r.stdout);
  assert.deepEqual(status.counts, { waiting: 4, prioritized: 0, delayed: 0, active: 0, completed: 0, failed: 0 });
  assert.deepEqual(status.workers, []);
  assert.deepEqual(status.grid, { preset: 'status', total: 4, stored: 0, inQueue: { waiting: 4 }, notQueued: 0 });
  const text = await runCli('sweep', ['--queue', s.url, '--status'], s.env);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^queue sparse-sweep at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/\d+: 4 waiting, 0 prioritized, 0 delayed, 0 active, 0 completed, 0 failed\nworkers \(0\): none\n$/);
});
