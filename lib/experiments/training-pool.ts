// A pool of training processes (child processes running a worker module, lib/experiments/worker.ts or a test fake)
// that takes runs one at a time and answers each with its record. Child processes, not worker threads: a stuck or
// crashing native kernel can be killed alone, and each process owns its thread pool. The local sweep runner hands
// it a whole grid; a queue worker hands it jobs as Redis gives them out. Processes are started as runs arrive (up
// to `jobs`), reused while runs keep coming, and replaced when one dies.
import { fork, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { EpochMetrics, RunRecord, TrainConfig } from '../train/config';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface PendingRun { key: string; config: TrainConfig }

export interface PoolOptions {
  /** Most processes at once. */
  jobs: number;
  /** A module that calls serveTraining(). */
  workerModule: string;
  onEpoch?: (key: string, metrics: EpochMetrics) => void;
  /** Extra environment variables for the processes (on top of this process's environment). */
  env?: Record<string, string>;
}

/** A run that threw, or whose process died; says when it started so a failed record can be written. */
export class RunFailedError extends Error {
  constructor(message: string, readonly startedAt: string, readonly seconds: number) { super(message); }
}

/** The worker module cannot serve at all (it exited before it was ready): every run would fail the same way. */
export class PoolBrokenError extends Error {}

// Workers are TypeScript files: load them through tsx, resolved from this package so any cwd works.
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;

interface Task {
  run: PendingRun;
  resolve: (record: RunRecord) => void;
  reject: (err: Error) => void;
  startedAt?: string;
  t0?: number;
}

interface Slot { child: ChildProcess; ready: boolean; task?: Task }

export class TrainingPool {
  private readonly waiting: Task[] = [];
  private readonly slots = new Set<Slot>();
  private readonly env: NodeJS.ProcessEnv;
  private broken?: PoolBrokenError;
  private stopping?: string;
  private closed?: () => void;

  constructor(private readonly opts: PoolOptions) {
    // Native kernels start one thread pool per process; with several processes, one thread each avoids oversubscription.
    this.env = { ...process.env, ...(opts.jobs > 1 ? { SPARSE_THREADS: '1' } : {}), ...opts.env };
  }

  /** Train one run: its record, or a RunFailedError (it threw or its process died), or the PoolBrokenError. */
  train(run: PendingRun): Promise<RunRecord> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.stopping !== undefined) return Promise.reject(new Error(`training pool ${this.stopping}`));
    return new Promise((resolve, reject) => {
      this.waiting.push({ run, resolve, reject });
      this.dispatch();
    });
  }

  /** Stop every process now; runs in flight and waiting fail with RunFailedError(`reason`). */
  kill(reason: string): void {
    this.stopping ??= reason;
    for (const task of this.waiting.splice(0)) task.reject(new RunFailedError(reason, new Date().toISOString(), 0));
    for (const slot of this.slots) slot.child.kill('SIGKILL');
  }

  /** Take no more runs, let the running ones finish, and resolve once every process has exited. */
  close(): Promise<void> {
    this.stopping ??= 'closed';
    return new Promise(resolve => {
      this.closed = resolve;
      for (const slot of this.slots) if (!slot.task && slot.child.connected) slot.child.disconnect();
      this.checkClosed();
    });
  }

  private checkClosed(): void {
    if (this.closed && this.slots.size === 0) this.closed();
  }

  /** Give waiting runs to idle processes, and start processes (up to `jobs`) for runs that no process will take. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.waiting.length === 0) break;
      if (slot.ready && !slot.task) this.assign(slot, this.waiting.shift()!);
    }
    const starting = [...this.slots].filter(s => !s.ready).length;
    for (let n = this.waiting.length - starting; n > 0 && this.slots.size < this.opts.jobs; n--) this.start();
  }

  private assign(slot: Slot, task: Task): void {
    slot.task = task;
    task.startedAt = new Date().toISOString();
    task.t0 = Date.now();
    slot.child.send({ type: 'run', key: task.run.key, config: task.run.config } satisfies ToWorker);
  }

  private start(): void {
    const child = fork(this.opts.workerModule, [], {
      execArgv: ['--import', tsxLoader],
      env: this.env,
      stdio: ['ignore', 2, 'inherit', 'ipc'], // worker chatter goes to stderr: stdout is for tables and --json
    });
    const slot: Slot = { child, ready: false };
    this.slots.add(slot);
    child.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    child.on('error', err => {
      this.slots.delete(slot);
      this.breakPool(`worker ${this.opts.workerModule} could not start: ${err.message}`);
      this.checkClosed();
    });
    child.on('exit', (code, signal) => this.onExit(slot, signal ? `signal ${signal}` : `code ${code}`));
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'ready') {
      slot.ready = true;
      if (this.stopping !== undefined && slot.child.connected) slot.child.disconnect();
      else this.dispatch();
      return;
    }
    const task = slot.task;
    if (!task || msg.key !== task.run.key) return;
    if (msg.type === 'epoch') { this.opts.onEpoch?.(msg.key, msg.metrics); return; }
    slot.task = undefined;
    if (msg.type === 'failed') task.reject(this.failure(task, msg.error));
    else task.resolve(msg.record);
    if (this.stopping !== undefined) { if (slot.child.connected) slot.child.disconnect(); } else this.dispatch();
  }

  private failure(task: Task, error: string): RunFailedError {
    return new RunFailedError(error, task.startedAt ?? new Date().toISOString(), (Date.now() - (task.t0 ?? Date.now())) / 1000);
  }

  private onExit(slot: Slot, how: string): void {
    this.slots.delete(slot);
    if (slot.task) { slot.task.reject(this.failure(slot.task, this.stopping ?? `worker process died (${how}) during the run`)); slot.task = undefined; }
    if (!slot.ready && this.stopping === undefined) this.breakPool(`worker ${this.opts.workerModule} exited (${how}) before it was ready`);
    else if (this.stopping === undefined) this.dispatch(); // replace it: the pool must not shrink while runs wait
    this.checkClosed();
  }

  private breakPool(message: string): void {
    if (this.broken) return;
    this.broken = new PoolBrokenError(message);
    for (const task of this.waiting.splice(0)) task.reject(this.broken);
    this.kill(message);
  }
}
