// A sweep as a plain object: lists of the things to vary plus fixed training settings. expandGrid turns it into
// the concrete, de-duplicated list of TrainConfigs to run.
import { MAX_GRID_RUNS } from '../base/limits';
import type { TopologyKind } from '../topology/spec';
import type { Allocation, ChannelTopology, DatasetName, LayerMode, ModelFamily, TrainConfig } from '../train/config';
import { lenet5FullyConnectedSpecs } from '../train/lenet5-network';
import { runKey } from './run-key';
import { DATASET_SHAPES } from '../data/datasets';
import { isPruneMethod, resolveSparsity, type SparsityConfig, type SparsityMethod } from '../sparsity/config';
import { allocateDensities } from '../topology/allocation';
import { expectedNnz, generators } from '../topology/registry';
import { hasOwnKey } from '../base/own-key';
import type { LearningRateSchedule } from '../train/lr-schedule';


export interface GridSpec {
  datasets: DatasetName[];
  /** Hidden layer sizes per architecture, e.g. [[300, 100], [1000]]. */
  archs: number[][];
  /** 'dense' here adds the dense baseline (density 1) whatever the densities list holds. */
  topologies: TopologyKind[];
  densities: number[];
  allocations: Allocation[];
  modes: LayerMode[];
  seeds: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  validationFraction: number;
  denseOutput: boolean;
  trainLimit?: number;
  earlyStopPatience?: number;
  /** The learning-rate schedule every run of the grid shares (lib/train/lr-schedule); absent = constant. */
  learningRateSchedule?: LearningRateSchedule;
  /**
   * How graphs change in training (lib/sparsity): method names, or configs with explicit parameters. Default
   * ['fixed']. Configs get every parameter written out (defaults for the grid's epochs); 'fixed' adds no field, so
   * grids without this axis keep their run keys.
   */
  sparsities?: (SparsityMethod | SparsityConfig)[];
  /**
   * Option values to sweep for the kinds that take the option, e.g. { rewire: [0, 0.1, 1] } gives small-world three
   * runs per density and leaves the other kinds alone.
   */
  topologyOptions?: Record<string, (string | number)[]>;
  /** Pixel orders: null for the images as they are, a seed for one permutation of them (lib/data/permute). */
  permutePixels?: (number | null)[];
  /**
   * Connection budgets instead of densities: each architecture runs at the density that gives it this many connections
   * (output layer included), so networks of different widths compare at equal cost.
   */
  connections?: number[];
  /** Network families (default ['mlp']). A lenet5 run's archs are its fully connected widths; it takes the two axes below. */
  models?: ModelFamily[];
  /** LeNet-5's C3 channel-table classes (default ['dense']); 'dense' and 'c3' are one table whatever channelDensities holds. */
  channelTopologies?: ChannelTopology[];
  channelDensities?: number[];
}

/**
 * Every topology at density 1 is the same dense net, and allocation is meaningless for it: such configs become
 * topology 'dense', density 1, allocation 'uniform' (and so collapse to one run). A 'dense' topology at any
 * density likewise means the dense net, which no sparsity method changes (its `sparsity` is dropped). Prune methods
 * start from the dense net whatever the topology, so their configs all say 'random' (and collapse to one run).
 * An allocation that gives every layer the same density as uniform trains the same net (e.g. 784-1000-10 with a
 * dense output layer has one sparse layer to allocate to), so it becomes 'uniform' too.
 */
export function normalizeConfig(config: TrainConfig): TrainConfig {
  return normalizeChannels(normalizeLayers(config));
}

// A dense channel table (at any density) is written as no fields, c3 without a density: each is one table.
function normalizeChannels(config: TrainConfig): TrainConfig {
  if (config.model !== 'lenet5') return config;
  const { channelTopology, channelDensity, ...rest } = config;
  if (channelTopology === 'c3') return { ...rest, channelTopology };
  if (channelTopology === undefined || channelTopology === 'dense' || (channelDensity ?? 1) >= 1) return rest;
  return { ...rest, channelTopology, channelDensity };
}

