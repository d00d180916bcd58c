// Section 5: where the accuracy comes from. (a) Diminishing returns: accuracy gained per added connection between
// consecutive densities. (b) Expansion at equal density: each run's layer graphs are regenerated from its config
// (exactly as the trainer built them) and measured; accuracy is then correlated with spectral gap and algebraic
// connectivity within each density, and pooled over densities after subtracting each density's means (so that the
// strong density effect cannot masquerade as an expansion effect). (c) Accuracy against model size.
import type { StoredResult } from '../experiments/result-store';
import type { SummaryRow } from '../experiments/summary';
import { flattenResult } from '../experiments/summary';
import type { Figure } from '../plot/figure';
import { bar } from '../plot/builders/distribution';
import { lineChart } from '../plot/builders/lines';
import { scatter, type ScatterPoint } from '../plot/builders/scatter';
import { pearson } from '../plot/stats';
import { orderTopologies } from '../plot/style';
import { allocateDensities } from '../topology/allocation';
import { allocatedCostTable } from '../topology/cost';
import { layerMetrics } from '../topology/metrics';
import { networkSpecs } from '../topology/network';
import { generate, generators } from '../topology/registry';
import type { RunRecord } from '../train/config';
import { densityLabel } from './prose';
import { archSizes, groupBy, nameSlug } from './stats';

// ---- (a) diminishing returns ----

export interface MarginalGain {
  dataset: string;
  arch: string;
  allocation: string;
  topology: string;
  from: number;
  to: number;
  accuracyGain: number;
  connectionsAdded: number;
  /** Accuracy (fraction) gained per 1000 added connections. */
  gainPer1000: number;
}

/**
 * Between consecutive measured densities of each curve (the last step goes to the dense network of the same arch):
 * accuracy gained per 1000 added connections.
 */
export function marginalGains(summary: readonly SummaryRow[]): MarginalGain[] {
  const out: MarginalGain[] = [];
  const dense = summary.filter(r => r.topology === 'dense');
  for (const rows of groupBy(summary.filter(r => r.topology !== 'dense'), r => [r.dataset, r.arch, r.allocation, r.mode, r.topology].join('|')).values()) {
    const ref = dense.find(d => d.dataset === rows[0].dataset && d.arch === rows[0].arch && d.mode === rows[0].mode);
    const curve = [...rows].sort((a, b) => a.density - b.density).concat(ref ? [ref] : []);
    for (let i = 1; i < curve.length; i++) {
      const a = curve[i - 1], b = curve[i];
      const added = b.connectionsMean - a.connectionsMean;
      const gain = b.testAccuracyMean - a.testAccuracyMean;
      out.push({ dataset: a.dataset, arch: a.arch, allocation: rows[0].allocation, topology: rows[0].topology,
        from: a.density, to: b.density, accuracyGain: gain, connectionsAdded: added, gainPer1000: added > 0 ? (1000 * gain) / added : NaN });
    }
  }
  return out;
}

/** Mean gain per 1000 connections over the graph classes, one bar per density step, one figure per (arch, allocation). */
export function marginalGainFigures(gains: readonly MarginalGain[], prefix = 'analysis'): Figure[] {
  return [...groupBy(gains, g => [g.dataset, g.arch, g.allocation].join('|')).values()].map(rows => {
    const steps = [...groupBy(rows, g => `${g.from}|${g.to}`).values()].sort((a, b) => a[0].from - b[0].from);
    return bar(steps.map(s => ({
      label: `${densityLabel(s[0].from)}→${densityLabel(s[0].to)}`,
      value: s.reduce((t, g) => t + g.gainPer1000, 0) / s.length,
    })), {
      name: `${prefix}-marginal-gain-${nameSlug(rows[0].arch)}-${nameSlug(rows[0].allocation)}`,
      caption: `${rows[0].arch} (${rows[0].allocation}): test accuracy gained per 1000 added connections between consecutive `
        + 'densities, mean over the graph classes; the last step is to the dense network.',
      title: `${rows[0].arch}, ${rows[0].allocation}: accuracy per added connection`,
      xTitle: 'density step', yTitle: 'accuracy gain per 1000 connections', yTickformat: '.3%',
    });
  });
}

// ---- (b) expansion at equal density ----

export interface GraphStats {
  /** Minimum over the sparse layers: a signal must cross every layer, so the worst-expanding one bounds the network. */
  spectralGap: number;
  algebraicConnectivity: number;
  /** The first layer's values (it holds most of the connections of the MNIST nets). */
  firstSpectralGap: number;
  firstAlgebraicConnectivity: number;
  /** The first layer's inputs with no edge (pixels the network never sees). */
  firstDeadInputs: number;
}

/** Layer sizes of a run, from its record ([784, 300, 100, 10]). */
export const recordSizes = (r: RunRecord): number[] => [r.layers[0].nIn, ...r.layers.map(l => l.nOut)];

/** What determines a run's graphs: seed-free classes share one entry across seeds. */
export function graphKey(r: RunRecord): string {
  const c = r.config;
  const seeded = generators[c.topology].seeded;
  return [recordSizes(r).join('-'), c.allocation, c.denseOutput, c.topology, c.density, seeded ? c.seed : '-'].join('|');
}

