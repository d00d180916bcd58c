// Section 6: what comes next. Dynamic sparsity (pruning, SET, RigL) and Fashion-MNIST are being built in parallel
// (lib/sparsity, presets 'dynamic' and 'fashion'); this module reports which of their result sets exist and summarises
// them when they do. The training analysis (epochs to reach a validation accuracy) works on any run's epoch records.
import { existsSync } from 'node:fs';
import { loadResults, resultsFileFor, type StoredResult } from '../experiments/result-store';
import { flattenResult } from '../experiments/summary';
import type { Figure } from '../plot/figure';
import { bar } from '../plot/builders/distribution';
import type { EpochMetrics, TrainConfig } from '../train/config';
import { densityLabel, percent, points } from './prose';
import { groupBy, meanSd, nameSlug, type MeanSd } from './stats';

/** The result sets section 6 looks for (results folders named after their presets). */
export const FUTURE_RESULT_SETS = ['dynamic', 'fashion'] as const;

export interface ResultSet {
  name: string;
  file: string;
  exists: boolean;
  /** 'ok' runs. */
  results: StoredResult[];
}

export function loadResultSet(resultsDir: string, name: string): ResultSet {
  const file = resultsFileFor(resultsDir, name);
  return { name, file, exists: existsSync(file), results: loadResults(file).results.filter(r => r.record.status === 'ok') };
}

export const sparsityMethod = (c: TrainConfig): string => c.sparsity?.method ?? 'fixed';

export interface GroupAccuracy {
  label: string;
  accuracy: MeanSd;
}

/** Test accuracy per (sparsity method, topology, density), mean over seeds; dense runs labelled 'dense'. */
export function accuracyByMethod(results: readonly StoredResult[]): GroupAccuracy[] {
  const label = (r: StoredResult) => {
    const c = r.record.config;
    return c.topology === 'dense' && !c.sparsity ? 'dense' : `${sparsityMethod(c)} ${c.topology} ${densityLabel(c.density)}`;
  };
  return [...groupBy(results, label).entries()].map(([l, runs]) => ({ label: l, accuracy: meanSd(runs.map(r => r.record.testAccuracy)) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export function accuracyByMethodFigure(rows: readonly GroupAccuracy[], name: string, title: string): Figure {
  return bar(rows.map(r => ({ label: r.label, value: r.accuracy.mean, ...(r.accuracy.sd !== null ? { error: r.accuracy.sd } : {}) })), {
    name, title, caption: `${title}: mean test accuracy (± sd over seeds) per sparsity method, graph class and density.`,
    yTitle: 'test accuracy', yTickformat: '.1%',
  });
}

export interface DatasetGap {
  dataset: string;
  arch: string;
  topology: string;
  density: number;
  dense: number;
  sparse: number;
  /** dense − sparse test accuracy (positive: sparse is worse). */
  gap: number;
}

/** Per dataset and arch: each fixed sparse configuration's mean accuracy gap to the dense network. */
export function gapToDense(results: readonly StoredResult[]): DatasetGap[] {
  const flat = results.filter(r => !r.record.config.sparsity).map(flattenResult);
  const out: DatasetGap[] = [];
  for (const rows of groupBy(flat, f => `${f.dataset}|${f.arch}`).values()) {
    const dense = rows.filter(f => f.topology === 'dense');
    if (dense.length === 0) continue;
    const denseMean = meanSd(dense.map(d => d.testAccuracy)).mean;
    for (const cfg of groupBy(rows.filter(f => f.topology !== 'dense'), f => `${f.topology}|${f.density}`).values()) {
      const sparse = meanSd(cfg.map(c => c.testAccuracy)).mean;
      out.push({ dataset: cfg[0].dataset, arch: cfg[0].arch, topology: cfg[0].topology, density: cfg[0].density, dense: denseMean, sparse, gap: denseMean - sparse });
    }
  }
  return out.sort((a, b) => a.dataset.localeCompare(b.dataset) || a.arch.localeCompare(b.arch) || a.topology.localeCompare(b.topology) || a.density - b.density);
}

export const gapLine = (g: DatasetGap): string =>
  `${g.dataset} ${g.arch} ${g.topology} ${densityLabel(g.density)}: ${percent(g.sparse)} vs dense ${percent(g.dense)} (gap ${points(g.gap)})`;

// ---- training analysis ----

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
  const fixed = results.filter(r => !r.record.config.sparsity);
  return [...groupBy(fixed, r => { const f = flattenResult(r); return `${f.arch}|${f.topology}|${f.density}`; }).values()].map(runs => {
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
  const dense = results.filter(r => flattenResult(r).arch === arch && r.record.config.topology === 'dense' && !r.record.config.sparsity);
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

/** Plain status of each future result set and whether its preset exists yet. */
export function futureStatus(sets: readonly ResultSet[], knownPresets: readonly string[]): string {
  return sets.map(s => {
    const preset = knownPresets.includes(s.name) ? `preset \`${s.name}\` is defined` : `preset \`${s.name}\` is **not defined yet**`;
    const results = s.results.length ? `${s.results.length} finished runs` : s.exists ? 'a results file with no finished run' : '**no results yet**';
    return `- \`${s.name}\`: ${preset}; ${results}.`;
  }).join('\n');
}

/** Gap to dense per configuration as bars, one figure per dataset set. */
export function gapFigure(gaps: readonly DatasetGap[], name: string): Figure {
  return bar(gaps.map(g => ({ label: `${g.dataset} ${g.topology} ${densityLabel(g.density)}`, value: g.gap, topology: g.topology })), {
    name, caption: 'Test-accuracy gap to the dense network of the same dataset and architecture (positive: sparse is worse).',
    title: 'Gap to dense per dataset', yTitle: 'dense − sparse accuracy', yTickformat: '.1%',
  });
}
