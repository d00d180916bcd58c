// Bringing the queue in line with a sweep's pending runs (the ones its store does not hold as 'ok'): each run's job
// is added if missing, left alone if it is waiting or running, collected if it finished with this code, and
// replaced if it failed (a rerun retries failures, as a local sweep does) or was queued by other code.
import type { Job, Queue } from 'bullmq';
import type { PendingRun } from '../training-pool';
import { sameCode, type CodeVersion } from './code-version';
import { jobOptions, type SweepJobData } from './sweep-jobs';

export interface QueueSync {
  /** Keys whose job finished with this code: their records are in Redis, to be stored. */
  finished: string[];
  /** Keys now waiting, delayed or running in the queue. */
  queued: string[];
  added: number;
  /** Jobs of failed runs, or of other code, removed and added again. */
  replaced: number;
  /** Keys being trained right now by a worker of other code: replaced when that worker finishes. */
  foreignActive: string[];
}

const BATCH = 200;

export function newJob(run: PendingRun, code: CodeVersion, attempts: number) {
  return { name: 'run', data: { key: run.key, config: run.config, code } satisfies SweepJobData, opts: jobOptions(run.key, attempts) };
}

/** Add the run's job, first removing the given one (failed, or of other code); false if it was locked meanwhile. */
export async function replaceJob(queue: Queue, job: Job | undefined, run: PendingRun, code: CodeVersion, attempts: number): Promise<boolean> {
  if (job) {
    try { await job.remove(); } catch { return false; } // a worker took it just now: it is running
  }
  const { name, data, opts } = newJob(run, code, attempts);
  await queue.add(name, data, opts);
  return true;
}

export async function syncQueue(queue: Queue, runs: PendingRun[], code: CodeVersion, attempts: number): Promise<QueueSync> {
  const sync: QueueSync = { finished: [], queued: [], added: 0, replaced: 0, foreignActive: [] };
  const toAdd: PendingRun[] = [];
  for (let i = 0; i < runs.length; i += BATCH) {
    const batch = runs.slice(i, i + BATCH);
    const jobs = await Promise.all(batch.map(r => queue.getJob(r.key) as Promise<Job<SweepJobData> | undefined>));
    const states = await Promise.all(jobs.map(j => j?.getState() ?? 'missing'));
    for (let b = 0; b < batch.length; b++) {
      const run = batch[b], job = jobs[b], state = states[b];
      if (!job || state === 'missing' || state === 'unknown') { toAdd.push(run); continue; }
      const ours = sameCode(job.data?.code, code);
      if (state === 'active') (ours ? sync.queued : sync.foreignActive).push(run.key);
      else if (state === 'completed' && ours) sync.finished.push(run.key);
      else if (state !== 'failed' && state !== 'completed' && ours) sync.queued.push(run.key);
      else if (await replaceJob(queue, job, run, code, attempts)) { sync.replaced++; sync.queued.push(run.key); }
      else (ours ? sync.queued : sync.foreignActive).push(run.key); // it was taken by a worker while we looked
    }
  }
  for (let i = 0; i < toAdd.length; i += BATCH) {
    await queue.addBulk(toAdd.slice(i, i + BATCH).map(r => newJob(r, code, attempts)));
  }
  sync.added = toAdd.length;
  sync.queued.push(...toAdd.map(r => r.key));
  return sync;
}
