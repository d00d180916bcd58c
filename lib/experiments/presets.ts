// Named grids, and the lookup that turns a --preset argument (a name or a JSON file path) into a validated grid.
import * as path from 'node:path';
import { MAX_TEXT_FILE_BYTES } from '../base/limits';
import { ownValue } from '../base/own-key';
import { readRegularTextFile } from '../base/read-file';
import type { GridSpec } from './grid';
import { GridSpecError, parseGridSpec } from './grid-validate';
import { PAPER_TRAINING } from '../train/defaults';

export const presets = {
  /** A smoke test of the whole pipeline: 3 runs (random/regular at 10% + the dense net), 2 epochs on 6000 images. */
  quick: {
    ...PAPER_TRAINING,
    datasets: ['mnist'], archs: [[300, 100]], topologies: ['random', 'regular'], densities: [0.1, 1],
    allocations: ['uniform'], modes: ['sparse'], seeds: [1], epochs: 2, trainLimit: 6000,
  },
  /**
   * The paper's grid: 3 seeds × (784-300-100-10: dense + 4 topologies × 7 densities × 2 allocations, and 784-1000-10:
   * dense + 4 × 7, where the dense output layer leaves one sparse layer so both allocations are the same net) = 258 runs.
   */
  paper: {
    datasets: ['mnist'], archs: [[300, 100], [1000]],
    topologies: ['dense', 'random', 'regular', 'circulant', 'pseudo-random'],
    densities: [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1],
    allocations: ['uniform', 'erdos-renyi'], modes: ['sparse'], seeds: [1, 2, 3],
    // The paper's recipe (lib/train/defaults): every run trains its 20 epochs on the cosine schedule, converged.
    ...PAPER_TRAINING,
  },
  /**
   * Beyond fixed graphs (lib/sparsity): 784-300-100-10 at 5% and 10%, the four fixed graph classes vs gradual and
   * one-shot magnitude pruning vs SET and RigL (each from all four start graphs), plus the dense net; 3 seeds = 87 runs.
   * 20 epochs and no early stopping: the update schedules are laid out over the whole run (gradual pruning ends at
   * epoch 10, one-shot pruning happens at epoch 10, RigL stops at 15).
   */
  dynamic: {
    datasets: ['mnist'], archs: [[300, 100]], topologies: ['dense', 'random', 'regular', 'circulant', 'pseudo-random'], densities: [0.05, 0.1],
    allocations: ['uniform'], modes: ['sparse'], seeds: [1, 2, 3], sparsities: ['fixed', 'gradual-prune', 'one-shot-prune', 'set', 'rigl'],
    ...PAPER_TRAINING,
  },
  /**
   * The main fixed-graph comparison on Fashion-MNIST: the paper grid's 784-300-100-10 with uniform allocation (dense +
   * 4 topologies × 7 densities, 3 seeds = 87 runs) and its training settings, so every run has an MNIST twin.
   */
  fashion: {
    datasets: ['fashion-mnist'], archs: [[300, 100]],
    topologies: ['dense', 'random', 'regular', 'circulant', 'pseudo-random'], densities: [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1],
    allocations: ['uniform'], modes: ['sparse'], seeds: [1, 2, 3],
    ...PAPER_TRAINING,
  },
  /**
   * What about the graph matters (section 5.4): 784-300-100-10 at 2%, 5% and 10% — the local 2-D neighbourhoods, the
   * circulant band, the three expanders, and small-world from local (p = 0) to random (p = 1) — on MNIST as it is and
   * with its pixels permuted, 3 seeds: locality against expansion with a control that removes locality.
   */
  structure: {
    ...PAPER_TRAINING,
    datasets: ['mnist'], archs: [[300, 100]], topologies: ['dense', 'local', 'circulant', 'random', 'regular', 'pseudo-random', 'small-world'],
    densities: [0.02, 0.05, 0.1], allocations: ['uniform'], modes: ['sparse'], seeds: [1, 2, 3],
    topologyOptions: { rewire: [0, 0.01, 0.03, 0.1, 0.3, 1] }, permutePixels: [null, 1],
  },
  /** The same comparison on Fashion-MNIST and its permuted pixels, at 5%. */
  'structure-fashion': {
    ...PAPER_TRAINING,
    datasets: ['fashion-mnist'], archs: [[300, 100]], topologies: ['dense', 'local', 'circulant', 'random', 'regular', 'pseudo-random', 'small-world'],
    densities: [0.05], allocations: ['uniform'], modes: ['sparse'], seeds: [1, 2, 3],
    topologyOptions: { rewire: [0, 0.01, 0.03, 0.1, 0.3, 1] }, permutePixels: [null, 1],
  },
  /**
   * Width at a fixed budget: at the connections of dense 784-300-100-10 (266,200) and at 10% of them, networks of
   * widths 300-100 to 10000-3000, random and local (the best structured class in the paper's results), 3 seeds.
   */
  width: {
    ...PAPER_TRAINING,
    datasets: ['mnist'], archs: [[300, 100], [1000, 300], [3000, 1000], [10000, 3000]], topologies: ['random', 'local'],
    densities: [1], connections: [266_200, 26_620], allocations: ['uniform'], modes: ['sparse'], seeds: [1, 2, 3],
  },
  /**
   * LeNet-5 (section 6.4): C3's channel table dense, LeCun's C3 table, or a graph class (random, regular, circulant,
   * pseudo-random) at 10%, 25%, 50% and 62.5% (C3's own density) of the 96 map pairs; the fully connected layers dense
   * or random at 10%, 25%, 50%; MNIST and Fashion-MNIST, 3 seeds = 432 runs. 10 epochs on the paper's schedule: dense
   * LeNet-5 reaches 99.08% on MNIST in 10 and 99.17% in 20 (seed 1), and 20 would double the preset's cost.
   */
  cnn: {
    ...PAPER_TRAINING, epochs: 10,
    datasets: ['mnist', 'fashion-mnist'], models: ['lenet5'], archs: [[120, 84]],
    channelTopologies: ['dense', 'random', 'regular', 'circulant', 'pseudo-random', 'c3'], channelDensities: [0.1, 0.25, 0.5, 0.625],
    topologies: ['dense', 'random'], densities: [0.1, 0.25, 0.5], allocations: ['uniform'], modes: ['sparse'], seeds: [1, 2, 3],
  },
} satisfies Record<string, GridSpec>;

