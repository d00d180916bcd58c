// Section 6.3: does a sparse network train slower or faster? Epochs until validation accuracy reaches a threshold, and
// the mean loss and validation-accuracy curves, per graph class and density (or per sparsity method), over seeds.
import type { StoredResult } from '../experiments/result-store';
import { flattenResult, groupRuns } from '../experiments/summary';
import { isDenseReference, runArch } from '../experiments/run-fields';
import type { Figure } from '../plot/figure';
import { bar } from '../plot/builders/distribution';
import { trainingCurves, type TrainingRun } from '../plot/builders/lines';
import type { EpochMetrics } from '../train/config';
import { densityLabel, markdownTable, percent } from './prose';
import type { SectionPart } from './section';
import type { PaperResults } from './context';
import { coverageNote } from './context';
import { archOf } from './results';
import { focusDensity } from './expansion';
import { meanSd } from '../base/stats';
import { denseFirst, nameSlug } from './stats';

/** First epoch (1-based) whose validation accuracy reaches `threshold`; null if none does. */
export function epochsToThreshold(epochs: readonly Pick<EpochMetrics, 'epoch' | 'valAccuracy'>[], threshold: number): number | null {
  const hit = epochs.find(e => e.valAccuracy >= threshold);
  return hit ? hit.epoch : null;
}

export interface ConvergenceRow {
  arch: string;
  topology: string;
  density: number;
  runs: number;
  /** Runs that reached the threshold. */
  reached: number;
  /** Mean epochs-to-threshold over the runs that reached it; NaN when none did. */
  meanEpochs: number;
}

/** Epochs to reach `threshold` per (arch, topology, density) over fixed-graph runs. */
export function convergenceRows(results: readonly StoredResult[], threshold: number): ConvergenceRow[] {
  const fixed = results.filter(r => flattenResult(r).sparsity === 'fixed');
  return [...groupRuns(fixed, ['arch', 'topology', 'density']).values()].map(runs => {
    const f = flattenResult(runs[0]);
    const hits = runs.map(r => epochsToThreshold(r.record.epochs, threshold)).filter((e): e is number => e !== null);
    return { arch: f.arch, topology: f.topology, density: f.density, runs: runs.length, reached: hits.length,
      meanEpochs: hits.length ? hits.reduce((a, b) => a + b, 0) / hits.length : NaN };
  }).sort((a, b) => a.arch.localeCompare(b.arch) || a.topology.localeCompare(b.topology) || a.density - b.density);
}

/**
 * The threshold for one architecture: `fraction` of the dense runs' mean best validation accuracy, so it means the
 * same thing for a 2-epoch quick check and a 20-epoch paper run. Undefined without a dense run.
 */
export function relativeThreshold(results: readonly StoredResult[], arch: string, fraction: number): number | undefined {
  const dense = results.filter(r => runArch(r.record) === arch && isDenseReference(flattenResult(r)));
  if (dense.length === 0) return undefined;
  return fraction * meanSd(dense.map(r => Math.max(...r.record.epochs.map(e => e.valAccuracy)))).mean;
}

/** Mean epochs-to-threshold per configuration as bars (configurations that never reached it are left out and counted in the caption). */
export function convergenceFigure(rows: readonly ConvergenceRow[], threshold: number, prefix = 'future'): Figure {
  const reached = rows.filter(r => r.reached > 0);
  const missed = rows.length - reached.length;
  return bar(reached.map(r => ({ label: r.topology === 'dense' ? 'dense' : `${r.topology} ${densityLabel(r.density)}`, value: r.meanEpochs, topology: r.topology })), {
    name: `${prefix}-epochs-to-threshold-${nameSlug(rows[0]?.arch ?? 'none')}`,
    caption: `${rows[0]?.arch ?? ''}: mean epochs until validation accuracy first reaches ${percent(threshold)}, per graph class and density`
      + (missed ? ` (${missed} configuration(s) never reached it and are not drawn)` : '') + '.',
    title: `${rows[0]?.arch ?? ''}: epochs to reach ${percent(threshold)} validation accuracy`,
    yTitle: 'epochs (mean over seeds)',
  });
}


/**
 * One mean curve per group: at each epoch, the mean training loss and validation accuracy over the group's runs that
 * trained that epoch (early stopping ends runs at different epochs), so a curve's tail may rest on fewer seeds.
 */
export function meanCurves(groups: ReadonlyMap<string, readonly StoredResult[]>, topologyOf: (label: string) => string | undefined = () => undefined): TrainingRun[] {
  return [...groups.entries()].map(([name, runs]) => {
    const last = Math.max(...runs.map(r => r.record.epochs.length));
    const epochs = Array.from({ length: last }, (_, i) => {
      const at = runs.map(r => r.record.epochs[i]).filter((e): e is EpochMetrics => e !== undefined);
      return { epoch: i + 1, loss: meanSd(at.map(e => e.loss)).mean, valAccuracy: meanSd(at.map(e => e.valAccuracy)).mean };
    });
    const topology = topologyOf(name);
    return { name, epochs, ...(topology !== undefined ? { topology } : {}) };
  });
}

