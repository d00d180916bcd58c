// Section 3: how the experiments were run — training parameters from the preset's grid, the dataset as loaded
// (counts, label histograms, pixel mean, file hashes) and the machine (backend, kernels, versions, commit).
import type { BackendInfo } from '../base/tfjs-backend';
import { displayPath } from '../base/repo-root';
import { labelCounts, pixelMean, type Dataset } from '../data/datasets';
import { expandGrid, type GridSpec } from '../experiments/grid';
import type { KernelSelection } from '../kernels/index';
import type { Figure } from '../plot/figure';
import { histogram } from '../plot/builders/distribution';
import { count, densityLabel, markdownTable, percent } from './prose';

type Row = [string, string];

const list = (values: readonly (string | number)[]) => values.join(', ');

/** The grid's settings as (parameter, value) rows. */
export function trainingParameterRows(grid: GridSpec): Row[] {
  const rows: Row[] = [
    ['datasets', list(grid.datasets)],
    ['hidden layers (architectures)', grid.archs.map(a => a.join('-')).join('; ')],
    ['graph classes', list(grid.topologies)],
    ['fractions of connections kept', list(grid.densities.map(densityLabel))],
    ['allocation of the budget to layers', list(grid.allocations)],
    ['output layer', grid.denseOutput ? 'fully connected, outside the budget' : 'sparse like the others'],
    ['layer mode', list(grid.modes)],
    ['seeds', list(grid.seeds)],
    ['epochs', grid.earlyStopPatience ? `${grid.epochs} at most` : String(grid.epochs)],
    ['early stopping', grid.earlyStopPatience ? `after ${grid.earlyStopPatience} epochs without validation gain` : 'none'],
    ['batch size', String(grid.batchSize)],
    ['optimizer', `Adam, learning rate ${grid.learningRate}${grid.learningRateSchedule === 'cosine' ? ', annealed to 0 over the run by a cosine' : ', constant'}`],
    ['loss', 'softmax cross-entropy; ReLU hidden units'],
    ['validation split', `${percent(grid.validationFraction, 2)} of the training images; test accuracy at the best validation epoch`],
    ['training images', grid.trainLimit !== undefined ? `first ${count(grid.trainLimit)} after the split (quick check)` : 'all after the split'],
    ['runs in the grid', count(expandGrid(grid).length)],
  ];
  return rows;
}

export const trainingParametersMarkdown = (grid: GridSpec): string => markdownTable(['parameter', 'value'], trainingParameterRows(grid));

/** Counts and pixel means of both splits, and each file with its size and sha256. */
export function datasetMarkdown(data: Dataset): string {
  const splits = markdownTable(['split', 'images', 'image size', 'pixel mean (0–1)'], [data.train, data.test].map((s, i) => [
    i === 0 ? 'train' : 'test', count(s.count), `${s.rows}×${s.cols}`, pixelMean(s).toFixed(4),
  ]));
  const files = markdownTable(['file', 'bytes', 'sha256'], data.files.map(f => [f.name, count(f.bytes), `\`${f.sha256}\``]));
  return `**${data.name}** from \`${displayPath(data.dir)}\`\n\n${splits}\n\n${files}`;
}

/** Label histograms of both splits, one panel each. */
export function labelHistogram(data: Dataset): Figure {
  return histogram([
    { name: `train (${count(data.train.count)})`, values: Array.from(data.train.labels) },
    { name: `test (${count(data.test.count)})`, values: Array.from(data.test.labels) },
  ], { name: `methods-labels-${data.name}`, caption: `Images per class in the ${data.name} training and test splits.`,
    title: `${data.name}: images per class`, xTitle: 'class', facet: true });
}

/** The most and least frequent class of a split, as a sentence (the classes are close to balanced, not equal). */
export function labelBalance(data: Dataset): string {
  const describe = (name: string, labels: Uint8Array) => {
    const c = labelCounts(labels, data.numClasses);
    const max = Math.max(...c), min = Math.min(...c);
    return `${name}: class ${c.indexOf(max)} is the most frequent (${count(max)}), class ${c.indexOf(min)} the least (${count(min)})`;
  };
  return `${describe('train', data.train.labels)}; ${describe('test', data.test.labels)}.`;
}

export interface MachineFacts {
  backend: BackendInfo;
  kernels: KernelSelection;
  versions: Record<string, string>;
  gitCommit: string;
}

export function machineMarkdown(m: MachineFacts): string {
  const b = m.backend;
  return markdownTable(['what', 'value'], [
    ['CPU', `${b.cpuModel} (${b.cpuCount} cores)`],
    ['memory', `${b.totalMemoryGiB} GiB`],
    ['platform', b.platform],
    ['tfjs backend', `${b.backend} — ${b.reason}`],
    ['sparse kernels', `${m.kernels.name}${m.kernels.detail ? ` (${m.kernels.detail})` : ''} — ${m.kernels.reason}`],
    ...Object.entries(m.versions).map(([k, v]): Row => [`${k} version`, v]),
    ['git commit', m.gitCommit],
  ]);
}

/** Where the stored runs were trained (they may come from another machine or commit than this notebook's kernel). */
export function provenanceMarkdown(results: readonly { record: { backend: string; kernel: string; gitCommit: string; versions: Record<string, string> } }[]): string {
  const tally = (f: (r: typeof results[number]) => string) => {
    const m = new Map<string, number>();
    for (const r of results) m.set(f(r), (m.get(f(r)) ?? 0) + 1);
    return [...m.entries()].map(([k, n]) => `${k || 'unknown'} (${count(n)})`).join(', ');
  };
  return markdownTable(['recorded in the runs', 'values (runs)'], [
    ['tfjs backend', tally(r => r.record.backend)],
    ['sparse kernels', tally(r => r.record.kernel)],
    ['node', tally(r => r.record.versions.node ?? '')],
    ['git commit', tally(r => r.record.gitCommit)],
  ]);
}