function normalizeLayers(config: TrainConfig): TrainConfig {
  if (config.density < 1 && config.topology !== 'dense') {
    const allocated = sameAsUniform(config) ? { ...config, allocation: 'uniform' as const } : config;
    if (!(allocated.sparsity && isPruneMethod(allocated.sparsity.method))) return allocated;
    const { topologyOptions: _unused, ...pruned } = allocated;
    return { ...pruned, topology: 'random' };
  }
  const { sparsity: _ignored, topologyOptions: _none, ...rest } = config;
  return { ...rest, topology: 'dense', density: 1, allocation: 'uniform' };
}

/** The option settings a kind runs with in a grid: one per combination of the values of the options it takes. */
function optionSettings(kind: TopologyKind, axes: GridSpec['topologyOptions']): (Record<string, string | number> | undefined)[] {
  const mine = Object.entries(axes ?? {}).filter(([name]) => hasOwnKey(generators[kind].options, name));
  return mine.reduce<(Record<string, string | number> | undefined)[]>((settings, [name, values]) =>
    settings.flatMap(s => values.map(v => ({ ...(s ?? {}), [name]: v }))), [undefined]);
}

/**
 * The density at which `arch` holds `budget` connections (output layer included), by bisection on the allocated
 * networks' exact edge counts; the density is rounded to 1e-6 so run keys stay short. Undefined when even the
 * sparsest network has more (a dense output layer alone can exceed a small budget).
 */
export function densityForConnections(c: Pick<TrainConfig, 'dataset' | 'arch' | 'allocation' | 'denseOutput' | 'topology'>, budget: number): number | undefined {
  const { features, classes } = DATASET_SHAPES[c.dataset];
  const sizes = [features, ...c.arch, classes];
  const count = (d: number) => allocateDensities(sizes, d, c.allocation, { denseOutput: c.denseOutput })
    .reduce((s, dl, l) => s + expectedNnz({ kind: dl >= 1 ? 'dense' : c.topology, density: dl }, sizes[l], sizes[l + 1]), 0);
  if (count(1) <= budget) return 1;
  if (count(1e-9) > budget) return undefined;
  let lo = 1e-9, hi = 1;
  for (let i = 0; i < 60; i++) { const mid = (lo + hi) / 2; if (count(mid) < budget) lo = mid; else hi = mid; }
  return Math.round(hi * 1e6) / 1e6;
}

function sameAsUniform(c: TrainConfig): boolean {
  if (c.allocation === 'uniform') return false;
  const { features, classes } = DATASET_SHAPES[c.dataset];
  const sizes = c.model === 'lenet5' ? lenet5FullyConnectedSpecs(c).sizes : [features, ...c.arch, classes];
  const opts = { denseOutput: c.denseOutput };
  const mine = allocateDensities(sizes, c.density, c.allocation, opts);
  const uniform = allocateDensities(sizes, c.density, 'uniform', opts);
  // Erdős–Rényi's solved scale can differ from uniform in the last bits; generators round edge counts, so such
  // densities give the same graphs.
  return mine.every((d, l) => Math.abs(d - uniform[l]) <= 1e-9 * uniform[l]);
}

const AXES = ['datasets', 'archs', 'topologies', 'densities', 'allocations', 'modes', 'seeds', 'sparsities', 'permutePixels', 'connections',
  'models', 'channelTopologies', 'channelDensities'] as const;

/** Runs the grid asks for before duplicates merge: the product of its axes' lengths (computed, not expanded). */
export function gridCombinations(grid: GridSpec): number {
  const options = Object.values(grid.topologyOptions ?? {}).reduce((n, values) => n * Math.max(1, values.length), 1);
  return AXES.reduce((n, axis) => n * (grid[axis]?.length ?? 1), options);
}

