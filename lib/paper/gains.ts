// Section 5(a), diminishing returns: accuracy gained per added connection between consecutive measured densities.
import type { SummaryRow } from '../experiments/summary';
import { isDenseReference } from '../experiments/run-fields';
import type { Figure } from '../plot/figure';
import { bar } from '../plot/builders/distribution';
import { groupBy } from '../base/stats';
import { densityLabel } from './prose';
import { nameSlug } from './stats';

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
  const dense = summary.filter(isDenseReference);
  for (const rows of groupBy(summary.filter(r => !isDenseReference(r)), r => [r.dataset, r.arch, r.allocation, r.mode, r.topology].join('|')).values()) {
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
