// Section 7: the headline — most of the accuracy arrives with few connections — and what it means for storing the
// model on a small device: accuracy against connections, and a size table from the cost table.
import type { SummaryRow } from '../experiments/summary';
import { isDenseReference } from '../experiments/run-fields';
import type { Figure } from '../plot/figure';
import { lineChart } from '../plot/builders/lines';
import { paperTable } from './tables';
import { orderTopologies } from '../plot/style';
import { sizedRows, type SizedRow } from './size';
import { bytes, count, densityLabel, percent } from './prose';
import { groupBy } from '../base/stats';
import { nameSlug } from './stats';
import type { StoredResult } from '../experiments/result-store';
import { comparisonLines, methodComparison } from './future';
import { gapContrastLines, gapSummary, gapToDense, matchingRuns } from './dataset-gap';

export interface Headline {
  arch: string;
  allocation: string;
  dense?: SizedRow;
  /** Per measured density, the configuration (graph class) with the best mean accuracy. */
  best: SizedRow[];
  all: SizedRow[];
}

/** The headline architecture's rows (uniform allocation, fixed graphs), sized by the cost table. */
export function headline(summary: readonly SummaryRow[], arch: string, denseOutput: boolean, allocation = 'uniform'): Headline {
  const rows = summary.filter(r => r.arch === arch && (isDenseReference(r) || r.allocation === allocation));
  const sized = sizedRows(rows, denseOutput);
  const sparse = sized.filter(s => !isDenseReference(s.row));
  const best = [...groupBy(sparse, s => String(s.row.density)).values()]
    .map(g => g.reduce((a, b) => (b.row.testAccuracyMean > a.row.testAccuracyMean ? b : a)))
    .sort((a, b) => a.row.density - b.row.density);
  return { arch, allocation, dense: sized.find(s => isDenseReference(s.row)), best, all: sparse };
}

/** Accuracy against connections (log x): one line per graph class, the dense network as a point. */
export function headlineFigure(h: Headline): Figure {
  const byTopology = groupBy(h.all, s => s.row.topology);
  const series = orderTopologies(byTopology.keys()).map(t => {
    const pts = [...byTopology.get(t)!].sort((a, b) => a.row.connectionsMean - b.row.connectionsMean);
    return { name: t, topology: t, x: pts.map(p => p.row.connectionsMean), y: pts.map(p => p.row.testAccuracyMean) };
  });
  if (h.dense) series.push({ name: 'dense', topology: 'dense', x: [h.dense.row.connectionsMean], y: [h.dense.row.testAccuracyMean] });
  return lineChart(series, {
    name: `conclusion-accuracy-vs-connections-${nameSlug(h.arch)}`,
    caption: `The headline: ${h.arch} (${h.allocation} allocation) test accuracy against the number of connections (log scale), `
      + 'per graph class, mean over seeds; the dense network as a point at the right.',
    title: `${h.arch}: accuracy vs connections`, xTitle: 'connections (log scale)', yTitle: 'test accuracy', logX: true, yTickformat: '.1%',
  });
}

const sizeColumns = ['network', 'test accuracy', '% of dense accuracy', 'connections', 'bytes (CSR)', 'bytes (by seed)', '% of dense bytes'];

/** Per density the best class: accuracy, share of dense accuracy, size in CSR and values-only, share of the dense model's bytes. */
export function sizeTable(h: Headline): Figure {
  const denseAcc = h.dense?.row.testAccuracyMean;
  const denseBytes = h.dense?.denseBytes ?? h.best[0]?.denseBytes;
  const rows = h.best.map(s => [
    `${s.row.topology} ${densityLabel(s.row.density)}`, percent(s.row.testAccuracyMean),
    denseAcc ? percent(s.row.testAccuracyMean / denseAcc, 1) : '–', count(s.row.connectionsMean), bytes(s.csrBytes), bytes(s.seedBytes),
    percent(s.csrBytes / denseBytes, 1),
  ]);
  if (h.dense) rows.push(['dense', percent(h.dense.row.testAccuracyMean), '100.0%', count(h.dense.row.connectionsMean), `${bytes(h.dense.denseBytes)} (array)`, '–', '100.0%']);
  return paperTable(sizeColumns, rows, {
    name: `conclusion-model-size-${nameSlug(h.arch)}`, width: 1000, columnWidths: [1.3, 0.9, 1, 0.9, 0.9, 0.9, 0.9],
    caption: `${h.arch}: the best graph class at each density, its accuracy relative to dense and its storage (CSR, and values-only `
      + 'with the graph regenerated from its seed) relative to the dense float32 model.',
  });
}