/** Why the grid is too large to sweep (more than MAX_GRID_RUNS combinations), or undefined. */
export function gridSizeProblem(grid: GridSpec): string | undefined {
  const n = gridCombinations(grid);
  if (n <= MAX_GRID_RUNS) return undefined;
  const axes = AXES.filter(a => grid[a] !== undefined).map(a => `${a} ${grid[a]!.length}`).join(' × ');
  return `the grid has ${n.toLocaleString('en-US')} combinations (${axes}), more than the ${MAX_GRID_RUNS.toLocaleString('en-US')} a sweep may have`;
}

/**
 * The cartesian product in a fixed nesting order — seed outermost, then dataset, arch, density, topology,
 * allocation, mode, sparsity — so a partly finished sweep already covers the whole grid for its first seed(s).
 * Duplicates (after normalizeConfig) keep their first position. A grid above MAX_GRID_RUNS is refused before expanding.
 */
export function expandGrid(grid: GridSpec): TrainConfig[] {
  const tooLarge = gridSizeProblem(grid);
  if (tooLarge) throw new Error(tooLarge);
  const seen = new Set<string>();
  const out: TrainConfig[] = [];
  for (const seed of grid.seeds) for (const dataset of grid.datasets) for (const pixels of grid.permutePixels ?? [null])
    for (const model of grid.models ?? ['mlp']) for (const channels of channelSettings(model, grid)) for (const arch of grid.archs)
    for (const budget of grid.connections ?? [undefined]) for (const gridDensity of budget === undefined ? grid.densities : [undefined])
      for (const topology of grid.topologies) for (const topologyOptions of optionSettings(topology, grid.topologyOptions))
        for (const allocation of grid.allocations) for (const mode of grid.modes) for (const s of grid.sparsities ?? ['fixed']) {
          const sparsity = resolveSparsity(s, grid.epochs);
          const density = gridDensity ?? densityForConnections({ dataset, arch, allocation, denseOutput: grid.denseOutput, topology }, budget!);
          if (density === undefined) continue; // this architecture cannot be that small
          const config = normalizeConfig({
            dataset, arch: [...arch], topology, density, allocation, denseOutput: grid.denseOutput, mode,
            epochs: grid.epochs, batchSize: grid.batchSize, learningRate: grid.learningRate,
            validationFraction: grid.validationFraction, seed,
            ...(grid.trainLimit !== undefined ? { trainLimit: grid.trainLimit } : {}),
            ...(grid.earlyStopPatience !== undefined ? { earlyStopPatience: grid.earlyStopPatience } : {}),
            ...(grid.learningRateSchedule !== undefined && grid.learningRateSchedule !== 'constant' ? { learningRateSchedule: grid.learningRateSchedule } : {}),
            ...(sparsity.method !== 'fixed' ? { sparsity } : {}),
            ...(topologyOptions ? { topologyOptions } : {}),
            ...(pixels !== null ? { permutePixels: pixels } : {}),
            ...(model !== 'mlp' ? { model, ...channels } : {}),
          });
          const key = runKey(config);
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(config);
        }
  return out;
}

/** The channel tables a model runs with: none for an MLP, every class × density for LeNet-5 (duplicates merge later). */
function channelSettings(model: ModelFamily, grid: GridSpec): Pick<TrainConfig, 'channelTopology' | 'channelDensity'>[] {
  if (model === 'mlp') return [{}];
  return (grid.channelTopologies ?? ['dense']).flatMap(channelTopology =>
    (grid.channelDensities ?? [1]).map(channelDensity => ({ channelTopology, channelDensity })));
}

/**
 * The stored runs that belong to the grid as it is now, and how many do not: a store can hold runs of an earlier
 * version of its grid (e.g. a configuration later recognised as a duplicate of another), which would otherwise show up
 * as extra, partial groups in summaries.
 */
export function runsOfGrid<T extends { key: string }>(results: readonly T[], grid: GridSpec): { runs: T[]; outside: number; planned: number } {
  const planned = new Set(expandGrid(grid).map(runKey));
  const runs = results.filter(r => planned.has(r.key));
  return { runs, outside: results.length - runs.length, planned: planned.size };
}
