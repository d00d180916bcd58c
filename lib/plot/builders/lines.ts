// Curves over a shared x: generic line charts and per-epoch training curves (loss and validation accuracy).
import { makeFigure, type Figure, type FigureText, type Trace } from '../figure';
import { houseAxis, seriesColors } from '../style';
import { axisIds, panelTitle, splitDomain } from './subplots';

export interface LineSeries {
  name: string;
  x: readonly number[];
  y: readonly number[];
  /** Topology kind, for its house colour; other series take the non-topology colours in order. */
  topology?: string;
  dash?: 'solid' | 'dash' | 'dot' | 'dashdot';
}

export interface LineChartOptions extends FigureText {
  xTitle: string;
  yTitle: string;
  logX?: boolean;
  logY?: boolean;
  /** d3 format of the y ticks, e.g. '.1%' for accuracies stored as fractions. */
  yTickformat?: string;
  /** Ticks exactly at the measured x values (e.g. densities), in this d3 format: a log axis's own ticks say less. */
  xTicksAtData?: { tickformat: string };
  /** d3 format of x in hover labels and, on a log axis without xTicksAtData, of its decade ticks (default '~s': 10k). */
  xTickformat?: string;
}

/**
 * A log axis labelled at its decades only (1, 10, 100, … or 1k, 10k, 100k with '~s'): Plotly's own log ticks also
 * label 2 and 5 of each decade, which crowds and reads as noise.
 */
export const logDecades = (tickformat = '~s'): Record<string, unknown> => ({ type: 'log', dtick: 1, tickformat });

function checkSeries(s: LineSeries): void {
  if (s.x.length !== s.y.length) throw new Error(`series '${s.name}': x and y differ in length (${s.x.length} vs ${s.y.length})`);
}

/** One line (with markers) per series. */
export function lineChart(series: readonly LineSeries[], opts: LineChartOptions): Figure {
  series.forEach(checkSeries);
  const colors = seriesColors(series.map(s => s.topology), series.map(s => s.dash ?? 'solid'));
  const xFormat = opts.xTicksAtData?.tickformat ?? opts.xTickformat ?? (opts.logX ? '~s' : '');
  const data: Trace[] = series.map((s, i) => ({
    type: 'scatter', mode: 'lines+markers', name: s.name, x: [...s.x], y: [...s.y],
    line: { color: colors[i], dash: s.dash ?? 'solid', width: 2 }, marker: { color: colors[i], size: 6 },
    // Hover shows the numbers as the axes do, not raw floats (0.9734000000000001).
    hovertemplate: `${s.name}<br>${opts.xTitle} %{x${xFormat ? `:${xFormat}` : ''}}<br>${opts.yTitle} %{y${opts.yTickformat ? `:${opts.yTickformat}` : ':.4~g'}}<extra></extra>`,
  }));
  return makeFigure(opts, data, {
    xaxis: houseAxis(opts.xTitle, {
      ...(opts.logX ? logDecades(opts.xTickformat) : {}),
      ...(opts.xTicksAtData ? { tickformat: opts.xTicksAtData.tickformat, tickvals: [...new Set(series.flatMap(s => s.x))].sort((a, b) => a - b) } : {}),
    }),
    yaxis: houseAxis(opts.yTitle, { ...(opts.logY ? logDecades(opts.yTickformat ?? '~g') : {}), ...(opts.yTickformat ? { tickformat: opts.yTickformat } : {}) }),
  });
}

/** One epoch of a training curve: its 1-based number, the mean training loss and the validation accuracy. */
export interface EpochPoint {
  epoch: number;
  loss: number;
  valAccuracy: number;
}

export interface TrainingRun {
  name: string;
  topology?: string;
  epochs: readonly EpochPoint[];
}

/**
 * Training curves of several runs: training loss (left) and validation accuracy (right) against epoch.
 * A run has one colour and one legend entry across both panels.
 */
export function trainingCurves(runs: readonly TrainingRun[], opts: FigureText): Figure {
  const colors = seriesColors(runs.map(r => r.topology));
  const panels = [
    // Log loss: the first epoch's loss would otherwise flatten every later difference.
    { title: 'training loss (log)', value: (e: TrainingRun['epochs'][number]) => e.loss, axis: logDecades('~g') },
    { title: 'validation accuracy', value: (e: TrainingRun['epochs'][number]) => e.valAccuracy, axis: { tickformat: '.1%' } },
  ];
  const lastEpoch = Math.max(0, ...runs.flatMap(r => r.epochs.map(e => e.epoch)));
  const dtick = lastEpoch <= 10 ? 1 : lastEpoch <= 25 ? 2 : 5; // every tick labelled, none overlapping
  const domains = splitDomain(panels.length, 0.1);
  const data: Trace[] = [];
  const layout: Record<string, unknown> = { annotations: [] as unknown[], margin: { t: opts.title ? 90 : 50 } };
  panels.forEach((panel, p) => {
    const ids = axisIds(p);
    runs.forEach((run, i) => data.push({
      type: 'scatter', mode: 'lines+markers', name: run.name, legendgroup: run.name, showlegend: p === 0,
      x: run.epochs.map(e => e.epoch), y: run.epochs.map(panel.value), xaxis: ids.x, yaxis: ids.y,
      line: { color: colors[i], width: 2 }, marker: { color: colors[i], size: 5 },
    }));
    layout[ids.xaxis] = houseAxis('epoch', { domain: domains[p], anchor: ids.y, dtick });
    layout[ids.yaxis] = houseAxis(undefined, { anchor: ids.x, ...panel.axis });
    (layout.annotations as unknown[]).push(panelTitle(panel.title, (domains[p][0] + domains[p][1]) / 2, 1.02));
  });
  return makeFigure(opts, data, layout);
}
