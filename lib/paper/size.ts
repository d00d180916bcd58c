// Section 5(c), accuracy against model size: each configuration's storage from the cost table.
import type { SummaryRow } from '../experiments/summary';
import { isDenseReference } from '../experiments/run-fields';
import type { Figure } from '../plot/figure';
import { lineChart } from '../plot/builders/lines';
import { orderTopologies } from '../plot/style';
import { allocatedCostTable } from '../topology/cost';
import { groupBy } from '../base/stats';
import { archSizes, nameSlug } from './stats';

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
    const rows = allocatedCostTable(archSizes(row.arch), isDenseReference(row) ? 1 : row.density, row.allocation as 'uniform',
      row.topology as 'dense', { denseOutput });
    const total = rows[rows.length - 1];
    const modelBytes = isDenseReference(row) ? total.denseBytes : total.csrBytes;
    return { row, params: total.params, csrBytes: total.csrBytes, seedBytes: total.seedBytes, denseBytes: total.denseBytes, modelBytes };
  });
}

/** Accuracy against CSR bytes (log x), one line per class plus the dense point, per (arch, allocation). */
export function accuracyVsBytesFigures(sized: readonly SizedRow[], prefix = 'analysis'): Figure[] {
  const dense = sized.filter(s => isDenseReference(s.row));
  return [...groupBy(sized.filter(s => !isDenseReference(s.row)), s => [s.row.dataset, s.row.arch, s.row.allocation].join('|')).values()].map(rows => {
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
