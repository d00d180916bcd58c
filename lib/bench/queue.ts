// Queued sweeps against the local runner on the same two cores. A private redis-server (Debian's package) is started
// for the run; `npm run worker` processes serve the queue in two shapes with two training processes in all (two
// workers of one job each, as on two hosts, and one worker of two jobs, as the README deploys one per host), each
// training process with SPARSE_THREADS=1 as the local runner gives its own, and the coordinator runs in this process
// as `npm run sweep -- --queue` would. Measured: the per-job cost of the queue with a trainer that trains nothing
// (hand-out, IPC, Redis, storing), and the wall time of the quick preset and of a 50-run grid, local and the two
// queued shapes taking turns.
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireDebianPackages, debianNeeds } from '../base/debian';
import { parseRedisUrl, type RedisTarget } from '../base/redis-url';
import { median } from '../base/stats';
import { expandGrid } from '../experiments/grid';
import { resolveGrid } from '../experiments/presets';
import type { ResolvedGrid } from '../experiments/presets';
import { bullConnection, checkRedis, sideClient } from '../experiments/queue/connection';
import { runQueuedSweep } from '../experiments/queue/coordinator';
import { QUEUE_NAME, queueWorkers } from '../experiments/queue/sweep-jobs';
import { planSweep, realWorkerModule, runSweep } from '../experiments/sweep';
import { PAPER_TRAINING } from '../train/defaults';
import { Queue } from 'bullmq';
import type { Benchmark } from './benchmark';
import { startRedis } from './redis-server';

const instantWorker = path.join(__dirname, 'instant-train-worker.ts');
const workerCli = path.join(__dirname, '..', 'cli', 'worker.ts');
const tsxLoader = require.resolve('tsx');

/** 50 runs of the quick preset's size: 2 classes × 5 densities × 5 seeds, 2 epochs on 6,000 images. */
export const GRID_50: ResolvedGrid = {
  name: 'queue-bench-50',
  grid: {
    ...PAPER_TRAINING, datasets: ['mnist'], archs: [[300, 100]], topologies: ['random', 'regular'],
    densities: [0.02, 0.05, 0.1, 0.2, 0.5], allocations: ['uniform'], modes: ['sparse'], seeds: [1, 2, 3, 4, 5],
    epochs: 2, trainLimit: 6000,
  },
};

/** `count` runs of the smallest network, for the instant trainer (only their keys matter). */
const instantGrid = (count: number): ResolvedGrid => ({
  name: 'queue-bench-instant',
  grid: { ...GRID_50.grid, topologies: ['random'], densities: [0.1], seeds: Array.from({ length: count }, (_, i) => i + 1) },
});

/** Two training processes in all, spread over worker processes. */
interface WorkerShape { name: string; processes: number; jobsEach: number }
const SHAPES: WorkerShape[] = [
  { name: '2 workers x 1 job', processes: 2, jobsEach: 1 },
  { name: '1 worker x 2 jobs', processes: 1, jobsEach: 2 },
];

interface Workers { children: ChildProcess[]; stop(): Promise<void> }

