// What a queued sweep puts into Redis: one BullMQ job per run on one queue, the run key as the job id (so enqueueing
// a run twice creates nothing new, and two grids sharing a run share its job), the run's config and the code that
// must train it. Finished jobs stay in Redis with their record: a coordinator that died collects them on its rerun.
import type { JobsOptions, Queue } from 'bullmq';
import { validateTrainConfig } from '../../train/validate-config';
import type { TrainConfig } from '../../train/config';
import { runBuildProblem, runMemoryProblem } from '../../train/memory-estimate';
import { runKey } from '../run-key';
import type { CodeVersion } from './code-version';

export const QUEUE_NAME = 'sparse-sweep';

export interface SweepJobData {
  key: string;
  config: TrainConfig;
  code: CodeVersion;
}

/** How often a run that throws is tried in all (the first try included) before it is stored as failed. */
export const DEFAULT_ATTEMPTS = 3;

export function jobOptions(key: string, attempts: number): JobsOptions {
  return {
    jobId: key, attempts, backoff: { type: 'fixed', delay: 1000 },
    removeOnComplete: false, removeOnFail: false,
  };
}

/**
 * Why a worker must not train this job's data (it came from Redis, so from anyone who can write there), or undefined:
 * the fields are there, the key is the config's own run key, and the run can be built and fit in `availableBytes`.
 * The code version is compared separately: a job of other code is refused, not failed.
 */
export function jobDataProblem(data: unknown, availableBytes: number): string | undefined {
  if (data === null || typeof data !== 'object') return 'the job holds no run';
  const { key, config, code } = data as Partial<SweepJobData>;
  if (typeof key !== 'string' || !/^[0-9a-f]{16}$/.test(key)) return 'the job has no run key';
  if (code === null || typeof code !== 'object') return 'the job does not say which code must train it';
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return 'the job has no config';
  try {
    validateTrainConfig(config);
    if (runKey(config) !== key) return `the job's key ${key} is not its config's run key ${runKey(config)}`;
  } catch (err) {
    return `the job's config is invalid: ${(err as Error).message}`;
  }
  return runBuildProblem(config) ?? runMemoryProblem(config, availableBytes);
}

/** The names (host:pid) of the workers connected to the queue now; BullMQ keeps each in its connection's name. */
export async function queueWorkers(queue: Queue): Promise<string[]> {
  const clients = await queue.getWorkers();
  const names = clients.map(c => /:w:(.+)$/.exec(c.rawname ?? '')?.[1]).filter((n): n is string => n !== undefined);
  return [...new Set(names)].sort();
}
