// Section 5(b), expansion at equal density: each fixed-graph run's graphs (lib/experiments/graph-metrics) against its
// accuracy, correlated within each density and pooled over densities after subtracting each density's means, so
// that the strong density effect cannot masquerade as an expansion effect.
import type { StoredResult } from '../experiments/result-store';
import { flattenResult } from '../experiments/summary';
import { isDenseReference } from '../experiments/run-fields';
import { finalGraphStats, type GraphStats, type GraphStatsCache } from '../experiments/graph-metrics';
import type { Figure } from '../plot/figure';
import { scatter, type ScatterPoint } from '../plot/builders/scatter';
import { groupBy, pearson } from '../base/stats';
import { densityLabel } from './prose';
import { nameSlug } from './stats';

export { GraphStatsCache, graphKey, graphStats, type GraphStats } from '../experiments/graph-metrics';

export interface ExpansionPoint extends GraphStats {
  dataset: string;
  arch: string;
  allocation: string;
  topology: string;
  density: number;
  seed: number;
  testAccuracy: number;
}

/** One point per fixed-graph sparse run (dense and dynamic-sparsity runs have no fixed graph to measure). */
export function expansionPoints(results: readonly StoredResult[], cache: GraphStatsCache): ExpansionPoint[] {
  return results.flatMap(r => {
    const f = flattenResult(r);
    if (f.sparsity !== 'fixed' || isDenseReference(f) || f.density >= 1) return [];
    const graphs = finalGraphStats(r.record, cache)!;
    return [{ dataset: f.dataset, arch: f.arch, allocation: f.allocation, topology: f.topology, density: f.density,
      seed: f.seed, testAccuracy: f.testAccuracy, ...graphs }];
  });
}

export type ExpansionMetric = 'spectralGap' | 'algebraicConnectivity';
export const metricTitles: Record<ExpansionMetric, string> = { spectralGap: 'spectral gap', algebraicConnectivity: 'algebraic connectivity' };

export interface DensityCorrelation {
  density: number;
  n: number;
  /** NaN when undefined (fewer than 3 points, or a constant variable). */
  r: number;
}

export interface EqualDensityCorrelation {
  perDensity: DensityCorrelation[];
  /** Pearson r of the residuals after subtracting each density's mean metric and mean accuracy. */
  pooled: { n: number; r: number };
}

const safePearson = (xs: number[], ys: number[]) => (xs.length >= 3 ? pearson(xs, ys) : NaN);

/** Points of ONE (dataset, arch, allocation): r per density, and pooled over densities on within-density residuals. */
export function correlationAtEqualDensity(points: readonly ExpansionPoint[], metric: ExpansionMetric): EqualDensityCorrelation {
  const groups = [...groupBy(points, p => String(p.density)).values()].sort((a, b) => a[0].density - b[0].density);
  const residualX: number[] = [], residualY: number[] = [];
  const perDensity = groups.map(g => {
    const xs = g.map(p => p[metric]), ys = g.map(p => p.testAccuracy);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
    xs.forEach((x, i) => { residualX.push(x - mx); residualY.push(ys[i] - my); });
    return { density: g[0].density, n: g.length, r: safePearson(xs, ys) };
  });
  return { perDensity, pooled: { n: residualX.length, r: safePearson(residualX, residualY) } };
}

/** Within-density residuals as scatter points (metric − its density's mean, accuracy − its density's mean). */
export function residualPoints(points: readonly ExpansionPoint[], metric: ExpansionMetric): ScatterPoint[] {
  return [...groupBy(points, p => String(p.density)).values()].flatMap(g => {
    const mx = g.reduce((s, p) => s + p[metric], 0) / g.length, my = g.reduce((s, p) => s + p.testAccuracy, 0) / g.length;
    return g.map(p => ({ x: p[metric] - mx, y: p.testAccuracy - my, topology: p.topology }));
  });
}