/** Regenerate a run's graphs (allocateDensities + networkSpecs + generate, as the trainer does) and measure them. */
export function graphStats(r: RunRecord): GraphStats {
  const c = r.config;
  const sizes = recordSizes(r);
  const densities = allocateDensities(sizes, c.density, c.allocation, { denseOutput: c.denseOutput });
  const metrics = networkSpecs(c.topology, densities, c.seed).flatMap((spec, l) => (spec.kind === 'dense' ? []
    : [layerMetrics(generate(spec, sizes[l], sizes[l + 1]))]));
  if (metrics.length === 0) throw new Error(`graphStats: run ${c.topology} ${c.density} has no sparse layer`);
  return {
    spectralGap: Math.min(...metrics.map(m => m.spectralGap)),
    algebraicConnectivity: Math.min(...metrics.map(m => m.algebraicConnectivity)),
    firstSpectralGap: metrics[0].spectralGap, firstAlgebraicConnectivity: metrics[0].algebraicConnectivity,
    firstDeadInputs: metrics[0].deadInputs,
  };
}

/** graphStats memoised by graphKey, across calls (and notebook cells). */
export class GraphStatsCache {
  private readonly cache = new Map<string, GraphStats>();
  constructor(private readonly compute: (r: RunRecord) => GraphStats = graphStats) {}
  get(r: RunRecord): GraphStats {
    const key = graphKey(r);
    let s = this.cache.get(key);
    if (!s) { s = this.compute(r); this.cache.set(key, s); }
    return s;
  }
  get size(): number { return this.cache.size; }
}

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
  return results.filter(r => r.record.config.topology !== 'dense' && r.record.config.density < 1 && !r.record.config.sparsity)
    .map(r => {
      const f = flattenResult(r);
      return { dataset: f.dataset, arch: f.arch, allocation: f.allocation, topology: f.topology, density: f.density,
        seed: f.seed, testAccuracy: f.testAccuracy, ...cache.get(r.record) };
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

// ---- (c) accuracy against size ----

export interface SizedRow {
  row: SummaryRow;
  params: number;
  csrBytes: number;
  seedBytes: number;
  denseBytes: number;
  /** How the model would be stored: the dense network as a plain array, a sparse one in CSR. */
  modelBytes: number;
}

/** Storage of each configuration from the cost table (the dense row costs the dense network). */
export function sizedRows(summary: readonly SummaryRow[], denseOutput: boolean): SizedRow[] {
  return summary.map(row => {
    const rows = allocatedCostTable(archSizes(row.arch), row.topology === 'dense' ? 1 : row.density, row.allocation as 'uniform',
      row.topology as 'dense', { denseOutput });
    const total = rows[rows.length - 1];
    const modelBytes = row.topology === 'dense' ? total.denseBytes : total.csrBytes;
    return { row, params: total.params, csrBytes: total.csrBytes, seedBytes: total.seedBytes, denseBytes: total.denseBytes, modelBytes };
  });
}

/** Accuracy against CSR bytes (log x), one line per class plus the dense point, per (arch, allocation). */
export function accuracyVsBytesFigures(sized: readonly SizedRow[], prefix = 'analysis'): Figure[] {
  const dense = sized.filter(s => s.row.topology === 'dense');
  return [...groupBy(sized.filter(s => s.row.topology !== 'dense'), s => [s.row.dataset, s.row.arch, s.row.allocation].join('|')).values()].map(rows => {
    const { arch, allocation, dataset } = rows[0].row;
    const byTopology = groupBy(rows, s => s.row.topology);
    const ref = dense.filter(d => d.row.arch === arch && d.row.dataset === dataset);
    const series = orderTopologies(byTopology.keys()).map(t => {
      const pts = [...byTopology.get(t)!].sort((a, b) => a.modelBytes - b.modelBytes);
      return { name: t, topology: t, x: pts.map(p => p.modelBytes / 1024), y: pts.map(p => p.row.testAccuracyMean) };
    });
    if (ref.length) series.push({ name: 'dense', topology: 'dense', x: [ref[0].modelBytes / 1024], y: [ref[0].row.testAccuracyMean] });
    return lineChart(series, {
      name: `${prefix}-accuracy-vs-bytes-${nameSlug(arch)}-${nameSlug(allocation)}`,
      caption: `${arch} (${allocation}): mean test accuracy against model size in CSR format (float32 values + indices + biases), `
        + 'per graph class; the dense network (stored as a plain float32 array) as a single point.',
      title: `${arch}, ${allocation}: accuracy vs model size`, xTitle: 'model size (KiB, log scale)', yTitle: 'test accuracy',
      logX: true, yTickformat: '.1%',
    });
  });
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

/** Per (arch, allocation): where accuracy per connection is highest and how it compares with the last step. */
export function gainsFindings(gains: readonly MarginalGain[]): string {
  if (gains.length === 0) return '_Fewer than two densities per curve: no step to measure._';
  return [...groupBy(gains, g => `${g.dataset}|${g.arch}|${g.allocation}`).values()].map(rows => {
    const steps = [...groupBy(rows, g => `${g.from}|${g.to}`).values()].sort((a, b) => a[0].from - b[0].from)
      .map(s => ({ from: s[0].from, to: s[0].to, v: s.reduce((t, g) => t + g.gainPer1000, 0) / s.length }));
    const first = steps[0], last = steps[steps.length - 1];
    const ratio = last.v !== 0 ? first.v / last.v : NaN;
    const step = (s: typeof first) => `${(100 * s.v).toFixed(3)} pp per 1000 connections from ${densityLabel(s.from)} to ${densityLabel(s.to)}`;
    const head = `**${rows[0].arch}, ${rows[0].allocation}**: `;
    if (steps.length === 1) return `${head}${step(first)} (one step only).`;
    // A ratio means something only while both steps gain; a last step that gains nothing or loses is said as such.
    const tail = last.v <= 0 ? ' (the last step buys no accuracy at all).'
      : Number.isFinite(ratio) && first.v > 0 ? ` (the first step pays ${ratio.toFixed(1)}× the last).` : '.';
    return `${head}${step(first)}, ${step(last)}${tail}`;
  }).join('\n\n');
}