/** The smallest model within `tolerance` of dense accuracy, in words; honest when none is. */
export function conclusionFindings(h: Headline, tolerance = 0.01): string {
  if (!h.dense) return '_No dense run for the headline architecture yet: the size comparison needs it._';
  const denseAcc = h.dense.row.testAccuracyMean;
  const sparsest = h.best[0];
  const lines = [`- Dense ${h.arch}: ${percent(denseAcc)} test accuracy in ${bytes(h.dense.denseBytes)}.`];
  if (sparsest) {
    lines.push(`- At ${densityLabel(sparsest.row.density)} of the connections (${sparsest.row.topology}): ${percent(sparsest.row.testAccuracyMean)} — `
      + `${percent(sparsest.row.testAccuracyMean / denseAcc, 1)} of the dense accuracy in ${bytes(sparsest.csrBytes)} `
      + `(${percent(sparsest.csrBytes / h.dense.denseBytes, 1)} of the dense bytes).`);
  }
  const within = h.best.find(s => denseAcc - s.row.testAccuracyMean <= tolerance);
  lines.push(within
    ? `- The smallest model within ${(100 * tolerance).toFixed(0)} point(s) of dense: ${within.row.topology} at ${densityLabel(within.row.density)}, `
      + `${bytes(within.csrBytes)} in CSR or ${bytes(within.seedBytes)} with the graph regenerated from its seed `
      + `(${percent(within.csrBytes / h.dense.denseBytes, 1)} / ${percent(within.seedBytes / h.dense.denseBytes, 1)} of dense).`
    : `- No measured density comes within ${(100 * tolerance).toFixed(0)} point(s) of dense accuracy.`);
  return lines.join('\n');
}


/** For each storage budget, the most accurate measured model that fits (CSR, or values-only when regenerated from seeds). */
export function deviceFit(h: Headline, budgetsKiB: readonly number[] = [16, 64, 256, 1024]): string {
  const candidates = [...h.all, ...(h.dense ? [h.dense] : [])];
  const lines = budgetsKiB.map(kib => {
    const pick = (size: (s: SizedRow) => number) => candidates.filter(s => size(s) <= kib * 1024)
      .reduce<SizedRow | undefined>((a, b) => (!a || b.row.testAccuracyMean > a.row.testAccuracyMean ? b : a), undefined);
    const name = (s?: SizedRow) => (s ? `${isDenseReference(s.row) ? 'dense' : `${s.row.topology} ${densityLabel(s.row.density)}`} (${percent(s.row.testAccuracyMean)})` : 'nothing measured fits');
    return `| ${kib} KiB | ${name(pick(s => s.modelBytes))} | ${name(pick(s => (isDenseReference(s.row) ? s.denseBytes : s.seedBytes)))} |`;
  });
  return ['| storage budget | best model stored as CSR | best model, graph regenerated from seed |', '| --- | --- | --- |', ...lines].join('\n');
}

/**
 * Section 6 in a few lines for the conclusion: each dynamic method against dense and the best fixed graph at the
 * dynamic preset's lowest density, and the Fashion-MNIST gap next to MNIST's at each density. Says what is missing.
 */
export function beyondFixedFindings(dynamic: readonly StoredResult[], mnist: readonly StoredResult[], fashion: readonly StoredResult[]): string {
  const lines: string[] = [];
  const densities = [...new Set(dynamic.map(r => r.record.config.density))].filter(d => d < 1);
  const comparison = densities.length ? methodComparison(dynamic, Math.min(...densities))[0] : undefined;
  if (comparison) {
    const [head, ...methods] = comparisonLines(comparison);
    lines.push(`- ${head}:`, ...methods.map(m => `  - ${m}`));
  } else lines.push('- Dynamic sparsity: no `dynamic` results yet.');
  const gaps = gapToDense([...matchingRuns(mnist, fashion), ...fashion]);
  const contrast = gapContrastLines(gapSummary(gaps));
  if (contrast.length) lines.push('- Gap to dense, MNIST vs Fashion-MNIST (mean over graph classes):', ...contrast.map(c => `  - ${c}`));
  else lines.push('- Fashion-MNIST: no `fashion` results with an MNIST twin yet.');
  return lines.join('\n');
}
