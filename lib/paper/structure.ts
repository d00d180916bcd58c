// Section 5.5: what about the graph matters — locality or expansion? At equal density the circulant band beat the
// expanders (section 5), and MNIST stores pixels row by row, so a band of consecutive inputs is a local receptive
// field. The presets structure, structure-fashion and width separate the two: the local and small-world classes
// move from locality (p = 0) to expansion (p = 1) at one density, the permuted-pixel control removes locality while
// leaving everything else equal, and width at a fixed budget asks whether a wider, sparser network beats the dense one.
import { makeRng } from '../base/random';
import { bootstrapInterval, groupBy, meanSd, pearson, type MeanSd } from '../base/stats';
import { finalGraphStats, type GraphStatsCache } from '../experiments/graph-metrics';
import type { StoredResult } from '../experiments/result-store';
import { isDenseReference } from '../experiments/run-fields';
import { flattenResult, groupRuns, type FlatRecord } from '../experiments/summary';
import type { Figure } from '../plot/figure';
import { groupedPoints } from '../plot/builders/distribution';
import { lineChart } from '../plot/builders/lines';
import { scatter } from '../plot/builders/scatter';
import { densityLabel, markdownTable, percent, points } from './prose';
import type { SectionPart } from './section';
import { nameSlug } from './stats';

/** The result sets this section reads (results folders named after their presets). */
export const STRUCTURE_RESULT_SETS = ['structure', 'structure-fashion', 'width'] as const;

/** The rewiring probabilities of the small-world family, as the runs' topology labels spell them. */
const rewireOf = (f: FlatRecord): number | undefined => {
  const m = /^small-world p=([\d.e-]+)$/.exec(f.topology);
  return m ? Number(m[1]) : undefined;
};

const accuracyOf = (runs: readonly StoredResult[]): MeanSd => meanSd(runs.map(r => r.record.testAccuracy));

export interface RewirePoint {
  dataset: string;
  density: number;
  p: number;
  accuracy: MeanSd;
}

/** Mean test accuracy of the small-world graphs per dataset (original or permuted pixels), density and p. */
export function rewireCurve(results: readonly StoredResult[]): RewirePoint[] {
  const sw = results.filter(r => rewireOf(flattenResult(r)) !== undefined);
  return [...groupRuns(sw, ['dataset', 'density', 'topology']).values()].map(g => {
    const f = flattenResult(g[0]);
    return { dataset: f.dataset, density: f.density, p: rewireOf(f)!, accuracy: accuracyOf(g) };
  }).sort((a, b) => a.dataset.localeCompare(b.dataset) || a.density - b.density || a.p - b.p);
}

/** Accuracy against p, one series per dataset and density: locality on the left, expansion on the right. */
export function rewireFigure(curve: readonly RewirePoint[], name: string): Figure {
  const ps = [...new Set(curve.map(c => c.p))].sort((a, b) => a - b);
  return groupedPoints(curve.map(c => ({ category: String(c.p), series: `${c.dataset} ${densityLabel(c.density)}`, value: c.accuracy.mean,
    ...(c.accuracy.sd !== null ? { error: c.accuracy.sd } : {}) })), {
    name, title: 'Small world: from local (p = 0) to random (p = 1) at equal density',
    caption: 'Mean test accuracy (± sd over seeds) of 784-300-100-10 whose first layer starts from the local 2-D graph and moves '
      + 'each edge to a random input with probability p, per density, on MNIST as it is and with its pixels permuted.',
    categories: ps.map(String), xTitle: 'rewiring probability p', yTitle: 'test accuracy', yTickformat: '.1%',
  });
}

export interface ClassGap {
  dataset: string;
  density: number;
  /** Per-seed differences a − b (paired by seed), mean ± sd. */
  gap: MeanSd;
}

/** Accuracy of class `a` minus class `b` per dataset and density, paired by seed (same seed, same data order). */
export function classGaps(results: readonly StoredResult[], a: string, b: string): ClassGap[] {
  const out: ClassGap[] = [];
  for (const runs of groupRuns(results, ['dataset', 'density']).values()) {
    const bySeed = (t: string) => new Map(runs.filter(r => flattenResult(r).topology === t).map(r => [r.record.config.seed, r.record.testAccuracy]));
    const [ra, rb] = [bySeed(a), bySeed(b)];
    const diffs = [...ra.keys()].filter(s => rb.has(s)).map(s => ra.get(s)! - rb.get(s)!);
    if (diffs.length) out.push({ dataset: flattenResult(runs[0]).dataset, density: runs[0].record.config.density, gap: meanSd(diffs) });
  }
  return out.sort((x, y) => x.dataset.localeCompare(y.dataset) || x.density - y.density);
}

export interface GapCorrelation {
  dataset: string;
  density: number;
  n: number;
  r: number;
  /** Percentile bootstrap 95% interval of r (2000 resamples of the runs, seeded). */
  low: number;
  high: number;
}

