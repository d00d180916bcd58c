// Section 6: beyond fixed graphs. Which of the section's result sets (presets 'dynamic' and 'fashion') exist, and the
// comparison of dynamic sparsity methods (pruning, SET, RigL) with fixed graphs and the dense net at equal density.
// The dataset comparison lives in dataset-gap.ts, the training analysis in training-analysis.ts.
import { existsSync } from 'node:fs';
import { loadResults, resultsFileFor, type StoredResult } from '../experiments/result-store';
import { flattenResult, groupRuns } from '../experiments/summary';
import { isDenseReference, runArch, sparsityMethodOf } from '../experiments/run-fields';
import type { Figure } from '../plot/figure';
import { groupedPoints } from '../plot/builders/distribution';
import { SPARSITY_METHODS } from '../sparsity/config';
import { densityLabel, markdownTable, percent, points } from './prose';
import type { SectionPart } from './section';
import { curvesFigure, meanCurves, trainingLengthCells, trainingLengthColumns, trainingLengths } from './training-analysis';
import type { GridSpec } from '../experiments/grid';
import { meanSd, type MeanSd } from '../base/stats';
import { denseFirst, nameSlug } from './stats';

/** The result sets section 6 looks for (results folders named after their presets). */
export const FUTURE_RESULT_SETS = ['dynamic', 'fashion', 'cnn'] as const;

export interface ResultSet {
  name: string;
  file: string;
  exists: boolean;
  /** 'ok' runs. */
  results: StoredResult[];
  /** Lines skipped or doubtful while loading, with their line numbers (result-store.ts). */
  warnings?: string[];
}

export function loadResultSet(resultsDir: string, name: string): ResultSet {
  const file = resultsFileFor(resultsDir, name);
  const loaded = loadResults(file);
  return { name, file, exists: existsSync(file), results: loaded.results.filter(r => r.record.status === 'ok'), warnings: loaded.warnings };
}

const isDenseRun = (r: StoredResult) => isDenseReference(flattenResult(r));

export interface MethodResult {
  method: string;
  /** The start graph's class (prune methods start dense and report 'random'). */
  topology: string;
  accuracy: MeanSd;
}

/** Mean test accuracy over seeds per (sparsity method, start graph) of the given runs. */
function methodResults(runs: readonly StoredResult[]): MethodResult[] {
  return [...groupRuns(runs, ['sparsity', 'topology']).values()].map(g => ({
    method: sparsityMethodOf(g[0].record.config), topology: g[0].record.config.topology, accuracy: meanSd(g.map(r => r.record.testAccuracy)),
  }));
}

/**
 * Mean test accuracy (± sd over seeds) per sparsity method and start graph at one density, one figure per
 * architecture with a dense run, the dense network as the reference line.
 */
export function methodFigures(results: readonly StoredResult[], density: number, prefix = 'future-dynamic'): Figure[] {
  return [...groupRuns(results, ['arch']).values()].flatMap(runs => {
    const dense = runs.filter(isDenseRun);
    const sparse = runs.filter(r => !isDenseRun(r) && r.record.config.density === density);
    if (dense.length === 0 || sparse.length === 0) return [];
    const arch = runArch(runs[0].record);
    const points = methodResults(sparse).map(m => ({ category: m.method, series: m.topology, value: m.accuracy.mean,
      ...(m.accuracy.sd !== null ? { error: m.accuracy.sd } : {}) }));
    const denseAcc = meanSd(dense.map(r => r.record.testAccuracy)).mean;
    return [groupedPoints(points, {
      name: `${prefix}-accuracy-${nameSlug(arch)}-at-${nameSlug(density)}`,
      title: `${arch} at ${densityLabel(density)}: fixed graphs vs pruning vs rewiring`,
      caption: `${arch} at ${densityLabel(density)} of the connections: mean test accuracy (± sd over seeds) per sparsity method `
        + 'and start graph (pruning starts dense; its graph is reported as random), against the dense network (dashed).',
      categories: SPARSITY_METHODS.filter(m => points.some(p => p.category === m)), xTitle: 'sparsity method', yTitle: 'test accuracy',
      yTickformat: '.1%', reference: { name: `dense (${percent(denseAcc)})`, value: denseAcc },
    })];
  });
}

export interface MethodComparison {
  arch: string;
  density: number;
  dense: MeanSd;
  /** The fixed graph class with the highest mean accuracy at this density. */
  bestFixed?: MethodResult;
  /** Every dynamic method's best start graph, best first. */
  dynamic: MethodResult[];
}

/**
 * Dense vs the best fixed graph vs each dynamic method (its best start graph) at one density, per architecture:
 * the comparison the dynamic-sparsity targets are stated in. Architectures without a dense run are left out.
 */
export function methodComparison(results: readonly StoredResult[], density: number): MethodComparison[] {
  const out: MethodComparison[] = [];
  for (const runs of groupRuns(results, ['arch']).values()) {
    const dense = runs.filter(isDenseRun);
    if (dense.length === 0) continue;
    const atDensity = runs.filter(r => r.record.config.density === density && !isDenseRun(r));
    const groups = methodResults(atDensity).sort((a, b) => b.accuracy.mean - a.accuracy.mean);
    const best = new Map<string, MethodResult>();
    for (const g of groups) if (!best.has(g.method)) best.set(g.method, g);
    const bestFixed = best.get('fixed');
    best.delete('fixed');
    out.push({ arch: runArch(runs[0].record), density, dense: meanSd(dense.map(r => r.record.testAccuracy)),
      ...(bestFixed ? { bestFixed } : {}), dynamic: [...best.values()] });
  }
  return out;
}

