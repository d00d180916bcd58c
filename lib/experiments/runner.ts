// Runs training configs in a pool of child processes (one per core by default). Child processes, not worker
// threads: a stuck or crashing native kernel can be killed alone, and each process owns its thread pool.
// The parent hands out one config at a time and gets every result back over IPC, so it alone writes results.
import { fork, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { EpochMetrics, RunRecord, TrainConfig } from '../train/config';
import { failedRecord } from './result-store';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface PendingRun { key: string; config: TrainConfig }

export interface RunnerProgress {
  done: number;
  total: number;
  failed: number;
  /** The run that just finished. */
  key: string;
  record: RunRecord;
}

export interface RunnerOptions {
  /** Worker processes (default os.availableParallelism(), never more than the runs). */
  jobs?: number;
  /** A module that calls serveTraining(): lib/experiments/worker.ts for the real trainer, a fake in tests. */
  workerModule: string;
  /** Called in the parent for each finished run (ok or failed), in arrival order; a throw stops the pool. */
  onResult: (key: string, record: RunRecord) => void;
  onProgress?: (progress: RunnerProgress) => void;
  onEpoch?: (key: string, metrics: EpochMetrics) => void;
  /** Extra environment variables for the workers (on top of this process's environment). */
  env?: Record<string, string>;
}

export const defaultJobs = () => os.availableParallelism();

// Workers are TypeScript files: load them through tsx, resolved from this package so any cwd works.
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;

/**
 * Train every run, `jobs` at a time. A run that throws, or whose worker process dies, is reported as a 'failed'
 * record (and a dead worker is replaced); neither stops the others. A worker that dies before it is ready (a
 * broken worker module or environment) rejects the whole call, as does a throw from onResult.
 */
export function runInWorkers(runs: PendingRun[], opts: RunnerOptions): Promise<{ ran: number; failed: number }> {
  const jobs = Math.min(opts.jobs ?? defaultJobs(), runs.length);
  // Native kernels start one thread pool per process; with several processes, one thread each avoids oversubscription.
  const env = { ...process.env, ...(jobs > 1 ? { SPARSE_THREADS: '1' } : {}), ...opts.env };
  return new Promise((resolve, reject) => {
    let next = 0, done = 0, failed = 0, settled = false;
    const children = new Set<ChildProcess>();
    const settle = (err?: unknown) => {
      if (settled) return;
      if (err !== undefined) {
        settled = true;
        for (const child of children) child.kill();
        reject(err);
      } else if (done === runs.length && children.size === 0) {
        settled = true;
        resolve({ ran: done, failed });
      }
    };
    const finish = (run: PendingRun, record: RunRecord) => {
      done++;
      if (record.status !== 'ok') failed++;
      opts.onResult(run.key, record);
      opts.onProgress?.({ done, total: runs.length, failed, key: run.key, record });
    };
    const startWorker = () => {
      const child = fork(opts.workerModule, [], {
        execArgv: ['--import', tsxLoader],
        env,
        stdio: ['ignore', 2, 'inherit', 'ipc'], // worker chatter goes to stderr: stdout is for tables and --json
      });
      children.add(child);
      let ready = false;
      let current: { run: PendingRun; startedAt: string; t0: number } | undefined;
      const giveNext = () => {
        current = undefined;
        if (settled || next >= runs.length) { if (child.connected) child.disconnect(); return; }
        const run = runs[next++];
        current = { run, startedAt: new Date().toISOString(), t0: Date.now() };
        child.send({ type: 'run', key: run.key, config: run.config } satisfies ToWorker);
      };
      const failCurrent = (error: string) => {
        if (!current) return;
        const { run, startedAt, t0 } = current;
        current = undefined;
        finish(run, failedRecord(run.config, error, (Date.now() - t0) / 1000, startedAt));
      };
      child.on('message', (msg: FromWorker) => {
        try {
          if (msg.type === 'ready') { ready = true; giveNext(); return; }
          if (!current || msg.key !== current.run.key) return;
          if (msg.type === 'epoch') { opts.onEpoch?.(msg.key, msg.metrics); return; }
          if (msg.type === 'failed') failCurrent(msg.error);
          else { const run = current.run; current = undefined; finish(run, msg.record); }
          giveNext();
        } catch (err) { settle(err); }
      });
      child.on('error', err => settle(err));
      child.on('exit', (code, signal) => {
        children.delete(child);
        if (settled) return;
        const how = signal ? `signal ${signal}` : `code ${code}`;
        if (!ready) { settle(new Error(`worker ${opts.workerModule} exited (${how}) before it was ready`)); return; }
        try { failCurrent(`worker process died (${how}) during the run`); } catch (err) { settle(err); return; }
        if (next < runs.length) startWorker(); // replace it: the pool must not shrink while runs remain
        settle();
      });
    };
    if (jobs === 0) { settle(); return; }
    for (let i = 0; i < jobs; i++) startWorker();
  });
}