export type PresetName = keyof typeof presets;
export const presetNames = Object.keys(presets) as PresetName[];

export interface ResolvedGrid {
  /** Names the results folder: the preset name, or the JSON file's base name. */
  name: string;
  grid: GridSpec;
}

/** Thrown for an unknown preset or an unreadable/invalid grid file; the message is one line naming the problem. */
export class PresetError extends Error {}

const looksLikePath = (arg: string) => arg.endsWith('.json') || arg.includes('/') || arg.includes(path.sep);

/** A preset name, or a path to a JSON file holding a GridSpec. Reads nothing but that file. */
export function resolveGrid(arg: string): ResolvedGrid {
  const preset = ownValue<GridSpec>(presets, arg); // own keys only: `toString` is not a preset
  if (preset) return { name: arg, grid: preset };
  if (!looksLikePath(arg)) throw new PresetError(`unknown preset '${arg}' (known: ${presetNames.join(', ')}; or a path to a grid .json file)`);
  let text: string;
  try { text = readRegularTextFile(arg, MAX_TEXT_FILE_BYTES); } catch (err) {
    throw new PresetError(`cannot read grid file ${(err as Error).message}`);
  }
  let value: unknown;
  try { value = JSON.parse(text); } catch (err) {
    throw new PresetError(`grid file ${arg} is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  try {
    return { name: resultsNameOf(arg), grid: parseGridSpec(value) };
  } catch (err) {
    if (err instanceof GridSpecError) throw new PresetError(`grid file ${arg}: ${err.message}`);
    throw err;
  }
}

/** The results-folder name for a grid file: its base name without extension, restricted to safe characters. */
function resultsNameOf(file: string): string {
  const base = path.basename(file).replace(/\.json$/i, '');
  if (!/^[A-Za-z0-9._-]+$/.test(base)) throw new PresetError(`grid file name '${base}' must use only letters, digits, '.', '_' or '-' (it names the results folder)`);
  return base;
}
