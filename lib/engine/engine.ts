// A training engine: one network, its optimizer and its buffers, trained a run of steps at a time. Two implement it:
// tfjs (the SparseDense Layers API on the wasm backend, masked or sparse mode: the oracle, and what users compose) and
// native (the whole network inside the addon). The trainer (lib/train) and every sparsity method (lib/sparsity, through
// RewirableNetwork) see only this interface, so a run is the same run on either.
import type * as tf from '@tensorflow/tfjs';
import type { DataSplit } from '../data/datasets';
import type { RewirableNetwork } from '../sparsity/network';
import type { Csr } from '../topology/csr';

export type EngineName = 'native' | 'tfjs';
export const ENGINE_NAMES: readonly EngineName[] = ['native', 'tfjs'];

/** The network families a run can train: an MLP of sparse layers, or LeNet-5 (convolutions as tied sparse graphs). */
export type ModelFamily = 'mlp' | 'lenet5';
export const MODEL_FAMILIES: readonly ModelFamily[] = ['mlp', 'lenet5'];

/** What a run of steps did: sums over the examples trained, and where it stopped if a loss was not finite. */
export interface StepsResult {
  /** Σ over trained examples of the per-example cross-entropy. */
  lossSum: number;
  correct: number;
  seen: number;
  steps: number;
  /** Batch (index into the order) whose loss was not finite; training stopped before applying it. */
  stoppedAt: number | null;
}

export interface Evaluation {
  loss: number;
  accuracy: number;
}

/** The network's graphs and weights at one moment (the best epoch's), to put back later. */
export interface EngineSnapshot {
  graphs: Csr[];
  values: Float32Array[];
  biases: Float32Array[];
}

export interface TrainingEngine extends RewirableNetwork {
  readonly name: EngineName;
  /** What computed the products, for the run record. */
  readonly kernel: 'native' | 'typescript' | 'masked';
  /** Takes effect from the next step. */
  learningRate: number;
  /**
   * `steps` Adam steps on the batches firstBatch, firstBatch+1, … of `order` (batch b is order[b·batchSize ..]; the
   * last batch of an order may be short), each minimising the mean softmax cross-entropy of the batch; step s at
   * `learningRates[s]` when given (a schedule), else at `learningRate`.
   */
  trainSteps(split: DataSplit, order: Int32Array, firstBatch: number, steps: number, batchSize: number, learningRates?: Float64Array): StepsResult;
  /** Mean loss and accuracy over `indices` of `split` (default all), forward only. */
  evaluate(split: DataSplit, indices?: Int32Array): Evaluation;
  snapshot(): EngineSnapshot;
  restore(snapshot: EngineSnapshot): void;
  /** The network as a tfjs Layers model (SparseDense layers): to save, predict or compose. The caller disposes it. */
  toModel(): tf.Sequential;
  dispose(): void;
}