/** The shape's worker processes on the queue, returned once all are connected. */
async function startWorkers(target: RedisTarget, url: string, password: string, module: string, shape: WorkerShape): Promise<Workers> {
  const children = Array.from({ length: shape.processes }, () => spawn(process.execPath,
    ['--import', tsxLoader, workerCli, '--queue', url, '--jobs', String(shape.jobsEach), '--worker', module], {
      env: { ...process.env, REDIS_PASSWORD: password, SPARSE_THREADS: '1' }, stdio: ['ignore', 'ignore', 'pipe'],
    }));
  const errors = children.map(child => { let text = ''; child.stderr!.on('data', c => { text += c; }); return () => text; });
  const queue = new Queue(QUEUE_NAME, { connection: bullConnection(target) });
  try {
    for (let waited = 0; (await queueWorkers(queue)).length < shape.processes; waited += 100) {
      if (waited > 60_000 || children.some(c => c.exitCode !== null)) throw new Error(`workers did not start: ${errors.map(e => e()).join(' | ')}`);
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  } finally {
    await queue.close();
  }
  return {
    children,
    stop: () => Promise.all(children.map(child => new Promise<void>(resolve => {
      if (child.exitCode !== null) { resolve(); return; }
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    }))).then(() => undefined),
  };
}

interface Timed { seconds: number; runs: number; failed: number }

async function timeLocal(grid: ResolvedGrid, module: string): Promise<Timed> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-bench-'));
  try {
    const plan = planSweep(grid, dir);
    const t0 = performance.now();
    const report = await runSweep(plan, { jobs: 2, workerModule: module });
    return { seconds: (performance.now() - t0) / 1000, runs: report.ran, failed: report.failed };
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

/** Empty Redis, fresh workers, then the coordinator's wall time from queueing to the last stored record. */
async function timeQueued(grid: ResolvedGrid, target: RedisTarget, url: string, password: string, module: string, shape: WorkerShape): Promise<Timed> {
  const side = sideClient(target);
  await side.flushdb();
  side.disconnect();
  const workers = await startWorkers(target, url, password, module, shape);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-bench-'));
  try {
    const plan = planSweep(grid, dir);
    const t0 = performance.now();
    const report = await runQueuedSweep(plan, target, { attempts: 1 });
    return { seconds: (performance.now() - t0) / 1000, runs: report.ran, failed: report.failed };
  } finally {
    await workers.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const queueBenchmark: Benchmark = {
  name: 'queue',
  summary: 'queued sweeps (BullMQ, local redis-server; 2 workers x 1 job and 1 worker x 2 jobs) vs the local runner on the same cores: per-job overhead, quick preset, a 50-run grid',
  async run({ quick, log }) {
    requireDebianPackages(debianNeeds.redisServer, 'npm run bench -- queue');
    const password = randomBytes(12).toString('hex');
    const redis = await startRedis({ password });
    const url = redis.url(0);
    const target = parseRedisUrl(url, { REDIS_PASSWORD: password });
    const { version } = await checkRedis(target);
    try {
      const count = quick ? 40 : 400;
      const perJob = (t: Timed) => (t.seconds / (t.runs / 2)) * 1000; // ms per run on each of the two slots
      log(`per-job overhead: ${count} runs with a trainer that trains nothing, 2 training processes`);
      const local = await timeLocal(instantGrid(count), instantWorker);
      const overhead = { runs: count, localMsPerRun: perJob(local), queued: [] as { workers: string; msPerRun: number; overheadMsPerRun: number }[] };
      for (const shape of SHAPES) {
        const queued = await timeQueued(instantGrid(count), target, url, password, instantWorker, shape);
        overhead.queued.push({ workers: shape.name, msPerRun: perJob(queued), overheadMsPerRun: perJob(queued) - perJob(local) });
        log(`  local ${perJob(local).toFixed(2)} ms/run per slot, queued (${shape.name}) ${perJob(queued).toFixed(2)}: ` +
          `the queue adds ${(perJob(queued) - perJob(local)).toFixed(2)} ms per run`);
      }

      const rounds = quick ? 1 : 5;
      const grids = [];
      for (const grid of quick ? [resolveGrid('quick')] : [resolveGrid('quick'), GRID_50]) {
        const rows: { localSeconds: number; queuedSeconds: number[]; failed: number }[] = [];
        for (let round = 0; round < rounds; round++) {
          const l = await timeLocal(grid, realWorkerModule);
          const q: Timed[] = [];
          for (const shape of SHAPES) q.push(await timeQueued(grid, target, url, password, realWorkerModule, shape));
          rows.push({ localSeconds: l.seconds, queuedSeconds: q.map(t => t.seconds), failed: l.failed + q.reduce((n, t) => n + t.failed, 0) });
          log(`  ${grid.name} round ${round + 1}: local ${l.seconds.toFixed(1)} s, queued ` +
            SHAPES.map((shape, i) => `${shape.name} ${q[i].seconds.toFixed(1)} s (${(q[i].seconds / l.seconds).toFixed(3)}×)`).join(', '));
        }
        const queued = SHAPES.map((shape, i) => {
          const ratios = rows.map(r => r.queuedSeconds[i] / r.localSeconds);
          return {
            workers: shape.name, seconds: median(rows.map(r => r.queuedSeconds[i])),
            ratio: median(ratios), ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios),
          };
        });
        const runs = expandGrid(grid.grid).length;
        grids.push({ grid: grid.name, runs, rounds, localSeconds: median(rows.map(r => r.localSeconds)), queued, failed: rows.reduce((n, r) => n + r.failed, 0), perRound: rows });
        log(`${grid.name} (${runs} runs): local ${median(rows.map(r => r.localSeconds)).toFixed(1)} s; ` + queued.map(q =>
          `${q.workers} ${q.seconds.toFixed(1)} s, queued/local ${q.ratio.toFixed(3)} (${q.ratioMin.toFixed(3)}–${q.ratioMax.toFixed(3)})`).join('; '));
      }
      return { redis: version, trainingProcesses: 2, overhead, grids };
    } finally {
      redis.stop();
    }
  },
};
