// The trainer's view of a sparsity method: two hooks in the training loop, when the next one may act, and one question
// for model selection. A controller only decides WHICH edges each layer has; the layer installs them (setTopology).
import { expectedNnz } from '../topology/registry';
import type { RewirableLayer, RewirableNetwork, StepBatch } from './network';

export type { StepBatch };

export interface SparsityContext {
  /** The network: the whole chain of layers (RigL's gradient runs through all of them). */
  network: RewirableNetwork;
  /** Each layer's target density from the run's allocation; a layer at density 1 (dense) is never rewired. */
  densities: number[];
  stepsPerEpoch: number;
  /** The run's seed (SET's regrowth draws from its own streams of it). */
  seed: number;
}

export interface SparsityController {
  /** After optimizer step `step` (1-based, counted over the whole run) on `batch`. */
  afterStep(step: number, batch: StepBatch): void;
  /** After the last step of `epoch` (1-based), before validation. */
  afterEpoch(epoch: number): void;
  /**
   * The first step after `step` at which afterStep may change a graph (Infinity: never). An engine that trains many
   * steps per call stops there, so the method sees exactly the network it would after that step.
   */
  nextStep(step: number): number;
  /**
   * Whether the network after `epoch` may be selected as the run's best: false while a pruning schedule has not
   * reached the target density, since that network has more connections than the run's budget.
   */
  selectable(epoch: number): boolean;
}

/** The controller of 'fixed': the graph never changes. */
export const FIXED: SparsityController = { afterStep() {}, afterEpoch() {}, nextStep: () => Infinity, selectable: () => true };

/** Edges a layer ends with: the count a random graph of its target density has, so runs compare at equal budgets. */
export function targetNnz(layer: RewirableLayer, density: number): number {
  return expectedNnz({ kind: 'random', density }, layer.csr.nIn, layer.csr.nOut);
}

/** The layers a method may rewire (those below density 1), with their indices. */
export function sparseLayerIndices(ctx: SparsityContext): number[] {
  return ctx.densities.map((_, l) => l).filter(l => ctx.densities[l] < 1);
}
