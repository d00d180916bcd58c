// Runs a list of training configs in a pool of training processes (one per core by default) and reports every
// record back to the parent, which alone writes results.
import * as os from 'node:os';
import type { EpochMetrics, RunRecord } from '../train/config';
import { failedRecord } from './result-store';
import { PoolBrokenError, RunFailedError, TrainingPool, type PendingRun } from './training-pool';

export type { PendingRun } from './training-pool';

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

/**
 * Train every run, `jobs` at a time. A run that throws, or whose worker process dies, is reported as a 'failed'
 * record (and a dead worker is replaced); neither stops the others. A worker that dies before it is ready (a
 * broken worker module or environment) rejects the whole call, as does a throw from onResult.
 */
export async function runInWorkers(runs: PendingRun[], opts: RunnerOptions): Promise<{ ran: number; failed: number }> {
  const jobs = Math.min(opts.jobs ?? defaultJobs(), runs.length);
  if (jobs === 0) return { ran: 0, failed: 0 };
  const pool = new TrainingPool({ jobs, workerModule: opts.workerModule, onEpoch: opts.onEpoch, env: opts.env });
  let done = 0, failed = 0, stopped = false;
  const finish = (run: PendingRun, record: RunRecord) => {
    if (stopped) return;
    done++;
    if (record.status !== 'ok') failed++;
    opts.onResult(run.key, record);
    opts.onProgress?.({ done, total: runs.length, failed, key: run.key, record });
  };
  const trainOne = (run: PendingRun) => pool.train(run).then(
    record => finish(run, record),
    (err: Error) => {
      if (!(err instanceof RunFailedError) || stopped) throw err;
      finish(run, failedRecord(run.config, err.message, err.seconds, err.startedAt));
    });
  try {
    await Promise.all(runs.map(run => trainOne(run).catch(err => {
      stopped = true;
      throw err;
    })));
  } catch (err) {
    pool.kill(err instanceof PoolBrokenError ? err.message : 'stopped');
    await pool.close();
    throw err;
  }
  await pool.close();
  return { ran: done, failed };
}
