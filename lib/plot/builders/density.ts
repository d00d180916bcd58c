// Accuracy against the fraction of connections kept: one curve per topology with mean ± sd error bars over seeds,
// and the dense network as a dashed reference line.
import { makeFigure, type Figure, type FigureText, type Trace } from '../figure';
import { houseAxis, orderTopologies, seriesColors, topologyColors } from '../style';

/** One configuration's accuracy over n seeds; `density` is the fraction of connections kept, in (0, 1]. */
export interface DensityRow {
  topology: string;
  density: number;
  mean: number;
  /** Sample standard deviation; null (drawn as no bar) when n = 1. */
  std: number | null;
  n: number;
}

export interface AccuracyVsDensityOptions extends FigureText {
  /** Log-scaled density axis (default true: densities span decades). */
  logX?: boolean;
  yTitle?: string;
}

export function accuracyVsDensity(rows: readonly DensityRow[], opts: AccuracyVsDensityOptions): Figure {
  const denseRows = rows.filter(r => r.topology === 'dense');
  if (denseRows.length > 1) throw new Error(`accuracyVsDensity: ${denseRows.length} dense rows; expected at most one reference`);
  const sparse = rows.filter(r => r.topology !== 'dense');
  const topologies = orderTopologies(sparse.map(r => r.topology));
  const colors = seriesColors(topologies);
  const data: Trace[] = topologies.map((topology, i) => {
    const points = sparse.filter(r => r.topology === topology).sort((a, b) => a.density - b.density);
    const color = colors[i];
    return {
      type: 'scatter', mode: 'lines+markers', name: topology,
      x: points.map(p => p.density), y: points.map(p => p.mean),
      error_y: { type: 'data', array: points.map(p => p.std ?? 0), visible: true, color, thickness: 1.5, width: 4 },
      customdata: points.map(p => p.n),
      hovertemplate: `${topology}<br>density %{x}<br>accuracy %{y:.2%} ± %{error_y.array:.2%}<br>n = %{customdata}<extra></extra>`,
      line: { color, width: 2 }, marker: { color, size: 7 },
    };
  });
  if (denseRows.length === 1) {
    const dense = denseRows[0];
    const xs = rows.map(r => r.density);
    data.push({
      type: 'scatter', mode: 'lines', name: `dense (${(100 * dense.mean).toFixed(2)}%)`,
      x: [Math.min(...xs), Math.max(...xs)], y: [dense.mean, dense.mean],
      line: { color: topologyColors.dense, dash: 'dash', width: 1.5 }, hoverinfo: 'y',
    });
  }
  return makeFigure(opts, data, {
    // Ticks at the densities measured: a log axis's own minor ticks would crowd ('0.8% 0.9% 1%') and say less.
    xaxis: houseAxis('fraction of connections kept', {
      type: opts.logX === false ? 'linear' : 'log', tickformat: '~%', tickvals: [...new Set(rows.map(r => r.density))].sort((a, b) => a - b),
    }),
    yaxis: houseAxis(opts.yTitle ?? 'test accuracy', { tickformat: '.1%' }),
  });
}
