// The trainer's view of a sparsity method: two hooks in the training loop and one question for model selection.
// A controller only decides WHICH edges each layer has; rewire() applies the decision to the layer and optimizer.
import type { SparseDense } from '../layers/sparse-dense';
import type { HostAdam } from '../optim/host-adam';
import { expectedNnz } from '../topology/registry';
import type { StepBatch } from './dense-gradient';

export type { StepBatch };

export interface SparsityContext {
  /** The network's layers, input to output: the whole chain (RigL's dense gradient runs through all of them). */
  layers: SparseDense[];
  optimizer: HostAdam;
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
   * Whether the network after `epoch` may be selected as the run's best: false while a pruning schedule has not
   * reached the target density, since that network has more connections than the run's budget.
   */
  selectable(epoch: number): boolean;
}

/** The controller of 'fixed': the graph never changes. */
export const FIXED: SparsityController = { afterStep() {}, afterEpoch() {}, selectable: () => true };

/** Edges layer l ends with: the count a random graph of its target density has, so runs compare at equal budgets. */
export function targetNnz(layer: SparseDense, density: number): number {
  return expectedNnz({ kind: 'random', density }, layer.csr.nIn, layer.csr.nOut);
}

/** The layers a method may rewire (those below density 1), with their indices. */
export function sparseLayerIndices(ctx: SparsityContext): number[] {
  return ctx.layers.map((_, l) => l).filter(l => ctx.densities[l] < 1);
}
