// Spec builders: the traces they emit for small inputs (counts, values, error bars, house colours, layout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracyVsDensity, adjacencyHeatmap, bar, groupedPoints, histogram, imageGrid, lineChart, makeFigure,
  otherColors, scatter, seriesColors, table, topologyColors, trainingCurves, type Trace,
} from '../../lib/plot';
import { csrFromRows } from '../../lib/topology/csr';
import { exportAndShow } from '../../lib/plot/display';

const text = { name: 'fig', caption: 'A figure.' };
// Trace fields are untyped Plotly attributes; tests read them by path.
const get = <T>(trace: Trace, ...keys: string[]): T => keys.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], trace) as T;

test('makeFigure: validates the name, applies the house size and font, title sets the top margin', () => {
  for (const bad of ['', 'Fig', 'a b', '-a', 'a_b', 'a/b']) assert.throws(() => makeFigure({ ...text, name: bad }, []), /must match/);
  // Exploration needs no caption; a paper notebook's figure does, for the figure index (checked before any export).
  assert.equal(makeFigure({ name: 'scratch' }, []).caption, '');
  const fig = makeFigure(text, [], { font: { size: 20 } });
  const layout = fig.spec.layout as { width: number; height: number; font: { size: number; family: string }; margin: { t: number; l: number } };
  assert.equal(layout.width, 800);
  assert.equal(layout.height, 500);
  assert.equal(layout.font.size, 20);
  assert.match(layout.font.family, /Arial/);
  assert.equal(layout.margin.t, 30);
  const titled = makeFigure({ ...text, title: 'T', width: 400 }, []).spec.layout as { width: number; title: { text: string }; margin: { t: number } };
  assert.deepEqual([titled.width, titled.title.text, titled.margin.t], [400, 'T', 60]);
});

test('lineChart: one line per series; topology colours, other series take the other colours in order', () => {
  const fig = lineChart([
    { name: 'a', x: [1, 2], y: [3, 4], topology: 'regular' },
    { name: 'b', x: [1, 2], y: [5, 6] },
    { name: 'c', x: [1, 2], y: [7, 8], topology: 'not-a-kind' },
  ], { ...text, xTitle: 'epoch', yTitle: 'loss', logX: true });
  assert.equal(fig.spec.data.length, 3);
  assert.deepEqual(fig.spec.data.map(t => get<string>(t, 'line', 'color')), [topologyColors.regular, otherColors[0], otherColors[1]]);
  assert.deepEqual(get<number[]>(fig.spec.data[1], 'y'), [5, 6]);
  assert.equal((fig.spec.layout.xaxis as { type: string }).type, 'log');
  assert.throws(() => lineChart([{ name: 'bad', x: [1], y: [1, 2] }], { ...text, xTitle: 'x', yTitle: 'y' }), /differ in length/);
});

test('trainingCurves: loss and validation accuracy panels, one legend entry per run', () => {
  const epochs = [{ epoch: 1, loss: 0.5, valAccuracy: 0.9 }, { epoch: 2, loss: 0.3, valAccuracy: 0.95 }];
  const fig = trainingCurves([{ name: 'dense', topology: 'dense', epochs }, { name: 'sparse', topology: 'random', epochs }], text);
  assert.equal(fig.spec.data.length, 4);
  const loss = fig.spec.data.filter(t => t.yaxis === 'y'), acc = fig.spec.data.filter(t => t.yaxis === 'y2');
  assert.deepEqual(loss.map(t => get<number[]>(t, 'y')), [[0.5, 0.3], [0.5, 0.3]]);
  assert.deepEqual(acc.map(t => get<number[]>(t, 'y')), [[0.9, 0.95], [0.9, 0.95]]);
  assert.deepEqual(fig.spec.data.map(t => t.showlegend), [true, true, false, false]);
  assert.equal(get<string>(acc[1], 'line', 'color'), topologyColors.random);
});

test('accuracyVsDensity: a curve per topology sorted by density, sd error bars, a dense reference line', () => {
  const rows = [
    { topology: 'regular', density: 0.1, mean: 0.95, std: 0.01, n: 3 },
    { topology: 'random', density: 0.1, mean: 0.94, std: 0.02, n: 3 },
    { topology: 'random', density: 0.01, mean: 0.90, std: null, n: 1 },
    { topology: 'dense', density: 1, mean: 0.98, std: 0.001, n: 3 },
  ];
  const fig = accuracyVsDensity(rows, text);
  assert.deepEqual(fig.spec.data.map(t => t.name), ['random', 'regular', 'dense (98.00%)']);
  const [random, regular, dense] = fig.spec.data;
  assert.deepEqual([get<number[]>(random, 'x'), get<number[]>(random, 'y')], [[0.01, 0.1], [0.90, 0.94]]);
  assert.deepEqual(get<number[]>(random, 'error_y', 'array'), [0, 0.02]);
  assert.equal(get<boolean>(random, 'error_y', 'visible'), true);
  assert.deepEqual(get<number[]>(random, 'customdata'), [1, 3]);
  assert.equal(get<string>(regular, 'marker', 'color'), topologyColors.regular);
  assert.deepEqual([get<number[]>(dense, 'x'), get<number[]>(dense, 'y'), get<string>(dense, 'line', 'dash')], [[0.01, 1], [0.98, 0.98], 'dash']);
  const xaxis = fig.spec.layout.xaxis as { type: string; tickvals: number[] };
  assert.deepEqual([xaxis.type, xaxis.tickvals], ['log', [0.01, 0.1, 1]]);
  assert.equal((accuracyVsDensity(rows, { ...text, logX: false }).spec.layout.xaxis as { type: string }).type, 'linear');
  assert.throws(() => accuracyVsDensity([rows[3], rows[3]], text), /2 dense rows/);
});

