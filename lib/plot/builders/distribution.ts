// Distributions and per-category values: histograms (e.g. node degrees per topology), bar charts, and grouped points
// (mean ± sd per category and series, against a reference line).
import { makeFigure, type Figure, type FigureText, type Trace } from '../figure';
import { houseAxis, orderTopologies, otherColors, seriesColors, topologyColors } from '../style';
import { axisIds, panelTitle, splitDomain } from './subplots';

export interface HistogramSeries {
  name: string;
  values: readonly number[];
  topology?: string;
}

export interface HistogramOptions extends FigureText {
  xTitle: string;
  /** Bin width; default 1 when every value is an integer (degrees), else Plotly's automatic bins. */
  binSize?: number;
  /** One panel per series, stacked with a shared x axis, instead of overlaid translucent bars. */
  facet?: boolean;
}

/** Shared bins so that overlaid or stacked series are comparable; integer data gets bins centred on the integers. */
function sharedBins(series: readonly HistogramSeries[], binSize: number | undefined): Record<string, number> | undefined {
  const all = series.flatMap(s => s.values);
  const size = binSize ?? (all.length > 0 && all.every(Number.isInteger) ? 1 : undefined);
  if (size === undefined) return undefined;
  const min = Math.min(...all), max = Math.max(...all);
  return { start: min - size / 2, end: max + size / 2, size };
}

export function histogram(series: readonly HistogramSeries[], opts: HistogramOptions): Figure {
  const colors = seriesColors(series.map(s => s.topology));
  const xbins = sharedBins(series, opts.binSize);
  const base = (s: HistogramSeries, i: number): Trace => ({
    type: 'histogram', name: s.name, x: [...s.values], marker: { color: colors[i], line: { color: '#ffffff', width: 0.5 } },
    ...(xbins ? { xbins, autobinx: false } : { bingroup: 'shared' }),
  });
  if (!opts.facet) {
    return makeFigure(opts, series.map((s, i) => ({ ...base(s, i), opacity: 0.6 })), {
      barmode: 'overlay', xaxis: houseAxis(opts.xTitle), yaxis: houseAxis('count'),
    });
  }
  const domains = splitDomain(series.length, 0.08, true);
  const layout: Record<string, unknown> = { showlegend: false, annotations: [] as unknown[], height: Math.max(300, 160 * series.length + 120) };
  const data = series.map((s, i) => {
    const ids = axisIds(i);
    const last = i === series.length - 1;
    layout[ids.xaxis] = houseAxis(last ? opts.xTitle : undefined, { anchor: ids.y, showticklabels: last, ...(i > 0 ? { matches: 'x' } : {}) });
    layout[ids.yaxis] = houseAxis('count', { domain: domains[i], anchor: ids.x });
    (layout.annotations as unknown[]).push({
      ...panelTitle(s.name, 1, domains[i][1]), xanchor: 'right', yanchor: 'top', bgcolor: 'rgba(255,255,255,0.8)', font: { size: 13 },
    });
    return { ...base(s, i), xaxis: ids.x, yaxis: ids.y };
  });
  return makeFigure(opts, data, layout);
}

export interface BarDatum {
  label: string;
  value: number;
  /** Error bar half-length (e.g. sd); none when omitted. */
  error?: number;
  topology?: string;
}

export interface BarOptions extends FigureText {
  xTitle?: string;
  yTitle: string;
  yTickformat?: string;
}

/** One bar per datum, coloured by its topology (or the first non-topology colour). */
export function bar(bars: readonly BarDatum[], opts: BarOptions): Figure {
  const colors = bars.map(b => (b.topology !== undefined ? seriesColors([b.topology])[0] : otherColors[0]));
  const trace: Trace = {
    type: 'bar', x: bars.map(b => b.label), y: bars.map(b => b.value), marker: { color: colors },
    hovertemplate: '%{x}: %{y}<extra></extra>',
  };
  if (bars.some(b => b.error !== undefined)) {
    trace.error_y = { type: 'data', array: bars.map(b => b.error ?? 0), visible: true, color: '#444444' };
  }
  return makeFigure(opts, [trace], {
    showlegend: false,
    xaxis: houseAxis(opts.xTitle, { type: 'category' }),
    yaxis: houseAxis(opts.yTitle, opts.yTickformat ? { tickformat: opts.yTickformat } : {}),
  });
}

export interface GroupedPoint {
  category: string;
  /** The series (legend entry); a topology name takes its house colour. */
  series: string;
  value: number;
  error?: number;
}

export interface GroupedPointsOptions extends BarOptions {
  /** Category order on the x axis (default: first appearance). */
  categories?: readonly string[];
  /** A dashed horizontal line across the plot, e.g. the dense network's accuracy. */
  reference?: { name: string; value: number };
}

/**
 * Mean ± error per category, the series side by side within each category (Plotly's scattermode 'group'). Points,
 * not bars: accuracies differ in the last percent, and bars would have to start at zero to be read honestly.
 */
export function groupedPoints(points: readonly GroupedPoint[], opts: GroupedPointsOptions): Figure {
  const series = orderTopologies(points.map(p => p.series));
  const colors = seriesColors(series);
  const categories = opts.categories ?? [...new Set(points.map(p => p.category))];
  const data: Trace[] = series.map((name, i) => {
    const mine = categories.flatMap(c => points.filter(p => p.series === name && p.category === c));
    return {
      type: 'scatter', mode: 'markers', name, x: mine.map(p => p.category), y: mine.map(p => p.value),
      marker: { color: colors[i], size: 9 },
      error_y: { type: 'data', array: mine.map(p => p.error ?? 0), visible: true, color: colors[i], thickness: 1.5, width: 4 },
      hovertemplate: `${name}<br>%{x}: %{y}<extra></extra>`,
    };
  });
  // The y range spans the points, their error bars and the reference with a margin; Plotly's own range would reach 0.
  const ys = [...points.flatMap(p => [p.value - (p.error ?? 0), p.value + (p.error ?? 0)]), ...(opts.reference ? [opts.reference.value] : [])];
  const lo = Math.min(...ys), hi = Math.max(...ys), pad = Math.max((hi - lo) * 0.08, Math.abs(hi) * 1e-3);
  const layout: Record<string, unknown> = {
    scattermode: 'group',
    xaxis: houseAxis(opts.xTitle, { type: 'category', categoryorder: 'array', categoryarray: [...categories] }),
    yaxis: houseAxis(opts.yTitle, { range: [lo - pad, hi + pad], ...(opts.yTickformat ? { tickformat: opts.yTickformat } : {}) }),
  };
  if (opts.reference) {
    // A legend entry for the line: a line trace on the first and last category (the shape spans the whole width).
    data.push({ type: 'scatter', mode: 'lines', name: opts.reference.name, x: [categories[0], categories[categories.length - 1]],
      y: [opts.reference.value, opts.reference.value], line: { color: topologyColors.dense, dash: 'dash', width: 1.5 }, hoverinfo: 'y' });
    layout.shapes = [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: opts.reference.value, y1: opts.reference.value,
      line: { color: topologyColors.dense, dash: 'dash', width: 1.5 } }];
  }
  return makeFigure(opts, data, layout);
}
