// A sweep as a plain object: lists of the things to vary plus fixed training settings. expandGrid turns it into
// the concrete, de-duplicated list of TrainConfigs to run.
import { MAX_GRID_RUNS } from '../base/limits';
import type { TopologyKind } from '../topology/spec';
import type { Allocation, DatasetName, LayerMode, TrainConfig } from '../train/config';
import { runKey } from './run-key';
import { DATASET_SHAPES } from '../data/datasets';
import { isPruneMethod, resolveSparsity, type SparsityConfig, type SparsityMethod } from '../sparsity/config';
import { allocateDensities } from '../topology/allocation';
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
  if (config.density < 1 && config.topology !== 'dense') {
    const allocated = sameAsUniform(config) ? { ...config, allocation: 'uniform' as const } : config;
    return allocated.sparsity && isPruneMethod(allocated.sparsity.method) ? { ...allocated, topology: 'random' } : allocated;
  }
  const { sparsity: _ignored, ...rest } = config;
  return { ...rest, topology: 'dense', density: 1, allocation: 'uniform' };
}

function sameAsUniform(c: TrainConfig): boolean {
  if (c.allocation === 'uniform') return false;
  const { features, classes } = DATASET_SHAPES[c.dataset];
  const sizes = [features, ...c.arch, classes];
  const opts = { denseOutput: c.denseOutput };
  const mine = allocateDensities(sizes, c.density, c.allocation, opts);
  const uniform = allocateDensities(sizes, c.density, 'uniform', opts);
  // Erdős–Rényi's solved scale can differ from uniform in the last bits; generators round edge counts, so such
  // densities give the same graphs.
  return mine.every((d, l) => Math.abs(d - uniform[l]) <= 1e-9 * uniform[l]);
}

const AXES = ['datasets', 'archs', 'topologies', 'densities', 'allocations', 'modes', 'seeds', 'sparsities'] as const;

/** Runs the grid asks for before duplicates merge: the product of its axes' lengths (computed, not expanded). */
export function gridCombinations(grid: GridSpec): number {
  return AXES.reduce((n, axis) => n * (grid[axis]?.length ?? 1), 1);
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
  for (const seed of grid.seeds) for (const dataset of grid.datasets) for (const arch of grid.archs)
    for (const density of grid.densities) for (const topology of grid.topologies)
      for (const allocation of grid.allocations) for (const mode of grid.modes) for (const s of grid.sparsities ?? ['fixed']) {
        const sparsity = resolveSparsity(s, grid.epochs);
        const config = normalizeConfig({
          dataset, arch: [...arch], topology, density, allocation, denseOutput: grid.denseOutput, mode,
          epochs: grid.epochs, batchSize: grid.batchSize, learningRate: grid.learningRate,
          validationFraction: grid.validationFraction, seed,
          ...(grid.trainLimit !== undefined ? { trainLimit: grid.trainLimit } : {}),
          ...(grid.earlyStopPatience !== undefined ? { earlyStopPatience: grid.earlyStopPatience } : {}),
          ...(grid.learningRateSchedule !== undefined && grid.learningRateSchedule !== 'constant' ? { learningRateSchedule: grid.learningRateSchedule } : {}),
          ...(sparsity.method !== 'fixed' ? { sparsity } : {}),
        });
        const key = runKey(config);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(config);
      }
  return out;
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