test('adjacencyHeatmap: the 0/1 matrix of a CSR layer (outputs × inputs), in the topology colour', () => {
  const fig = adjacencyHeatmap(csrFromRows(4, [[0, 2], [3], []]), { ...text, topology: 'circulant' });
  const [trace] = fig.spec.data;
  assert.equal(trace.type, 'heatmap');
  assert.deepEqual(trace.z, [[1, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]]);
  assert.deepEqual(trace.colorscale, [[0, '#ffffff'], [1, topologyColors.circulant]]);
  assert.equal((fig.spec.layout.yaxis as { autorange: string }).autorange, 'reversed');
});

test('histogram: overlaid with shared integer bins, or one stacked panel per series', () => {
  const series = [{ name: 'random', values: [1, 2, 2, 5], topology: 'random' }, { name: 'regular', values: [3, 3], topology: 'regular' }];
  const overlay = histogram(series, { ...text, xTitle: 'degree' });
  assert.equal(overlay.spec.layout.barmode, 'overlay');
  assert.deepEqual(overlay.spec.data.map(t => t.x), [[1, 2, 2, 5], [3, 3]]);
  assert.deepEqual(overlay.spec.data.map(t => t.xbins), [{ start: 0.5, end: 5.5, size: 1 }, { start: 0.5, end: 5.5, size: 1 }]);
  assert.deepEqual(overlay.spec.data.map(t => get<string>(t, 'marker', 'color')), [topologyColors.random, topologyColors.regular]);
  const faceted = histogram(series, { ...text, xTitle: 'degree', facet: true });
  assert.deepEqual(faceted.spec.data.map(t => [t.xaxis, t.yaxis]), [['x', 'y'], ['x2', 'y2']]);
  assert.equal((faceted.spec.layout.xaxis2 as { matches: string }).matches, 'x');
  const fractional = histogram([{ name: 'r', values: [0.5, 1.5] }], { ...text, xTitle: 'r' });
  assert.equal(fractional.spec.data[0].xbins, undefined);
});

test('bar: one bar per datum with error bars and per-bar colours', () => {
  const fig = bar([{ label: 'random', value: 2, error: 0.5, topology: 'random' }, { label: 'other', value: 3 }], { ...text, yTitle: 'gain' });
  const [trace] = fig.spec.data;
  assert.deepEqual([trace.x, trace.y], [['random', 'other'], [2, 3]]);
  assert.deepEqual(get<number[]>(trace, 'error_y', 'array'), [0.5, 0]);
  assert.deepEqual(get<string[]>(trace, 'marker', 'color'), [topologyColors.random, otherColors[0]]);
  assert.equal(bar([{ label: 'a', value: 1 }], { ...text, yTitle: 'v' }).spec.data[0].error_y, undefined);
});

test('scatter: points grouped by topology with labels, least-squares line and Pearson r', () => {
  const points = [
    { x: 0, y: 1, label: 'a', topology: 'regular' }, { x: 1, y: 3, label: 'b', topology: 'random' }, { x: 2, y: 5, label: 'c', topology: 'random' },
  ];
  const fig = scatter(points, { ...text, xTitle: 'gap', yTitle: 'accuracy' });
  assert.deepEqual(fig.spec.data.map(t => t.name), ['random', 'regular', 'least squares']);
  assert.deepEqual([fig.spec.data[0].x, fig.spec.data[0].text, fig.spec.data[0].mode], [[1, 2], ['b', 'c'], 'markers+text']);
  assert.deepEqual([fig.spec.data[2].x, fig.spec.data[2].y], [[0, 2], [1, 5]]);
  assert.match(get<string>((fig.spec.layout.annotations as Trace[])[0], 'text'), /^Pearson r = 1\.000 \(n = 3\)$/);
  const plain = scatter(points.map(({ x, y }) => ({ x, y })), { ...text, xTitle: 'x', yTitle: 'y', fit: false });
  assert.deepEqual([plain.spec.data.length, plain.spec.data[0].mode, plain.spec.layout.annotations], [1, 'markers', undefined]);
});