/** The sparse fixed-graph runs of each dataset and density with their graphs' spectral gap (minimum over sparse layers). */
function gapPoints(results: readonly StoredResult[], cache: GraphStatsCache): { f: FlatRecord; gap: number }[] {
  return results.flatMap(r => {
    const f = flattenResult(r);
    if (isDenseReference(f) || f.sparsity !== 'fixed') return [];
    const g = finalGraphStats(r.record, cache);
    return g ? [{ f, gap: g.spectralGap }] : [];
  });
}

/** r(spectral gap, test accuracy) within each dataset and density, over every graph class, with its interval. */
export function gapCorrelations(results: readonly StoredResult[], cache: GraphStatsCache, seed = 1): GapCorrelation[] {
  const groups = groupBy(gapPoints(results, cache), p => `${p.f.dataset}|${p.f.density}`);
  return [...groups.values()].map(g => {
    const xs = g.map(p => p.gap), ys = g.map(p => p.f.testAccuracy);
    const r = xs.length >= 3 ? pearson(xs, ys) : NaN;
    const ci = xs.length >= 3 ? bootstrapInterval(xs, ys, pearson, makeRng(seed, `structure/bootstrap/${g[0].f.dataset}/${g[0].f.density}`)) : { low: NaN, high: NaN };
    return { dataset: g[0].f.dataset, density: g[0].f.density, n: xs.length, r, ...ci };
  }).sort((a, b) => a.dataset.localeCompare(b.dataset) || a.density - b.density);
}

/** Accuracy against spectral gap at one density: original and permuted pixels side by side, one colour per class. */
export function gapScatterFigures(results: readonly StoredResult[], cache: GraphStatsCache, density: number): Figure[] {
  const pts = gapPoints(results, cache).filter(p => p.f.density === density);
  return [...groupBy(pts, p => p.f.dataset).values()].map(g => scatter(g.map(p => ({ x: p.gap, y: p.f.testAccuracy,
    topology: p.f.topology.startsWith('small-world') ? 'small-world' : p.f.topology })), {
    name: `structure-accuracy-vs-spectral-gap-${nameSlug(g[0].f.dataset)}-at-${nameSlug(density)}`,
    title: `${g[0].f.dataset} at ${densityLabel(density)}: accuracy vs spectral gap`,
    caption: `784-300-100-10 at ${densityLabel(density)} on ${g[0].f.dataset}: each run's test accuracy against the spectral gap of its `
      + 'graphs (minimum over the sparse layers), every graph class and rewiring probability.',
    xTitle: 'spectral gap (min over sparse layers)', yTitle: 'test accuracy', yTickformat: '.1%',
  }));
}

export interface WidthPoint {
  arch: string;
  topology: string;
  /** The budget the run was sized to, read back as its mean connection count. */
  connections: number;
  accuracy: MeanSd;
}

/** Mean accuracy per architecture, class and budget (runs of the width preset). */
export function widthPoints(results: readonly StoredResult[]): WidthPoint[] {
  return [...groupRuns(results, ['arch', 'topology', 'density']).values()].map(g => {
    const f = flattenResult(g[0]);
    return { arch: f.arch, topology: f.topology, connections: meanSd(g.map(r => r.record.connections)).mean, accuracy: accuracyOf(g) };
  });
}

/** Accuracy against hidden width (first hidden layer, log x) at each budget, one line per class and budget. */
export function widthFigure(pts: readonly WidthPoint[], name: string): Figure {
  const budgetOf = (c: number) => (c > 100_000 ? 'dense budget' : '10% budget');
  const width = (arch: string) => Number(arch.split('-')[1]);
  const series = [...groupBy(pts, p => `${p.topology}|${budgetOf(p.connections)}`).values()].map(g => {
    const sorted = [...g].sort((a, b) => width(a.arch) - width(b.arch));
    return { name: `${g[0].topology === 'dense' ? 'dense' : g[0].topology}, ${budgetOf(g[0].connections)}`, topology: g[0].topology,
      dash: budgetOf(g[0].connections) === 'dense budget' ? 'solid' as const : 'dash' as const,
      x: sorted.map(p => width(p.arch)), y: sorted.map(p => p.accuracy.mean) };
  });
  return lineChart(series, {
    name, title: 'Width at a fixed connection budget',
    caption: 'Mean test accuracy of networks 784-W-W/3(-10) holding the connections of dense 784-300-100-10 (266,200; solid) or 10% '
      + 'of them (26,620; dashed): wider networks are sparser. The dense network is the point at width 300 of the solid lines.',
    xTitle: 'first hidden layer width', yTitle: 'test accuracy', logX: true, xTickformat: '~s', yTickformat: '.1%',
  });
}

const gapCell = (g: MeanSd) => `${points(g.mean)}${g.sd !== null ? ` ± ${points(g.sd)}` : ''}`;
const rCell = (c: GapCorrelation) => (Number.isNaN(c.r) ? '–' : `${c.r.toFixed(3)} [${c.low.toFixed(3)}, ${c.high.toFixed(3)}]`);

