// What every view of a stored run reads off it the same way: its layer sizes and architecture label, whether it is
// the dense reference a sparse run is compared with, and how its graph evolved. Sections of the paper, the summary and
// the results CLI all ask these questions; each has one answer here.
import { DATASET_SHAPES } from '../data/datasets';
import type { RunRecord, TrainConfig } from '../train/config';

/** Layer widths input to output, e.g. [784, 300, 100, 10]: from the trained layers, or for a failed run from its config. */
export function runSizes(record: RunRecord): number[] {
  if (record.layers.length > 0) return [record.layers[0].nIn, ...record.layers.map(l => l.nOut)];
  const { features, classes } = DATASET_SHAPES[record.config.dataset];
  return [features, ...record.config.arch, classes];
}

/** The dataset as runs are told apart: 'mnist', or 'mnist-permuted' for its permuted-pixel variant. */
export const datasetLabel = (config: TrainConfig): string => (config.permutePixels === undefined ? config.dataset : `${config.dataset}-permuted`);

/** The graph class with any options that change it: 'random', 'small-world p=0.1'. */
export function topologyLabel(config: TrainConfig): string {
  const o = config.topologyOptions;
  if (!o || Object.keys(o).length === 0) return config.topology;
  return `${config.topology} ${Object.entries(o).map(([k, v]) => `${k === 'rewire' ? 'p' : k}=${v}`).join(' ')}`;
}

/** '784-300-100-10'. */
export const archLabel = (sizes: readonly number[]): string => sizes.join('-');

/** '784-300-100-10'; a CNN 'lenet5 6-16 400-120-84-10' (its maps, then the fully connected layers' widths). */
export function runArch(record: RunRecord): string {
  const sizes = runSizes(record);
  if (record.config.model !== 'lenet5') return archLabel(sizes);
  const maps = (record.config.channels ?? [6, 16]).join('-');
  return `lenet5 ${maps} ${archLabel(sizes.slice(-(record.config.arch.length + 2)))}`;
}

/** A CNN's C3 channel table: 'dense', 'c3', 'random 25%'; '' for an MLP (it has none). */
export function channelTableLabel(config: TrainConfig): string {
  if (config.model !== 'lenet5') return '';
  const kind = config.channelTopology ?? 'dense';
  return kind === 'dense' || kind === 'c3' ? kind : `${kind} ${+((config.channelDensity ?? 1) * 100).toFixed(3)}%`;
}

/** How the run's graph evolved: 'fixed' when it never changed. */
export const sparsityMethodOf = (config: TrainConfig): string => config.sparsity?.method ?? 'fixed';

/**
 * The dense network a sparse configuration is measured against: all-to-all layers that never change. Asked of a
 * flattened run or a summary row (lib/experiments/summary), whose `sparsity` is the method name.
 */
export const isDenseReference = (row: { topology: string; sparsity: string }): boolean =>
  row.topology === 'dense' && row.sparsity === 'fixed';