test('imageGrid: one heatmap per image on its own axes, titled, square cells, rounded pixels', () => {
  const pixels = Float32Array.from({ length: 4 }, (_, i) => i / 3);
  const fig = imageGrid([0, 1, 2].map(i => ({ pixels, title: `${i} → ${i}` })), { ...text, side: 2, columns: 2 });
  assert.equal(fig.spec.data.length, 3);
  assert.deepEqual(fig.spec.data[0].z, [[0, 0.333], [0.667, 1]]);
  assert.deepEqual(fig.spec.data.map(t => t.xaxis), ['x', 'x2', 'x3']);
  assert.deepEqual((fig.spec.layout.annotations as { text: string }[]).map(a => a.text), ['0 → 0', '1 → 1', '2 → 2']);
  const { width, height, margin, xaxis, yaxis } = fig.spec.layout as {
    width: number; height: number; margin: { l: number; r: number; t: number; b: number }; xaxis: { domain: number[] }; yaxis: { domain: number[] };
  };
  const cellWidth = (xaxis.domain[1] - xaxis.domain[0]) * (width - margin.l - margin.r);
  const cellHeight = (yaxis.domain[1] - yaxis.domain[0]) * (height - margin.t - margin.b);
  assert.ok(Math.abs(cellWidth - cellHeight) < 1e-6, `cells ${cellWidth}×${cellHeight} are not square`);
  assert.throws(() => imageGrid([{ pixels: [1, 2, 3], title: 'x' }], { ...text, side: 2 }), /3 pixels, expected 2×2/);
});

test('table: column-major cells and a height that grows with the rows', () => {
  const fig = table(['layer', 'params'], [[1, '10'], ['total', '10']], text);
  const [trace] = fig.spec.data;
  assert.equal(trace.type, 'table');
  assert.deepEqual(get<unknown[]>(trace, 'cells', 'values'), [[1, 'total'], ['10', '10']]);
  assert.deepEqual(get<string[]>(trace, 'header', 'values'), ['<b>layer</b>', '<b>params</b>']);
  const taller = table(['a', 'b'], [[1, 2], [3, 4], [5, 6]], text);
  assert.ok((taller.spec.layout.height as number) > (fig.spec.layout.height as number));
  assert.throws(() => table(['a', 'b'], [[1]], text), /row 0 has 1 cells, expected 2/);
});

test('groupedPoints: series in topology order, categories as given, y range around points, errors and the reference', () => {
  const fig = groupedPoints([
    { category: 'set', series: 'regular', value: 0.96, error: 0.01 }, { category: 'fixed', series: 'random', value: 0.95 },
    { category: 'fixed', series: 'regular', value: 0.955 },
  ], { ...text, yTitle: 'accuracy', categories: ['fixed', 'set'], reference: { name: 'dense', value: 0.98 } });
  assert.deepEqual(fig.spec.data.map(t => [t.name, t.x]), [['random', ['fixed']], ['regular', ['fixed', 'set']], ['dense', ['fixed', 'set']]]);
  assert.equal(get<string>(fig.spec.data[0], 'marker', 'color'), topologyColors.random);
  const [lo, hi] = (fig.spec.layout.yaxis as { range: number[] }).range;
  assert.ok(Math.abs(lo - (0.95 - 0.0024)) < 1e-12 && Math.abs(hi - (0.98 + 0.0024)) < 1e-12, `${lo} ${hi}`); // span 0.03, 8% margin
});

test('lineChart: ticks at the measured x values when asked', () => {
  const fig = lineChart([{ name: 'a', x: [0.1, 0.05], y: [1, 2] }, { name: 'b', x: [0.2, 0.05], y: [1, 2] }],
    { ...text, xTitle: 'x', yTitle: 'y', logX: true, xTicksAtData: { tickformat: '~%' } });
  assert.deepEqual((fig.spec.layout.xaxis as { tickvals: number[] }).tickvals, [0.05, 0.1, 0.2]);
});

test('a figure shown by a paper notebook must have a caption; one shown while exploring need not', async () => {
  await assert.rejects(exportAndShow([makeFigure({ name: 'nocap' }, [])], 'notebooks/x.ipynb'), /figure 'nocap' needs a caption: notebooks\/x.ipynb lists it in the figure index/);
});

test('series colours: a topology colour once per line style, so two runs of one class stay apart', () => {
  assert.deepEqual(seriesColors(['random', 'random', 'regular']), ['#0072B2', '#56B4E9', '#009E73']);
  assert.deepEqual(seriesColors(['random', 'random'], ['solid', 'dash']), ['#0072B2', '#0072B2']);
});

test('line charts: log axes labelled at decades, hover values formatted like the axes', () => {
  const fig = lineChart([{ name: 'random', topology: 'random', x: [1000, 10000], y: [0.91234567, 0.97] }],
    { name: 'lc', xTitle: 'connections', yTitle: 'test accuracy', logX: true, yTickformat: '.1%' });
  const x = fig.spec.layout.xaxis as { type: string; dtick: number; tickformat: string };
  assert.deepEqual([x.type, x.dtick, x.tickformat], ['log', 1, '~s']);
  assert.equal(fig.spec.data[0].hovertemplate, 'random<br>connections %{x:~s}<br>test accuracy %{y:.1%}<extra></extra>');
});
