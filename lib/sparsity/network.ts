// What a sparsity method sees of a network: each layer's graph and weights, one way to install a new graph, and (for
// RigL) where the loss gradient is largest outside a kept graph. Both training engines (lib/engine: tfjs and native)
// provide this view, so pruning, SET and RigL run unchanged on either; methods differ only in the graph they choose.
import type { DataSplit } from '../data/datasets';
import type { Csr } from '../topology/csr';

/** The examples of one optimizer step: rows `indices` of `split`. */
export interface StepBatch {
  split: DataSplit;
  indices: Int32Array;
}

export interface RewirableLayer {
  /** The current graph (do not mutate; install a new one with setTopology). */
  readonly csr: Csr;
  readonly nnz: number;
  /** The weights at the edges, CSR order (a copy). */
  edgeValues(): Float32Array;
  /**
   * The one rewiring mechanism: install `csr` (same nIn → nOut). Edges kept from the current graph keep their weight
   * and their optimizer state, edge by edge; new edges start at weight 0 with zero state.
   */
  setTopology(csr: Csr): void;
}

/** Edges (row j = output, col i = input), ascending by (row, col). */
export interface EdgeList {
  rows: Int32Array;
  cols: Int32Array;
}

export interface RewirableNetwork {
  /** The network's layers, input to output. */
  readonly layers: readonly RewirableLayer[];
  /**
   * RigL's grow step: the `k` positions outside `kept` where |dL/dW| of layer l on `batch` is largest, with the
   * current weights (ties to the lower position j·nIn + i), ascending.
   */
  growEdges(l: number, batch: StepBatch, kept: Csr, k: number): EdgeList;
}
