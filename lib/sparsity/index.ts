// Dynamic topologies: the dispatch from a run's `sparsity` method to its controller, and the graph a run starts from.
import { networkSpecs } from '../topology/network';
import { DATASET_SHAPES, type DatasetName } from '../data/datasets';
import type { TopologyKind, TopologySpec } from '../topology/spec';
import { effectiveSparsity, isPruneMethod, type SparsityConfig, type SparsityMethod } from './config';
import { FIXED, type SparsityContext, type SparsityController } from './controller';
import { gradualPrune, oneShotPrune } from './prune';
import { setController } from './set';
import { riglController } from './rigl';

export * from './config';
export type { SparsityContext, SparsityController, StepBatch } from './controller';
export type { RewirableLayer, RewirableNetwork, EdgeList } from './network';

const controllers: Record<SparsityMethod, (s: SparsityConfig, ctx: SparsityContext) => SparsityController> = {
  fixed: () => FIXED,
  'gradual-prune': gradualPrune,
  'one-shot-prune': oneShotPrune,
  set: setController,
  rigl: riglController,
};

/** The controller of a (validated) run config; 'fixed' when it has no sparsity field. */
export function sparsityController(config: { sparsity?: SparsityConfig; epochs: number }, ctx: SparsityContext): SparsityController {
  const s = effectiveSparsity(config);
  return controllers[s.method](s, ctx);
}

/** Each layer's starting graph: the run's topology at its allocated densities, or dense for the prune methods. */
export function startSpecs(config: { sparsity?: SparsityConfig; epochs: number; topology: TopologyKind; seed: number;
  topologyOptions?: TopologySpec['options']; dataset?: DatasetName }, densities: number[]): TopologySpec[] {
  const start = isPruneMethod(effectiveSparsity(config).method) ? densities.map(() => 1) : densities;
  return networkSpecs(config.topology, start, config.seed, config.topologyOptions, config.dataset ? DATASET_SHAPES[config.dataset].image : undefined);
}
