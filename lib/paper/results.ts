// Section 4: test accuracy against the fraction of connections kept, one curve per graph class (mean ± sd over seeds),
// one figure per architecture and allocation, the dense network of that architecture as the reference line.
import type { SummaryRow } from '../experiments/summary';
import { isDenseReference } from '../experiments/run-fields';
import type { Figure } from '../plot/figure';
import { accuracyVsDensity, type DensityRow } from '../plot/builders/density';
import { densityLabel, percent, points } from './prose';
import { groupBy } from '../base/stats';
import { nameSlug } from './stats';

/** Sparse rows of one (dataset, arch, allocation, mode) plus that arch's dense row. */
export interface AccuracyPanel {
  dataset: string;
  arch: string;
  allocation: string;
  mode: string;
  sparse: SummaryRow[];
  dense?: SummaryRow;
}


/** Test-accuracy summary rows as the density figure's rows. */
const densityRows = (rows: readonly SummaryRow[]): DensityRow[] =>
  rows.map(r => ({ topology: r.topology, density: r.density, mean: r.testAccuracyMean, std: r.testAccuracyStd, n: r.n }));

export function accuracyPanels(summary: readonly SummaryRow[]): AccuracyPanel[] {
  const dense = summary.filter(isDenseReference);
  const groups = groupBy(summary.filter(r => !isDenseReference(r)), r => [r.dataset, r.arch, r.allocation, r.mode].join('|'));
  return [...groups.values()].map(rows => {
    const { dataset, arch, allocation, mode } = rows[0];
    return { dataset, arch, allocation, mode, sparse: rows, dense: dense.find(d => d.dataset === dataset && d.arch === arch && d.mode === mode) };
  });
}

export function accuracyFigures(panels: readonly AccuracyPanel[], prefix = 'results'): Figure[] {
  return panels.map(p => accuracyVsDensity(densityRows(p.dense ? [...p.sparse, p.dense] : p.sparse), {
    name: `${prefix}-accuracy-${nameSlug(p.dataset)}-${nameSlug(p.arch)}-${nameSlug(p.allocation)}${p.mode === 'sparse' ? '' : `-${p.mode}`}`,
    caption: `${p.dataset} test accuracy of ${p.arch} against the fraction of connections kept (${p.allocation} allocation), `
      + 'mean ± sd over seeds per graph class; dashed: the dense network.',
    title: `${p.dataset === 'mnist' ? '' : `${p.dataset}: `}${p.arch}, ${p.allocation} allocation`,
  }));
}

/** Per panel: the dense accuracy, the best class at each density and its gap to dense, and the sparsest density within `tolerance`. */
export function resultsFindings(panels: readonly AccuracyPanel[], tolerance = 0.01): string {
  if (panels.length === 0) return '_No sparse runs in these results yet._';
  return panels.map(p => {
    const head = `**${p.arch}, ${p.allocation}**`;
    if (!p.dense) return `${head}: no dense run to compare with yet.`;
    const denseAcc = p.dense.testAccuracyMean;
    const byDensity = groupBy(p.sparse, r => String(r.density));
    const best = [...byDensity.values()].map(rows => rows.reduce((a, b) => (b.testAccuracyMean > a.testAccuracyMean ? b : a)))
      .sort((a, b) => a.density - b.density);
    const steps = best.map(b => `${densityLabel(b.density)}: ${b.topology} ${percent(b.testAccuracyMean)} (${points(b.testAccuracyMean - denseAcc)})`);
    const within = best.find(b => denseAcc - b.testAccuracyMean <= tolerance);
    const verdict = within
      ? `the sparsest density within ${points(tolerance, 0)} of dense is **${densityLabel(within.density)}** (${within.topology})`
      : `no density measured comes within ${points(tolerance, 0)} of dense`;
    return `${head}: dense ${percent(denseAcc)}; best class per density (gap to dense): ${steps.join('; ')}. So ${verdict}.`;
  }).join('\n\n');
}

/** The architecture (as summary rows spell it) whose hidden layers are `hidden`, e.g. [300, 100] → '784-300-100-10'. */
export function archOf(summary: readonly SummaryRow[], hidden: readonly number[]): string | undefined {
  return summary.map(r => r.arch).find(a => a.split('-').slice(1, -1).join('-') === hidden.join('-'));
}
