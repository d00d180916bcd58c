// `npm run sweep -- --queue URL --status`: what the queue holds and who serves it, and for a grid, where each of its
// runs is (stored, waiting, running, finished but not yet collected, failed).
import { Queue } from 'bullmq';
import type { RedisTarget } from '../../base/redis-url';
import { finishedKeys, loadResults } from '../result-store';
import type { SweepPlan } from '../sweep';
import { bullConnection } from './connection';
import { QUEUE_NAME, queueWorkers } from './sweep-jobs';

const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'] as const;

export interface QueueStatus {
  queue: string;
  counts: Record<string, number>;
  workers: string[];
  grid?: { preset: string; total: number; stored: number; inQueue: Record<string, number>; notQueued: number };
}

export async function queueStatus(target: RedisTarget, plan?: SweepPlan): Promise<QueueStatus> {
  const queue = new Queue(QUEUE_NAME, { connection: bullConnection(target) });
  try {
    const counts = await queue.getJobCounts(...STATES);
    const workers = await queueWorkers(queue);
    const status: QueueStatus = { queue: target.shown, counts, workers };
    if (plan) {
      const stored = finishedKeys(loadResults(plan.resultsFile));
      const inQueue: Record<string, number> = {};
      let notQueued = 0;
      const unstored = plan.runs.filter(r => !stored.has(r.key));
      for (const run of unstored) {
        const job = await queue.getJob(run.key);
        const state = job ? await job.getState() : undefined;
        if (state && state !== 'unknown') inQueue[state] = (inQueue[state] ?? 0) + 1;
        else notQueued++;
      }
      status.grid = { preset: plan.name, total: plan.runs.length, stored: plan.runs.length - unstored.length, inQueue, notQueued };
    }
    return status;
  } finally {
    await queue.close();
  }
}

export function formatQueueStatus(s: QueueStatus): string[] {
  const lines = [
    `queue ${QUEUE_NAME} at ${s.queue}: ${STATES.map(k => `${s.counts[k] ?? 0} ${k}`).join(', ')}`,
    `workers (${s.workers.length}): ${s.workers.join(', ') || 'none'}`,
  ];
  if (s.grid) {
    const where = Object.entries(s.grid.inQueue).map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(`grid '${s.grid.preset}': ${s.grid.total} runs, ${s.grid.stored} stored as ok` +
      `${where ? `, ${where}` : ''}${s.grid.notQueued ? `, ${s.grid.notQueued} not queued` : ''}`);
  }
  return lines;
}