/**
 * Fixed-graph runs of one architecture at `density`, grouped per graph class, with the dense net: the groups whose
 * mean curves answer "does this graph class train slower at this density?".
 */
export function curvesAtDensity(results: readonly StoredResult[], arch: string, density: number): Map<string, StoredResult[]> {
  const runs = results.filter(r => flattenResult(r).sparsity === 'fixed' && runArch(r.record) === arch
    && (r.record.config.density === density || isDenseReference(flattenResult(r))));
  return denseFirst(new Map([...groupRuns(runs, ['topology']).values()].map(g => [g[0].record.config.topology, g])));
}

export function curvesFigure(curves: readonly TrainingRun[], arch: string, what: string, name: string): Figure {
  return trainingCurves(curves, {
    name, title: `${arch}: training curves, ${what}`,
    caption: `${arch}, ${what}: training loss and validation accuracy per epoch, mean over seeds (a tail past early stopping `
      + 'averages the runs still training).',
  });
}


export interface TrainingLength {
  label: string;
  runs: number;
  /** Mean over runs of the epoch with the best validation accuracy (the one tested). */
  meanBestEpoch: number;
  /** Runs whose best epoch was their last one at the epoch cap: still improving when training had to stop. */
  stillImproving: number;
}

/** How long each group trained usefully, from the run records: the "does it take longer?" question in numbers. */
export function trainingLengths(groups: ReadonlyMap<string, readonly StoredResult[]>): TrainingLength[] {
  return [...groups.entries()].map(([label, runs]) => ({
    label, runs: runs.length, meanBestEpoch: meanSd(runs.map(r => r.record.bestEpoch)).mean,
    stillImproving: runs.filter(r => r.record.bestEpoch === r.record.config.epochs).length,
  }));
}

export const trainingLengthColumns = ['configuration', 'runs', 'best epoch (mean)', 'best at the last epoch'];

export const trainingLengthCells = (r: TrainingLength): (string | number)[] =>
  [r.label, r.runs, r.meanBestEpoch.toFixed(1), `${r.stillImproving} of ${r.runs}`];

/**
 * Section 6.3 on the paper preset: per architecture, epochs until validation accuracy reaches 98% of dense (a figure and
 * a line saying who never got there), and at the sparsest and the focus density the mean training curves of each graph
 * class with how long each trained usefully.
 */
export function trainingAnalysisSection(paper: PaperResults | undefined): SectionPart[] {
  if (!paper) return [{ markdown: '_No results for the current preset yet._' }];
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const hidden of paper.grid.archs) {
    const arch = archOf(paper.summary, hidden);
    const threshold = arch ? relativeThreshold(paper.results, arch, 0.98) : undefined;
    if (!arch || threshold === undefined) { notes.push(`- ${hidden.join('-')}: no dense run yet, so no threshold.`); continue; }
    const rows = convergenceRows(paper.results.filter(r => runArch(r.record) === arch), threshold);
    figures.push(convergenceFigure(rows, threshold));
    const never = rows.filter(r => r.reached < r.runs);
    notes.push(`- ${arch}: threshold ${percent(threshold)}; ${rows.length - never.length} of ${rows.length} configurations reached it in every run`
      + (never.length ? `; not always reached by: ${never.map(r => `${r.topology} ${densityLabel(r.density)} (${r.reached}/${r.runs})`).join(', ')}` : '') + '.');
  }
  const arch = archOf(paper.summary, paper.grid.archs[0]);
  const sparse = paper.grid.densities.filter(d => d < 1);
  const uniform = paper.results.filter(r => r.record.config.allocation === 'uniform');
  const lengths: string[] = [];
  if (arch) for (const d of [...new Set([Math.min(...sparse), focusDensity(sparse)])]) {
    const groups = curvesAtDensity(uniform, arch, d);
    figures.push(curvesFigure(meanCurves(groups, t => t), arch, `graph classes at ${densityLabel(d)} (uniform allocation)`, `future-curves-${nameSlug(arch)}-at-${nameSlug(d)}`));
    lengths.push(`**${arch}, graph classes at ${densityLabel(d)}** (the epoch cap is ${paper.grid.epochs}, patience ${paper.grid.earlyStopPatience ?? 'none'})\n\n`
      + markdownTable(trainingLengthColumns, trainingLengths(groups).map(trainingLengthCells)));
  }
  return [{ markdown: coverageNote(paper) }, { figures }, { markdown: [notes.join('\n'), ...lengths].join('\n\n') }];
}
