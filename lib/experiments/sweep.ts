// A sweep end to end: expand the grid, skip runs already stored as 'ok', train the rest in worker processes and
// append each result as it arrives. Rerunning the same sweep resumes it; runs stored as 'failed' are retried.
import * as path from 'node:path';
import { progressBar } from '../cli/progress';
import type { EpochMetrics } from '../train/config';
import { expandGrid } from './grid';
import type { ResolvedGrid } from './presets';
import { finishedKeys, loadResults, openResultStore, resultsFileFor } from './result-store';
import { runKey } from './run-key';
import { runInWorkers, type PendingRun, type RunnerProgress } from './runner';

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

export async function runSweep(plan: SweepPlan, opts: SweepOptions = {}): Promise<SweepReport> {
  const store = openResultStore(plan.resultsFile);
  const bar = opts.showProgress && plan.pending.length > 0 ? progressBar('sweep', plan.pending.length, 'runs') : undefined;
  try {
    const { ran, failed } = await runInWorkers(plan.pending, {
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
      preset: plan.name, total: plan.runs.length, skipped: plan.runs.length - plan.pending.length, ran, failed,
      resultsFile: plan.resultsFile, warnings: plan.warnings,
    };
  } finally {
    bar?.stop();
  }
}