/** The section's answer in words: band − random, local − random, r within density, and width at the dense budget. */
export function structureFindings(structure: readonly StoredResult[], width: readonly StoredResult[], cache: GraphStatsCache): string {
  if (structure.length === 0) return '_Not yet: no `structure` results (`npm run sweep -- --preset structure`)._';
  const band = classGaps(structure, 'circulant', 'random');
  const local = classGaps(structure, 'local', 'random');
  const corr = gapCorrelations(structure, cache);
  const lines = [markdownTable(['dataset', 'density', 'band − random', 'local − random', 'r(spectral gap, accuracy) [95% CI]', 'runs'],
    band.map(b => {
      const l = local.find(x => x.dataset === b.dataset && x.density === b.density);
      const c = corr.find(x => x.dataset === b.dataset && x.density === b.density);
      return [b.dataset, densityLabel(b.density), gapCell(b.gap), l ? gapCell(l.gap) : '–', c ? rCell(c) : '–', c ? String(c.n) : '–'];
    }))];
  const perm = corr.filter(c => c.dataset.endsWith('-permuted'));
  const orig = corr.filter(c => !c.dataset.endsWith('-permuted'));
  const sign = (cs: GapCorrelation[]) => cs.map(c => `${datasetName(c.dataset)} ${densityLabel(c.density)}: r = ${c.r.toFixed(2)}${c.low > 0 ? ' (interval above 0)' : c.high < 0 ? ' (interval below 0)' : ' (interval spans 0)'}`).join('; ');
  lines.push('', `- With the pixels in order, expansion and accuracy within a density: ${sign(orig)}.`,
    `- With the pixels permuted (no locality left to exploit): ${sign(perm)}.`);
  for (const [what, gaps] of [['the local graph', local], ['the circulant band', band]] as const) {
    const worth = orderedVsPermuted(gaps);
    if (worth.length) lines.push(`- What locality is worth to ${what} (its lead over random, ordered → permuted pixels): ${worth.join('; ')}.`);
  }
  const w = widthPoints(width);
  const atDense = w.filter(p => p.connections > 100_000);
  const dense = atDense.find(p => p.topology === 'dense');
  const best = atDense.filter(p => p.topology !== 'dense').sort((a, b) => b.accuracy.mean - a.accuracy.mean)[0];
  if (dense && best) {
    lines.push(`- At the dense network's budget (266,200 connections) the best sparse network is ${best.arch} ${best.topology}: `
      + `${percent(best.accuracy.mean)} against dense 784-300-100-10's ${percent(dense.accuracy.mean)} (${points(best.accuracy.mean - dense.accuracy.mean)}).`);
  }
  return lines.join('\n');
}

/** Section 5.5 as parts: findings, the p curve, accuracy against the spectral gap at 5% and 10%, width. */
export function structureSection(structure: readonly StoredResult[], fashion: readonly StoredResult[], width: readonly StoredResult[],
  cache: GraphStatsCache): SectionPart[] {
  if (structure.length === 0) return [{ markdown: structureFindings(structure, width, cache) }];
  const all = [...structure, ...fashion];
  return [
    { markdown: structureFindings(all, width, cache) },
    { figures: [rewireFigure(rewireCurve(all), 'structure-accuracy-vs-rewiring'),
      ...[0.05, 0.1].flatMap(d => gapScatterFigures(structure, cache, d)),
      ...(width.length ? [widthFigure(widthPoints(width), 'structure-width-at-fixed-budget')] : [])] },
  ];
}

// The findings list MNIST and Fashion-MNIST side by side: each entry names its dataset (the permuted suffix is the
// sentence's, not the entry's).
const datasetName = (dataset: string) => (dataset.startsWith('fashion-mnist') ? 'Fashion-MNIST' : 'MNIST');

/** Per dataset and density, a class's lead over random on ordered and on permuted pixels: 'MNIST 5%: 0.99 pp → -0.05 pp'. */
function orderedVsPermuted(gaps: readonly ClassGap[]): string[] {
  return gaps.filter(g => !g.dataset.endsWith('-permuted')).flatMap(g => {
    const p = gaps.find(x => x.dataset === `${g.dataset}-permuted` && x.density === g.density);
    return p ? [`${datasetName(g.dataset)} ${densityLabel(g.density)}: ${points(g.gap.mean)} → ${points(p.gap.mean)}`] : [];
  });
}

/** Two sentences for the conclusion: what locality is worth at the largest density measured, and r without it. */
export function structureInBrief(structure: readonly StoredResult[], cache: GraphStatsCache): string {
  if (structure.length === 0) return '_Section 5.5 has no results yet: nothing is said here about locality against expansion._';
  const local = orderedVsPermuted(classGaps(structure, 'local', 'random'));
  const r = gapCorrelations(structure, cache).filter(c => c.dataset.endsWith('-permuted'));
  return [local.length ? `- Locality: the local graph's lead over random graphs, pixels as they are → permuted: ${local.join('; ')}.` : '',
  r.length ? `- Expansion once locality is removed (permuted pixels), r(spectral gap, accuracy) within a density: `
    + r.map(c => `${datasetName(c.dataset)} ${densityLabel(c.density)} ${c.r.toFixed(2)} [${c.low.toFixed(2)}, ${c.high.toFixed(2)}]`).join(', ') + '.' : ''].filter(Boolean).join('\n');
}
