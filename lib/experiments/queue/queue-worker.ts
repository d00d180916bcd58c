// A queue worker: takes sweep jobs from Redis (BullMQ), trains each in the same pool of training processes a local
// sweep uses, and returns the record as the job's result. Its own event loop does no training, so its job locks
// keep being renewed however long a run takes; when a worker dies, its locks lapse and another worker's stalled-job
// check gives its runs out again. Stopping on purpose (a signal) puts its runs back in the queue at once.
import { DelayedError, Queue, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import * as os from 'node:os';
import type { RunRecord } from '../../train/config';
import { PoolBrokenError, TrainingPool } from '../training-pool';
import type { RedisTarget } from '../../base/redis-url';
import { describeCode, sameCode, thisCodeVersion } from './code-version';
import { bullConnection, sideClient } from './connection';
import { QUEUE_NAME, jobDataProblem, type SweepJobData } from './sweep-jobs';
import { recordRefusal } from './refusals';

export interface QueueWorkerOptions {
  /** Runs trained at once (training processes). */
  jobs: number;
  /** A module that calls serveTraining(): lib/experiments/worker.ts, or a fake in tests. */
  workerModule: string;
  /** A job whose worker has not renewed its lock for this long is given to another worker. */
  lockSeconds: number;
  /** Stop once the queue, after it had work, has had nothing waiting or running for this long (undefined: serve until stopped). */
  idleExitSeconds?: number;
  /** Memory a run may use here: bigger runs fail at once instead of being trained. */
  availableBytes: number;
  log: (line: string) => void;
}

export interface QueueWorkerReport {
  name: string;
  trained: number;
  /** Tries that threw (each is retried by some worker until the job's attempts are used up). */
  failedTries: number;
  /** Jobs refused because other code queued them (each put aside and counted every time it is seen). */
  refused: number;
  /** Why it stopped: 'signal', 'idle', or a broken worker module or lost queue (then `ok` is false). */
  stoppedBy: string;
  ok: boolean;
}

export interface QueueWorkerHandle {
  /** Resolves when the worker has stopped and handed back or finished every job it held. */
  done: Promise<QueueWorkerReport>;
  /** Stop now: runs in flight are killed and go back to the queue for another worker. */
  stop(reason: string): void;
}

/** How long a refused job (queued by other code) is put aside before any worker looks at it again. */
const REFUSAL_DELAY_MS = 5000;

/** How many times a job may lose its worker (a crash, a SIGKILL) before it is failed: bounded, never endless. */
const MAX_STALLS = 2;

export function startQueueWorker(target: RedisTarget, opts: QueueWorkerOptions): QueueWorkerHandle {
  const name = `${os.hostname()}:${process.pid}`;
  const mine = thisCodeVersion();
  const pool = new TrainingPool({ jobs: opts.jobs, workerModule: opts.workerModule });
  const connection = bullConnection(target);
  const side = sideClient(target);
  side.on('error', () => { /* the worker's own connection reports it */ });
  let trained = 0, failedTries = 0, refused = 0;
  const refusedCodes = new Set<string>();
  let stopped: { reason: string; ok: boolean } | undefined;
  // When the queue last had work, seen in its counts or in a job this worker took: --idle-exit counts from there,
  // never from the start, so workers started before their sweep wait for it.
  let busyAt: number | undefined;

  const giveBack = async (job: Job, token: string | undefined): Promise<never> => {
    await job.moveToWait(token);
    throw new WaitingError();
  };

  const processor = async (job: Job<SweepJobData, RunRecord>, token?: string): Promise<RunRecord> => {
    busyAt = Date.now();
    if (stopped) return giveBack(job, token);
    const data = job.data;
    if (!sameCode(data?.code, mine)) {
      const theirs = describeCode(data?.code);
      const why = `refuses runs queued by ${theirs}: it runs ${describeCode(mine)}; to train them, check out that commit there and run npm ci`;
      if (!refusedCodes.has(theirs)) { refusedCodes.add(theirs); opts.log(`this worker ${why} (first: run ${job.id})`); }
      await recordRefusal(side, name, why).catch(() => { /* said on this host anyway */ });
      refused++;
      // Put it aside for a while, not back at the head of the queue: this worker would take it again at once.
      await job.moveToDelayed(Date.now() + REFUSAL_DELAY_MS, token);
      throw new DelayedError();
    }
    const problem = jobDataProblem(data, opts.availableBytes);
    if (problem) {
      opts.log(`run ${job.id} cannot be trained here, failed without retries: ${problem}`);
      throw new UnrecoverableError(problem);
    }
    const t0 = Date.now();
    try {
      const record = await pool.train({ key: data.key, config: data.config });
      trained++;
      opts.log(`trained ${data.key} in ${((Date.now() - t0) / 1000).toFixed(1)} s` +
        (record.status === 'ok' ? `: test accuracy ${record.testAccuracy.toFixed(4)}` : ''));
      return record;
    } catch (err) {
      if (err instanceof PoolBrokenError) finish(err.message, false, 'now');
      if (stopped) return giveBack(job, token);
      failedTries++;
      opts.log(`run ${data.key} failed (try ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}): ${(err as Error).message}`);
      throw err;
    }
  };

  const worker = new Worker<SweepJobData, RunRecord>(QUEUE_NAME, processor, {
    connection, concurrency: opts.jobs, name, autorun: false,
    lockDuration: opts.lockSeconds * 1000, stalledInterval: opts.lockSeconds * 1000, maxStalledCount: MAX_STALLS,
  });
  let lastError = '';
  worker.on('error', err => {
    if (err.message !== lastError) opts.log(`Redis: ${err.message} (retrying)`);
    lastError = err.message;
  });

  let idleTimer: NodeJS.Timeout | undefined;
  const counts = opts.idleExitSeconds === undefined ? undefined : new Queue(QUEUE_NAME, { connection });
  if (counts) {
    idleTimer = setInterval(() => {
      counts.getJobCounts('waiting', 'active', 'delayed', 'prioritized').then(c => {
        if (Object.values(c).some(n => n > 0)) busyAt = Date.now();
        else if (busyAt !== undefined && Date.now() - busyAt >= opts.idleExitSeconds! * 1000) finish('idle', true, 'graceful');
      }, () => { /* Redis away: not idle */ });
    }, 500);
  }

  let resolveDone!: (r: QueueWorkerReport) => void;
  const done = new Promise<QueueWorkerReport>(resolve => { resolveDone = resolve; });

  /** Stop taking jobs; 'now' kills runs in flight (their jobs go back to the queue), 'graceful' lets them finish. */
  function finish(reason: string, ok: boolean, how: 'now' | 'graceful'): void {
    if (!stopped) stopped = { reason, ok };
    if (idleTimer) clearInterval(idleTimer);
    if (how === 'now') pool.kill(`worker stopping (${reason})`);
    void closeAll();
  }

  let closing: Promise<void> | undefined;
  function closeAll(): Promise<void> {
    closing ??= (async () => {
      await worker.close();
      await pool.close();
      await counts?.close();
      side.disconnect();
      resolveDone({ name, trained, failedTries, refused, stoppedBy: stopped!.reason, ok: stopped!.ok });
    })();
    return closing;
  }

  worker.run().catch(err => {
    opts.log(`worker stopped: ${(err as Error).message}`);
    finish((err as Error).message, false, 'now');
  });
  return { done, stop: reason => finish(reason, true, 'now') };
}