/**
 * One line per dynamic method: its gap to dense and to the best fixed graph, and whether it is within `tolerance`
 * of dense (the 0.5 pp target) and above the best fixed graph.
 */
export function comparisonLines(c: MethodComparison, tolerance = 0.005): string[] {
  const fixed = c.bestFixed;
  const head = `${c.arch} at ${densityLabel(c.density)}: dense ${percent(c.dense.mean)} (n = ${c.dense.n})`
    + (fixed ? `; best fixed graph ${fixed.topology} ${percent(fixed.accuracy.mean)} (n = ${fixed.accuracy.n})` : '; no fixed-graph run');
  return [head, ...c.dynamic.map(m => {
    const gap = c.dense.mean - m.accuracy.mean;
    const within = gap <= tolerance ? `within ${points(tolerance, 1)} of dense` : `**not** within ${points(tolerance, 1)} of dense`;
    const vsFixed = fixed ? `; ${points(m.accuracy.mean - fixed.accuracy.mean)} vs the best fixed graph` : '';
    const vsDense = gap > 0 ? `${points(gap)} below dense` : `${points(-gap)} above dense`;
    return `${m.method} (from ${m.topology}): ${percent(m.accuracy.mean)} (n = ${m.accuracy.n}), ${vsDense}, ${within}${vsFixed}`;
  })];
}

/** Runs at `density` grouped per method and start graph ('fixed random', 'rigl regular', ...), the dense net first. */
export function methodGroups(results: readonly StoredResult[], density: number): Map<string, StoredResult[]> {
  const label = (r: StoredResult) => (isDenseRun(r) ? 'dense' : `${sparsityMethodOf(r.record.config)} ${r.record.config.topology}`);
  const runs = results.filter(r => isDenseRun(r) || r.record.config.density === density);
  return denseFirst(new Map([...groupRuns(runs, ['sparsity', 'topology']).values()].map(g => [label(g[0]), g])));
}

/** The groups a comparison names: the dense net, the best fixed graph and each dynamic method's best start graph. */
export function comparisonGroups(results: readonly StoredResult[], c: MethodComparison): Map<string, StoredResult[]> {
  const keep = new Set(['dense', ...(c.bestFixed ? [`fixed ${c.bestFixed.topology}`] : []), ...c.dynamic.map(m => `${m.method} ${m.topology}`)]);
  const all = methodGroups(results.filter(r => runArch(r.record) === c.arch), c.density);
  return new Map([...all].filter(([label]) => keep.has(label)));
}

/** The colour key of a methodGroups label: fixed graphs and the dense net take their topology's colour. */
export const methodTopology = (label: string): string | undefined =>
  label === 'dense' ? 'dense' : label.startsWith('fixed ') ? label.slice('fixed '.length) : undefined;

/** Plain status of each future result set and whether its preset exists yet. */
export function futureStatus(sets: readonly ResultSet[], knownPresets: readonly string[]): string {
  return sets.map(s => {
    const preset = knownPresets.includes(s.name) ? `preset \`${s.name}\` is defined` : `preset \`${s.name}\` is **not defined yet**`;
    const results = s.results.length ? `${s.results.length} finished runs` : s.exists ? 'a results file with no finished run' : '**no results yet**';
    const skipped = s.warnings?.length ? `; **${s.warnings.length} line(s) skipped or doubtful** (first: \`${s.warnings[0]}\`)` : '';
    return `- \`${s.name}\`: ${preset}; ${results}${skipped}.`;
  }).join('\n');
}

/**
 * Section 6.1: per density, each dynamic method against dense and the best fixed graph (lines and grouped-point
 * figures), and at the lowest density how long each trained usefully, with their mean training curves.
 */
export function dynamicMethodsSection(results: readonly StoredResult[], grid: Pick<GridSpec, 'densities' | 'epochs'>): SectionPart[] {
  if (results.length === 0) {
    return [{ markdown: '_Not yet: no `dynamic` results (`npm run sweep -- --preset dynamic`). Nothing here says whether rewiring beats a fixed graph._' }];
  }
  const densities = [...grid.densities].filter(d => d < 1);
  const comparisons = densities.flatMap(d => methodComparison(results, d));
  const parts: SectionPart[] = [{ markdown: comparisons.map(c => comparisonLines(c).map((line, i) => (i === 0 ? `**${line}**` : `- ${line}`)).join('\n')).join('\n\n') }];
  const low = Math.min(...densities);
  const atLow = comparisons.find(c => c.density === low); // absent until the dense run is in
  const groups = atLow ? comparisonGroups(results, atLow) : undefined;
  if (groups) {
    parts.push({ markdown: `**How long each method trained usefully at ${densityLabel(low)}** (dense, the best fixed graph, each method's best start graph; ${grid.epochs} epochs, no early stopping)\n\n`
      + markdownTable(trainingLengthColumns, trainingLengths(groups).map(trainingLengthCells)) });
  }
  parts.push({ figures: [
    ...densities.flatMap(d => methodFigures(results, d)),
    ...(groups && atLow ? [curvesFigure(meanCurves(groups, methodTopology), atLow.arch, `sparsity methods at ${densityLabel(low)}`, `future-dynamic-curves-at-${nameSlug(low)}`)] : []),
  ] });
  return parts;
}
