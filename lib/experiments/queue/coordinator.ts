// The coordinator of a queued sweep: queues the grid's pending runs (syncQueue), then follows the queue until every
// one of them has finished, appending each record to the sweep's usual append-only store exactly once. It alone
// writes the store (under the store's lock, as a local sweep does). Killing it loses nothing: finished jobs keep their
// records in Redis, and its rerun collects them without training them again.
import { Queue, QueueEvents } from 'bullmq';
import type { Lock } from '../../base/pid-lock';
import { progressBar } from '../../base/progress-bar';
import type { RedisTarget } from '../../base/redis-url';
import type { RunRecord } from '../../train/config';
import { storedResultProblem } from '../record-check';
import { failedRecord, finishedKeys, loadResults, openResultStore } from '../result-store';
import { lockResultStore } from '../store-lock';
import type { SweepPlan, SweepReport } from '../sweep';
import type { PendingRun } from '../training-pool';
import { sameCode, thisCodeVersion } from './code-version';
import { bullConnection, sideClient } from './connection';
import { replaceJob, syncQueue } from './enqueue';
import { readRefusals } from './refusals';
import { QUEUE_NAME, queueWorkers } from './sweep-jobs';

export interface QueuedSweepOptions {
  /** The result store's lock, when the caller took it; otherwise taken here and released at the end. */
  lock?: Lock;
  /** Tries per run (the first included) before a run that throws is stored as failed. */
  attempts: number;
  showProgress?: boolean;
  /** Notes for the user (workers that refuse, runs held by other code); stderr in the CLI. */
  log?: (line: string) => void;
  onProgress?: (progress: QueuedProgress) => void;
  /** How often the coordinator looks at the queue beside its events (workers, refusals, missed events). */
  pollMs?: number;
}

export interface QueuedProgress {
  done: number;
  total: number;
  failed: number;
  /** Workers connected to the queue now, and all seen since the sweep started. */
  workers: number;
  workersSeen: number;
}

export interface QueuedSweepReport extends SweepReport {
  queue: string;
  /** Jobs added to the queue (new runs), and jobs replaced (failed before, or queued by other code). */
  added: number;
  replaced: number;
  /** Runs that had finished in the queue before this coordinator started (collected, not trained again). */
  collectedAtStart: number;
  /** Distinct workers (host:pid) seen serving the queue while this sweep ran. */
  workersSeen: number;
}

/** Every so many polls, every outstanding run's state is read (events can be missed across a reconnection). */
const SCAN_EVERY_POLLS = 10;

export async function runQueuedSweep(plan: SweepPlan, target: RedisTarget, opts: QueuedSweepOptions): Promise<QueuedSweepReport> {
  const lock = opts.lock ?? lockResultStore(plan.resultsFile);
  const log = opts.log ?? (() => {});
  const code = thisCodeVersion();
  const connection = bullConnection(target);
  const queue = new Queue(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  const side = sideClient(target);
  side.on('error', () => { /* the queue's connection reports it */ });
  const startedAt = new Date().toISOString();
  const finished = finishedKeys(loadResults(plan.resultsFile));
  const pending = plan.runs.filter(r => !finished.has(r.key));
  const outstanding = new Map<string, PendingRun>(pending.map(r => [r.key, r]));
  const total = outstanding.size;
  const store = openResultStore(plan.resultsFile);
  const workersSeen = new Set<string>();
  const refusalsShown = new Set<string>();
  let done = 0, failed = 0, workersNow = 0;
  let fatal: unknown;
  /** Ends the wait between two looks at the queue early: the last run is in, or storing failed. */
  let wakeUp = () => {};
  const bar = opts.showProgress && total > 0 ? progressBar('sweep', total, 'runs') : undefined;
  const progress = () => {
    bar?.update(done, { failed, workers: workersNow, seen: workersSeen.size });
    opts.onProgress?.({ done, total, failed, workers: workersNow, workersSeen: workersSeen.size });
  };

  /** Store the run's record if its job has finished; jobs of other code are queued again instead. */
  const take = async (key: string): Promise<void> => {
    const run = outstanding.get(key);
    if (!run) return;
    const job = await queue.getJob(key);
    if (!job) { await replaceJob(queue, undefined, run, code, opts.attempts); return; } // removed by hand: queue it again
    const state = await job.getState();
    if (state !== 'completed' && state !== 'failed') return;
    if (!sameCode(job.data?.code, code)) { await replaceJob(queue, job, run, code, opts.attempts); return; }
    const seconds = job.finishedOn && job.processedOn ? (job.finishedOn - job.processedOn) / 1000 : 0;
    const began = new Date(job.processedOn ?? Date.now()).toISOString();
    let record: RunRecord;
    if (state === 'failed') {
      record = failedRecord(run.config, `${job.failedReason} (tried ${job.attemptsMade} time${job.attemptsMade === 1 ? '' : 's'})`, seconds, began);
    } else {
      const problem = storedResultProblem({ key, finishedAt: startedAt, record: job.returnvalue });
      record = problem ? failedRecord(run.config, `the worker returned an unusable record: ${problem}`, seconds, began) : job.returnvalue as RunRecord;
    }
    outstanding.delete(key);
    store.append(key, record);
    done++;
    if (record.status !== 'ok') failed++;
    progress();
    if (outstanding.size === 0) wakeUp();
  };
  // One take at a time, so an event and a scan arriving together cannot store a run twice.
  let chain = Promise.resolve();
  const collect = (key: string) => {
    chain = chain.then(() => (fatal === undefined ? take(key) : undefined)).catch(err => { fatal ??= err; wakeUp(); });
    return chain;
  };

  const look = async (scan: boolean) => {
    if (scan) for (const key of [...outstanding.keys()]) void collect(key);
    const workers = await queueWorkers(queue);
    workersNow = workers.length;
    for (const w of workers) workersSeen.add(w);
    for (const [worker, line] of Object.entries(await readRefusals(side))) {
      const [when, ...rest] = line.split(' ');
      const said = `worker ${worker} ${rest.join(' ')}`;
      if (when >= startedAt && !refusalsShown.has(said)) { refusalsShown.add(said); log(said); }
    }
    progress();
  };

  try {
    store.checkWritable();
    events.on('completed', ({ jobId }) => void collect(jobId));
    events.on('failed', ({ jobId }) => void collect(jobId));
    await events.waitUntilReady(); // listening before the queue is read, so no run can finish unseen in between
    const sync = await syncQueue(queue, pending, code, opts.attempts);
    if (sync.foreignActive.length) {
      log(`${sync.foreignActive.length} run(s) are being trained by workers of other code; each is queued again when it finishes`);
    }
    for (const key of sync.finished) void collect(key);
    await chain;
    const collectedAtStart = done;
    for (let poll = 1; outstanding.size > 0 && fatal === undefined; poll++) {
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, opts.pollMs ?? 1000);
        wakeUp = () => { clearTimeout(timer); resolve(); };
      });
      if (outstanding.size > 0) await look(poll % SCAN_EVERY_POLLS === 0);
    }
    await chain;
    if (fatal !== undefined) throw fatal;
    return {
      preset: plan.name, total: plan.runs.length, skipped: plan.runs.length - total, ran: done, failed,
      resultsFile: plan.resultsFile, warnings: plan.warnings, queue: target.shown,
      added: sync.added, replaced: sync.replaced, collectedAtStart, workersSeen: workersSeen.size,
    };
  } finally {
    bar?.stop();
    await events.close();
    await queue.close();
    side.disconnect();
    if (!opts.lock) lock.release();
  }
}
