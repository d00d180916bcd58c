// Section 1: the dense feed-forward baseline, read from the stored dense runs — its training curves over seeds,
// its test accuracy, and how many parameters it has per training example (the over-parameterisation question).
import { validationSize } from '../data/split';
import type { StoredResult } from '../experiments/result-store';
import { flattenResult, groupRuns } from '../experiments/summary';
import { isDenseReference, runArch } from '../experiments/run-fields';
import type { Figure } from '../plot/figure';
import { paperTable } from './tables';
import { trainingCurves } from '../plot/builders/lines';
import type { RunRecord } from '../train/config';
import { count, percent } from './prose';
import { meanSd, type MeanSd } from '../base/stats';
import { nameSlug } from './stats';

// MNIST and Fashion-MNIST both have 60000 training images.
const MNIST_TRAIN_IMAGES = 60000;

export interface DenseBaselineRow {
  dataset: string;
  arch: string;
  seeds: number;
  testAccuracy: MeanSd;
  params: number;
  /** Images the runs trained on (after the validation split and any trainLimit). */
  trainExamples: number;
  epochsRun: MeanSd;
  bestEpoch: MeanSd;
}

const isDense = (r: StoredResult): boolean => isDenseReference(flattenResult(r));

/** Training images of a run: the training split minus the validation fraction, capped by trainLimit. */
export function trainExamples(record: RunRecord): number {
  const c = record.config;
  const afterSplit = MNIST_TRAIN_IMAGES - validationSize(MNIST_TRAIN_IMAGES, c.validationFraction);
  return c.trainLimit !== undefined ? Math.min(c.trainLimit, afterSplit) : afterSplit;
}

/** One row per (dataset, architecture) over the dense runs' seeds. */
export function denseBaselineRows(results: readonly StoredResult[]): DenseBaselineRow[] {
  return [...groupRuns(results.filter(isDense), ['dataset', 'arch']).values()].map(runs => {
    const first = flattenResult(runs[0]);
    return {
      dataset: first.dataset, arch: first.arch, seeds: runs.length,
      testAccuracy: meanSd(runs.map(r => r.record.testAccuracy)),
      params: runs[0].record.params, trainExamples: trainExamples(runs[0].record),
      epochsRun: meanSd(runs.map(r => r.record.epochs.length)),
      bestEpoch: meanSd(runs.map(r => r.record.bestEpoch)),
    };
  });
}

const withSd = (m: MeanSd, fmt: (v: number) => string) => (m.sd === null ? fmt(m.mean) : `${fmt(m.mean)} ± ${fmt(m.sd)}`);

/** Training loss and validation accuracy per epoch of every dense run, one figure per architecture. */
export function denseTrainingFigures(results: readonly StoredResult[], prefix = 'intro'): Figure[] {
  return [...groupRuns(results.filter(isDense), ['dataset', 'arch']).values()].map(runs => {
    const arch = runArch(runs[0].record);
    return trainingCurves(runs.map(r => ({ name: `seed ${r.record.config.seed}`, epochs: r.record.epochs })), {
      name: `${prefix}-dense-training-${nameSlug(arch)}`,
      caption: `Dense ${arch} on ${runs[0].record.config.dataset}: training loss and validation accuracy per epoch, one line per seed.`,
      title: `Dense ${arch}: training curves (${runs.length} seed${runs.length > 1 ? 's' : ''})`,
    });
  });
}

const baselineColumns = ['dataset', 'architecture', 'seeds', 'test accuracy (mean ± sd)', 'parameters', 'params / training image', 'best epoch'];

function baselineCells(r: DenseBaselineRow): string[] {
  return [r.dataset, r.arch, String(r.seeds), withSd(r.testAccuracy, v => percent(v)), count(r.params),
    (r.params / r.trainExamples).toFixed(1), withSd(r.bestEpoch, v => v.toFixed(1))];
}

export function denseBaselineTable(rows: readonly DenseBaselineRow[], prefix = 'intro'): Figure {
  return paperTable(baselineColumns, rows.map(baselineCells), {
    name: `${prefix}-dense-baseline`, caption: 'The dense baselines: test accuracy over seeds, parameters, parameters per training image.',
    columnWidths: [1, 1.4, 0.6, 1.6, 1, 1.2, 0.9],
  });
}

/** The paragraph that states the baseline's numbers. */
export function baselineFindings(rows: readonly DenseBaselineRow[]): string {
  if (rows.length === 0) return '_No dense run in these results yet: the baseline cannot be shown._';
  const lines = rows.map(r => `- **${r.arch}** (${r.dataset}, ${r.seeds} seed${r.seeds > 1 ? 's' : ''}): test accuracy `
    + `${withSd(r.testAccuracy, v => percent(v))}; ${count(r.params)} parameters for ${count(r.trainExamples)} training images `
    + `(${(r.params / r.trainExamples).toFixed(1)} per image); the best validation epoch was on average ${r.bestEpoch.mean.toFixed(1)} `
    + `of ${r.epochsRun.mean.toFixed(1)} run.`);
  return lines.join('\n');
}

