// The network of a run as a tfjs model: an MLP of SparseDense layers, sizes [features, ...hidden, classes], one graph
// per layer, ReLU hidden layers and a linear output (logits; the loss applies the softmax).
import * as tf from '@tensorflow/tfjs';
import { SparseDense } from '../layers/sparse-dense';
import type { LayerMode } from '../layers/mode';
import { csrToConfig } from '../layers/topology-config';
import type { Csr } from '../topology/csr';
import type { TopologySpec } from '../topology/spec';
import type { RewirableLayer } from '../sparsity/network';

/** One layer's graph: a generator spec (realised at build time) or an explicit graph with its init seed (and the class
 *  it was generated as, for the layer's name). */
export type LayerGraph = TopologySpec | { csr: Csr; seed: number; kind?: string };

/**
 * `output` 'logits' (the trainer's: its loss applies the softmax) or 'softmax' (class probabilities: what a tfjs user
 * compiling with categoricalCrossentropy and calling fit or predict expects).
 */
export function buildModel(sizes: number[], graphs: LayerGraph[], mode: LayerMode, output: 'logits' | 'softmax' = 'logits'): tf.Sequential {
  if (graphs.length !== sizes.length - 1) throw new Error(`buildModel: ${graphs.length} topologies for ${sizes.length - 1} layers`);
  const model = tf.sequential();
  graphs.forEach((graph, l) => {
    const last = l === graphs.length - 1;
    model.add(new SparseDense({
      units: sizes[l + 1],
      ...('csr' in graph ? { topology: csrToConfig(graph.csr), seed: graph.seed } : { topology: graph }),
      mode,
      activation: !last ? 'relu' : output === 'softmax' ? 'softmax' : 'linear',
      // The first layer's input is data: nobody needs its gradient.
      ...(l === 0 ? { inputShape: [sizes[0]], inputGradient: false } : {}),
      name: layerName(l, graph, sizes[l], sizes[l + 1]),
    }));
  });
  return model;
}

/**
 * 'layer1_regular_9.9pct': model.summary() shows each layer's graph class and its actual density (edges over nIn·nOut,
 * two digits), short enough for summary()'s name column.
 */
function layerName(l: number, graph: LayerGraph, nIn: number, nOut: number): string {
  const kind = 'csr' in graph ? graph.kind ?? 'graph' : graph.kind;
  const density = 'csr' in graph ? graph.csr.rowPtr[graph.csr.nOut] / (nIn * nOut) : graph.density;
  return `layer${l + 1}_${kind === 'dense' || density >= 1 ? 'dense' : `${kind}_${+(100 * density).toPrecision(2)}pct`}`;
}

export function sparseLayers(model: tf.LayersModel): SparseDense[] {
  return model.layers.filter((l): l is SparseDense => l instanceof SparseDense);
}

/** A model's graphs and weights, layer by layer: what the trainer starts a fine-tuning run from. */
export function modelSnapshot(model: tf.LayersModel): { graphs: Csr[]; values: Float32Array[]; biases: Float32Array[] } {
  const layers = sparseLayers(model);
  if (layers.length === 0 || layers.length !== model.layers.length) {
    throw new Error('modelSnapshot: the model must consist of SparseDense layers only (build it with sparseNetwork or train)');
  }
  return { graphs: layers.map(l => l.csr), values: layers.map(l => l.edgeValues()), biases: layers.map(l => l.biasValues()) };
}

/** A model with the given graphs and weights (the native engine's network as tfjs layers, a snapshot put back). */
export function modelFromSnapshot(sizes: number[], s: { graphs: Csr[]; values: Float32Array[]; biases: Float32Array[] },
  specs: readonly { seed: number; kind: string }[], mode: LayerMode, output: 'logits' | 'softmax'): tf.Sequential {
  const model = buildModel(sizes, s.graphs.map((csr, l) => ({ csr, seed: specs[l].seed, kind: specs[l].kind })), mode, output);
  sparseLayers(model).forEach((layer, l) => {
    layer.setTopology(s.graphs[l], s.values[l]);
    layer.setBiasValues(s.biases[l]);
  });
  return model;
}

/** A model's SparseDense layers as sparsity sees them (no optimizer state to carry: for one-off changes like pruning). */
export function rewirableLayers(model: tf.LayersModel): RewirableLayer[] {
  return sparseLayers(model).map(layer => ({
    get csr() { return layer.csr; },
    get nnz() { return layer.nnz; },
    edgeValues: () => layer.edgeValues(),
    setTopology: (csr: Csr) => { layer.setTopology(csr); },
  }));
}
