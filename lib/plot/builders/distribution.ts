// Distributions and per-category values: histograms (e.g. node degrees per topology) and bar charts.
import { makeFigure, type Figure, type FigureText, type Trace } from '../figure';
import { houseAxis, otherColors, seriesColors } from '../style';
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
