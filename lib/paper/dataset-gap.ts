// Section 6.2: how much a sparse graph costs on each dataset, as its test-accuracy gap to the dense network trained
// with the same settings, so MNIST (the paper preset) and Fashion-MNIST (the fashion preset) compare like with like.
import type { StoredResult } from '../experiments/result-store';
import { flattenResult, groupRuns } from '../experiments/summary';
import { isDenseReference } from '../experiments/run-fields';
import type { Figure } from '../plot/figure';
import { lineChart, type LineSeries } from '../plot/builders/lines';
import { orderTopologies } from '../plot/style';
import { densityLabel, markdownTable, percent, points } from './prose';
import type { SectionPart } from './section';
import { summarize } from '../experiments/summary';
import { accuracyFigures, accuracyPanels, resultsFindings } from './results';
import { groupBy, meanSd } from '../base/stats';

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
  const fixed = results.filter(r => flattenResult(r).sparsity === 'fixed');
  const isDense = (r: StoredResult) => isDenseReference(flattenResult(r));
  const out: DatasetGap[] = [];
  for (const runs of groupRuns(fixed, ['dataset', 'arch']).values()) {
    const dense = runs.filter(isDense);
    if (dense.length === 0) continue;
    const denseMean = meanSd(dense.map(d => d.record.testAccuracy)).mean;
    for (const cfg of groupRuns(runs.filter(r => !isDense(r)), ['topology', 'density']).values()) {
      const f = flattenResult(cfg[0]);
      const sparse = meanSd(cfg.map(c => c.record.testAccuracy)).mean;
      out.push({ dataset: f.dataset, arch: f.arch, topology: f.topology, density: f.density, dense: denseMean, sparse, gap: denseMean - sparse });
    }
  }
  return out.sort((a, b) => a.dataset.localeCompare(b.dataset) || a.arch.localeCompare(b.arch) || a.topology.localeCompare(b.topology) || a.density - b.density);
}

/** Everything about a run's setting except its dataset and seed. */
function settingKey(r: StoredResult): string {
  const { dataset: _d, seed: _s, ...setting } = r.record.config;
  return JSON.stringify(setting, Object.keys(setting).sort());
}

/** The runs of `results` whose setting (all but dataset and seed) some run of `like` shares: the like-for-like subset. */
export function matchingRuns(results: readonly StoredResult[], like: readonly StoredResult[]): StoredResult[] {
  const wanted = new Set(like.map(settingKey));
  return results.filter(r => wanted.has(settingKey(r)));
}

export interface GapSummaryRow {
  dataset: string;
  arch: string;
  density: number;
  /** Mean gap over the graph classes, and the class with the largest and the smallest gap. */
  meanGap: number;
  /** meanGap relative to the dense network's error rate: how many more test errors sparse makes (0.5 = 50% more). */
  moreErrors: number;
  worst: DatasetGap;
  best: DatasetGap;
}

/** Per dataset, arch and density: the gap averaged over graph classes, with its worst and best class. */
export function gapSummary(gaps: readonly DatasetGap[]): GapSummaryRow[] {
  return [...groupBy(gaps, g => `${g.dataset}|${g.arch}|${g.density}`).values()].map(rows => {
    const sorted = [...rows].sort((a, b) => b.gap - a.gap);
    const meanGap = meanSd(rows.map(r => r.gap)).mean;
    return { dataset: rows[0].dataset, arch: rows[0].arch, density: rows[0].density,
      meanGap, moreErrors: meanGap / (1 - rows[0].dense), worst: sorted[0], best: sorted[sorted.length - 1] };
  }).sort((a, b) => a.arch.localeCompare(b.arch) || a.density - b.density || a.dataset.localeCompare(b.dataset));
}

export const gapSummaryColumns = ['dataset', 'arch', 'density', 'dense', 'mean gap', 'more errors than dense', 'largest gap', 'smallest gap'];

