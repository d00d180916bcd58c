// The in-memory form of a compact sparse model: what the file format encodes/decodes, what export builds from a tfjs
// model and what the predictor runs. Plain typed arrays only (no tfjs), so the predictor's module graph stays small.
import type { Csr } from '../topology/csr';
import type { TopologySpec } from '../topology/spec';

/** Index in this list = the code stored in the file and passed to the native Network (network.cc). */
export const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;
export type Activation = typeof ACTIVATIONS[number];

/** How edge values are stored in the file; the predictor always computes in float32. */
export const VALUE_TYPES = ['float32', 'float16', 'int8'] as const;
export type ValueType = typeof VALUE_TYPES[number];

export interface ModelLayer {
  /** The layer's graph, one row per output unit. */
  csr: Csr;
  /** The spec the graph came from, if any: the file stores only the spec when `generate` reproduces csr exactly. */
  spec: TopologySpec | null;
  /** One weight per edge, CSR order. */
  values: Float32Array;
  /** nOut biases, or null for a layer without bias. */
  bias: Float32Array | null;
  activation: Activation;
}

export interface SparseModel {
  layers: ModelLayer[];
}

/** [nIn, hidden..., nOut], e.g. [784, 300, 100, 10]. */
export function modelSizes(model: SparseModel): number[] {
  return [model.layers[0].csr.nIn, ...model.layers.map(l => l.csr.nOut)];
}

/** Bytes of the same architecture stored dense: float32 weights and biases, 4·Σ(nIn·nOut + nOut). */
export function denseFloat32Bytes(sizes: number[]): number {
  let bytes = 0;
  for (let l = 1; l < sizes.length; l++) bytes += 4 * (sizes[l - 1] * sizes[l] + sizes[l]);
  return bytes;
}
