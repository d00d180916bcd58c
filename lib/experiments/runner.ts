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
  return new Promise((resolve, reject) => new WorkerPool(runs, opts, resolve, reject).start());
}

/** The pool behind runInWorkers: hands out runs, collects records, replaces workers that die. */
class WorkerPool {
  private next = 0;
  private done = 0;
  private failed = 0;
  private settled = false;
  private readonly children = new Set<ChildProcess>();
  private readonly jobs: number;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly runs: PendingRun[], private readonly opts: RunnerOptions,
    private readonly resolve: (r: { ran: number; failed: number }) => void, private readonly reject: (err: unknown) => void) {
    this.jobs = Math.min(opts.jobs ?? defaultJobs(), runs.length);
    // Native kernels start one thread pool per process; with several processes, one thread each avoids oversubscription.
    this.env = { ...process.env, ...(this.jobs > 1 ? { SPARSE_THREADS: '1' } : {}), ...opts.env };
  }

  start(): void {
    if (this.jobs === 0) { this.settle(); return; }
    for (let i = 0; i < this.jobs; i++) this.startWorker();
  }

  /** Resolve once every run is in and every worker gone; reject (killing the workers) on the first error. */
  private settle(err?: unknown): void {
    if (this.settled) return;
    if (err !== undefined) {
      this.settled = true;
      for (const child of this.children) child.kill();
      this.reject(err);
    } else if (this.done === this.runs.length && this.children.size === 0) {
      this.settled = true;
      this.resolve({ ran: this.done, failed: this.failed });
    }
  }

  private finish(run: PendingRun, record: RunRecord): void {
    this.done++;
    if (record.status !== 'ok') this.failed++;
    this.opts.onResult(run.key, record);
    this.opts.onProgress?.({ done: this.done, total: this.runs.length, failed: this.failed, key: run.key, record });
  }

  private startWorker(): void {
    const child = fork(this.opts.workerModule, [], {
      execArgv: ['--import', tsxLoader],
      env: this.env,
      stdio: ['ignore', 2, 'inherit', 'ipc'], // worker chatter goes to stderr: stdout is for tables and --json
    });
    this.children.add(child);
    const worker = { child, ready: false, current: undefined as { run: PendingRun; startedAt: string; t0: number } | undefined };
    child.on('message', (msg: FromWorker) => {
      try { this.onMessage(worker, msg); } catch (err) { this.settle(err); }
    });
    child.on('error', err => this.settle(err));
    child.on('exit', (code, signal) => this.onExit(worker, signal ? `signal ${signal}` : `code ${code}`));
  }

  private giveNext(worker: Worker): void {
    worker.current = undefined;
    if (this.settled || this.next >= this.runs.length) { if (worker.child.connected) worker.child.disconnect(); return; }
    const run = this.runs[this.next++];
    worker.current = { run, startedAt: new Date().toISOString(), t0: Date.now() };
    worker.child.send({ type: 'run', key: run.key, config: run.config } satisfies ToWorker);
  }

  private failCurrent(worker: Worker, error: string): void {
    if (!worker.current) return;
    const { run, startedAt, t0 } = worker.current;
    worker.current = undefined;
    this.finish(run, failedRecord(run.config, error, (Date.now() - t0) / 1000, startedAt));
  }

  private onMessage(worker: Worker, msg: FromWorker): void {
    if (msg.type === 'ready') { worker.ready = true; this.giveNext(worker); return; }
    if (!worker.current || msg.key !== worker.current.run.key) return;
    if (msg.type === 'epoch') { this.opts.onEpoch?.(msg.key, msg.metrics); return; }
    if (msg.type === 'failed') this.failCurrent(worker, msg.error);
    else { const run = worker.current.run; worker.current = undefined; this.finish(run, msg.record); }
    this.giveNext(worker);
  }

  private onExit(worker: Worker, how: string): void {
    this.children.delete(worker.child);
    if (this.settled) return;
    if (!worker.ready) { this.settle(new Error(`worker ${this.opts.workerModule} exited (${how}) before it was ready`)); return; }
    try { this.failCurrent(worker, `worker process died (${how}) during the run`); } catch (err) { this.settle(err); return; }
    if (this.next < this.runs.length) this.startWorker(); // replace it: the pool must not shrink while runs remain
    this.settle();
  }
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  current: { run: PendingRun; startedAt: string; t0: number } | undefined;
}