export const gapSummaryCells = (r: GapSummaryRow): string[] => [r.dataset, r.arch, densityLabel(r.density), percent(r.worst.dense),
  points(r.meanGap), percent(r.moreErrors, 0), `${points(r.worst.gap)} (${r.worst.topology})`, `${points(r.best.gap)} (${r.best.topology})`];

/** Gap to dense against density: one line per graph class and dataset (MNIST solid, the others dashed, dotted, ...). */
export function gapFigure(gaps: readonly DatasetGap[], name: string): Figure {
  const datasets = [...new Set(gaps.map(g => g.dataset))].sort((a, b) => Number(b === 'mnist') - Number(a === 'mnist') || a.localeCompare(b));
  const dashes = ['solid', 'dash', 'dot', 'dashdot'] as const;
  const series: LineSeries[] = [];
  for (const [i, dataset] of datasets.entries()) for (const topology of orderTopologies(gaps.filter(g => g.dataset === dataset).map(g => g.topology))) {
    const rows = gaps.filter(g => g.dataset === dataset && g.topology === topology).sort((a, b) => a.density - b.density);
    series.push({ name: `${topology} (${dataset})`, topology, dash: dashes[i % dashes.length], x: rows.map(r => r.density), y: rows.map(r => r.gap) });
  }
  return lineChart(series, {
    name, title: `Gap to dense by density: ${datasets.join(' vs ')}`,
    caption: `Test-accuracy gap to the dense network of the same dataset, architecture and training settings, per graph class `
      + `(mean over seeds; positive: sparse is worse). ${datasets.map((d, i) => `${d}: ${dashes[i % dashes.length]}`).join(', ')}.`,
    xTitle: 'fraction of connections kept', yTitle: 'dense − sparse test accuracy', logX: true, yTickformat: '.1%',
    xTicksAtData: { tickformat: '~%' },
  });
}

const errorChange = (x: number) => (x >= 0 ? `${percent(x, 0)} more errors` : `${percent(-x, 0)} fewer errors`);

/**
 * Per arch and density, the datasets side by side, largest gap first, each with its gap as a share of the dense error:
 * '784-300-100-10 at 5%: mnist 1.24 pp (58% more errors), fashion-mnist 1.18 pp (10% more errors)'.
 */
export function gapContrastLines(rows: readonly GapSummaryRow[]): string[] {
  return [...groupBy(rows, r => `${r.arch}|${r.density}`).values()].filter(g => g.length > 1).map(g =>
    `${g[0].arch} at ${densityLabel(g[0].density)}: ${[...g].sort((a, b) => b.meanGap - a.meanGap)
      .map(r => `${r.dataset} ${points(r.meanGap)} (${errorChange(r.moreErrors)})`).join(', ')}`);
}

/**
 * Section 6.2: Fashion-MNIST's accuracy against density, then its gap to dense beside MNIST's (the paper runs with the
 * same settings as a fashion run), as a figure, a table and one contrast line per density.
 */
export function datasetGapSection(mnist: readonly StoredResult[], fashion: readonly StoredResult[]): SectionPart[] {
  const gaps = gapToDense([...matchingRuns(mnist, fashion), ...fashion]);
  if (!gaps.some(g => g.dataset === 'fashion-mnist')) {
    return [{ markdown: '_Not yet: no `fashion` results with a dense reference (`npm run sweep -- --preset fashion`). Whether the MNIST findings hold on a harder dataset is open._' }];
  }
  const panels = accuracyPanels(summarize(fashion));
  const summary = gapSummary(gaps);
  return [
    { markdown: resultsFindings(panels) },
    { figures: [...accuracyFigures(panels, 'future'), gapFigure(gaps, 'future-dataset-gap')] },
    { markdown: markdownTable(gapSummaryColumns, summary.map(gapSummaryCells)) },
    { markdown: gapContrastLines(summary).map(l => `- ${l}`).join('\n') },
  ];
}
