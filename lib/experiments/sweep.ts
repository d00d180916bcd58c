// A sweep end to end: expand the grid, skip runs already stored as 'ok', train the rest in worker processes and
// append each result as it arrives. Rerunning the same sweep resumes it; runs stored as 'failed' are retried.
import * as path from 'node:path';
import { progressBar } from '../base/progress-bar';
import type { EpochMetrics } from '../train/config';
import { expandGrid } from './grid';
import type { ResolvedGrid } from './presets';
import { finishedKeys, loadResults, openResultStore, resultsFileFor } from './result-store';
import { runKey } from './run-key';
import { runInWorkers, type PendingRun, type RunnerProgress } from './runner';
import { lockResultStore } from './store-lock';
import type { Lock } from '../base/pid-lock';

export interface SweepPlan {
  name: string;
  resultsFile: string;
  /** Every run of the grid, in grid order. */
  runs: PendingRun[];
  /** The runs not yet stored as 'ok'. */
  pending: PendingRun[];
  /** Problems met reading the existing results file (skipped lines). */
  warnings: string[];
}

export interface SweepOptions {
  jobs?: number;
  /** The result store's lock, when the caller took it (before planning); otherwise runSweep takes it. */
  lock?: Lock;
  /** Defaults to lib/experiments/worker.ts (the real trainer). */
  workerModule?: string;
  /** Draw a progress bar on stderr (the CLI does; notebooks usually pass onProgress instead). */
  showProgress?: boolean;
  onProgress?: (progress: RunnerProgress) => void;
  onEpoch?: (key: string, metrics: EpochMetrics) => void;
}

export interface SweepReport {
  preset: string;
  total: number;
  skipped: number;
  ran: number;
  failed: number;
  resultsFile: string;
  warnings: string[];
}

export const realWorkerModule = path.join(__dirname, 'worker.ts');

/** What a sweep would do; reads the results file and nothing else. */
export function planSweep(grid: ResolvedGrid, resultsDir: string): SweepPlan {
  const resultsFile = resultsFileFor(resultsDir, grid.name);
  const runs = expandGrid(grid.grid).map(config => ({ key: runKey(config), config }));
  const loaded = loadResults(resultsFile);
  const finished = finishedKeys(loaded);
  return { name: grid.name, resultsFile, runs, pending: runs.filter(r => !finished.has(r.key)), warnings: loaded.warnings };
}

/**
 * Train the plan's pending runs, holding the result store's lock (opts.lock, or taken here and released at the end):
 * a second sweep on the same store refuses with this one's pid. The pending runs are read again once the lock is
 * held, so runs another sweep finished meanwhile are not trained twice.
 */
export async function runSweep(plan: SweepPlan, opts: SweepOptions = {}): Promise<SweepReport> {
  const lock = opts.lock ?? lockResultStore(plan.resultsFile);
  const finished = finishedKeys(loadResults(plan.resultsFile));
  const pending = plan.runs.filter(r => !finished.has(r.key));
  const store = openResultStore(plan.resultsFile);
  const bar = opts.showProgress && pending.length > 0 ? progressBar('sweep', pending.length, 'runs') : undefined;
  try {
    store.checkWritable();
    const { ran, failed } = await runInWorkers(pending, {
      jobs: opts.jobs,
      workerModule: opts.workerModule ?? realWorkerModule,
      onResult: (key, record) => store.append(key, record),
      onProgress: p => {
        bar?.update(p.done, { failed: p.failed, last: p.record.status === 'ok' ? p.record.testAccuracy.toFixed(4) : 'failed' });
        opts.onProgress?.(p);
      },
      onEpoch: opts.onEpoch,
    });
    return {
      preset: plan.name, total: plan.runs.length, skipped: plan.runs.length - pending.length, ran, failed,
      resultsFile: plan.resultsFile, warnings: plan.warnings,
    };
  } finally {
    bar?.stop();
    if (!opts.lock) lock.release();
  }
}
