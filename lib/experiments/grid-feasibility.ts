// Before a sweep starts: every run of the grid must be one today's generators can build and one that fits in the
// memory available, and the workers running at once must fit together. A grid with archs [[100000, 100000]] or
// batchSize 1e9 used to pass validation and then fail in every worker, one run at a time.
import { formatBytes } from '../base/format-bytes';
import type { TrainConfig } from '../train/config';
import { estimateRunMemory, runBuildProblem, runLabel, runMemoryProblem } from '../train/memory-estimate';

/** Why some run of the grid cannot run here (the first such run, numbered in grid order), or undefined. */
export function gridRunProblem(configs: readonly TrainConfig[], availableBytes: number): string | undefined {
  for (let i = 0; i < configs.length; i++) {
    const problem = runBuildProblem(configs[i]) ?? runMemoryProblem(configs[i], availableBytes);
    if (problem) return `run ${i + 1} of ${configs.length} (${runLabel(configs[i])}): ${problem}`;
  }
  return undefined;
}

/** The estimate of the grid's largest run: what one worker may need. */
export function largestRunBytes(configs: readonly TrainConfig[]): number {
  return configs.reduce((m, c) => Math.max(m, estimateRunMemory(c).bytes), 0);
}

export interface JobsChoice {
  jobs: number;
  /** Set when the default was lowered to fit in memory. */
  note?: string;
}

/**
 * How many workers to start: `requested` (explicit) must fit in memory with each worker holding the grid's largest
 * run, or a one-line reason is thrown; the default (undefined) is lowered to what fits, at least one.
 */
export function chooseJobs(requested: number | undefined, defaultJobs: number, pending: number, perWorkerBytes: number, availableBytes: number): JobsChoice {
  const want = Math.max(1, Math.min(requested ?? defaultJobs, pending));
  const fit = Math.max(1, Math.floor(availableBytes / Math.max(1, perWorkerBytes)));
  if (want <= fit) return { jobs: want };
  if (requested !== undefined) {
    throw new Error(`--jobs ${requested}: ${want} workers need about ${formatBytes(want * perWorkerBytes)} `
      + `(${formatBytes(perWorkerBytes)} each for this grid's largest run) but ${formatBytes(availableBytes)} is available; use --jobs ${fit} or fewer`);
  }
  return { jobs: fit, note: `${fit} worker(s) instead of ${want}: each needs about ${formatBytes(perWorkerBytes)} and ${formatBytes(availableBytes)} is available` };
}
