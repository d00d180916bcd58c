// Points with optional labels, coloured by topology, with the least-squares line and Pearson's r
// (e.g. accuracy against spectral gap at equal density).
import { makeFigure, type Figure, type FigureText, type Trace } from '../figure';
import { houseAxis, orderTopologies, seriesColors } from '../style';
import { linearFit, pearson } from '../../base/stats';

export interface ScatterPoint {
  x: number;
  y: number;
  /** Text drawn next to the point. */
  label?: string;
  topology?: string;
}

export interface ScatterOptions extends FigureText {
  xTitle: string;
  yTitle: string;
  /** Draw the least-squares line and print r (default true; needs ≥ 2 points with distinct x). */
  fit?: boolean;
  yTickformat?: string;
}

const UNGROUPED = 'points';

export function scatter(points: readonly ScatterPoint[], opts: ScatterOptions): Figure {
  const groups = orderTopologies(points.map(p => p.topology ?? UNGROUPED));
  const colors = seriesColors(groups.map(g => (g === UNGROUPED ? undefined : g)));
  const labelled = points.some(p => p.label !== undefined);
  const data: Trace[] = groups.map((group, i) => {
    const members = points.filter(p => (p.topology ?? UNGROUPED) === group);
    return {
      type: 'scatter', mode: labelled ? 'markers+text' : 'markers', name: group,
      x: members.map(p => p.x), y: members.map(p => p.y),
      ...(labelled ? { text: members.map(p => p.label ?? ''), textposition: 'top center', textfont: { size: 11 } } : {}),
      marker: { color: colors[i], size: 9, line: { color: '#ffffff', width: 1 } },
    };
  });
  const layout: Record<string, unknown> = {
    xaxis: houseAxis(opts.xTitle),
    yaxis: houseAxis(opts.yTitle, opts.yTickformat ? { tickformat: opts.yTickformat } : {}),
  };
  if (opts.fit !== false) {
    const xs = points.map(p => p.x), ys = points.map(p => p.y);
    const { slope, intercept } = linearFit(xs, ys);
    const r = pearson(xs, ys);
    const ends = [Math.min(...xs), Math.max(...xs)];
    data.push({
      type: 'scatter', mode: 'lines', name: 'least squares', x: ends, y: ends.map(x => intercept + slope * x),
      line: { color: '#555555', dash: 'dash', width: 1.5 }, hoverinfo: 'skip',
    });
    layout.annotations = [{
      text: `Pearson r = ${r.toFixed(3)} (n = ${points.length})`, x: 0.02, y: 0.98, xref: 'paper', yref: 'paper',
      xanchor: 'left', yanchor: 'top', showarrow: false, bgcolor: 'rgba(255,255,255,0.8)',
    }];
  }
  return makeFigure(opts, data, layout);
}