export function expansionFigures(points: readonly ExpansionPoint[], focusDensity: number, prefix = 'analysis'): Figure[] {
  const { arch, allocation } = points[0];
  const tag = `${nameSlug(arch)}-${nameSlug(allocation)}`;
  const focus = points.filter(p => p.density === focusDensity);
  return (Object.keys(metricTitles) as ExpansionMetric[]).flatMap(metric => {
    const title = metricTitles[metric];
    const figs: Figure[] = [];
    if (focus.length >= 2 && new Set(focus.map(p => p[metric])).size > 1) {
      figs.push(scatter(focus.map(p => ({ x: p[metric], y: p.testAccuracy, topology: p.topology })), {
        name: `${prefix}-accuracy-vs-${nameSlug(metric === 'spectralGap' ? 'spectral-gap' : 'algebraic-connectivity')}-${tag}-at-${nameSlug(focusDensity)}`,
        caption: `${arch} (${allocation}) at ${densityLabel(focusDensity)} of the connections: test accuracy of each run against `
          + `the ${title} of its graphs (minimum over the sparse layers).`,
        title: `${arch} at ${densityLabel(focusDensity)}: accuracy vs ${title}`, xTitle: `${title} (min over sparse layers)`,
        yTitle: 'test accuracy', yTickformat: '.1%',
      }));
    }
    const residuals = residualPoints(points, metric);
    if (residuals.length >= 2 && new Set(residuals.map(p => p.x)).size > 1) {
      figs.push(scatter(residuals, {
        name: `${prefix}-residual-${nameSlug(metric === 'spectralGap' ? 'spectral-gap' : 'algebraic-connectivity')}-${tag}`,
        caption: `${arch} (${allocation}), all densities pooled: test accuracy against ${title}, each as the deviation from `
          + 'the mean of its density, so density itself cannot drive the correlation.',
        title: `${arch}: ${title} vs accuracy within each density`, xTitle: `${title} − mean at its density`,
        yTitle: 'accuracy − mean at its density', yTickformat: '.2%',
      }));
    }
    return figs;
  });
}

/** Sign and size of r in words, for computed prose. */
export function describeR(r: number): string {
  if (Number.isNaN(r)) return 'undefined (too few points or no variation)';
  const size = Math.abs(r) < 0.1 ? 'negligible' : Math.abs(r) < 0.3 ? 'weak' : Math.abs(r) < 0.6 ? 'moderate' : 'strong';
  return `${size} ${r >= 0 ? 'positive' : 'negative'} (r = ${r.toFixed(3)})`;
}


/** The density the single-density scatter uses: 10% when measured (the research question's), else the sparsest. */
export function focusDensity(densities: readonly number[]): number {
  const sparse = densities.filter(d => d < 1).sort((a, b) => a - b);
  return sparse.includes(0.1) ? 0.1 : sparse[0];
}

/** Points split by (dataset, arch, allocation): correlations are only meaningful within one network shape. */
export const expansionGroups = (points: readonly ExpansionPoint[]): ExpansionPoint[][] =>
  [...groupBy(points, p => [p.dataset, p.arch, p.allocation].join('|')).values()];

/** Per group: r within each density and pooled, for both metrics, as a table plus a sentence each. */
export function expansionFindings(groups: readonly ExpansionPoint[][]): string {
  if (groups.length === 0) return '_No fixed-graph sparse runs to measure yet._';
  return groups.map(g => {
    const [s, a] = (['spectralGap', 'algebraicConnectivity'] as const).map(m => correlationAtEqualDensity(g, m));
    const fmt = (r: number) => (Number.isNaN(r) ? '–' : r.toFixed(3));
    const rows = s.perDensity.map((d, i) => `| ${densityLabel(d.density)} | ${d.n} | ${fmt(d.r)} | ${fmt(a.perDensity[i].r)} |`);
    return [`**${g[0].arch}, ${g[0].allocation}** — pooled over densities (within-density residuals, n = ${s.pooled.n}): `
      + `spectral gap ${describeR(s.pooled.r)}, algebraic connectivity ${describeR(a.pooled.r)}.`, '',
    '| density | runs | r (spectral gap) | r (algebraic conn.) |', '| --- | --- | --- | --- |', ...rows].join('\n');
  }).join('\n\n');
}
