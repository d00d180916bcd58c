// The network of a run as a tfjs model: an MLP of SparseDense layers, sizes [features, ...hidden, classes], one graph
// per layer, ReLU hidden layers and a linear output (logits; the loss applies the softmax).
import * as tf from '@tensorflow/tfjs';
import { SparseDense } from '../layers/sparse-dense';
import type { LayerMode } from '../layers/mode';
import { csrToConfig } from '../layers/topology-config';
import type { Csr } from '../topology/csr';
import type { TopologySpec } from '../topology/spec';

/** One layer's graph: a generator spec (realised at build time) or an explicit graph with its init seed. */
export type LayerGraph = TopologySpec | { csr: Csr; seed: number };

export function buildModel(sizes: number[], graphs: LayerGraph[], mode: LayerMode): tf.Sequential {
  if (graphs.length !== sizes.length - 1) throw new Error(`buildModel: ${graphs.length} topologies for ${sizes.length - 1} layers`);
  const model = tf.sequential();
  graphs.forEach((graph, l) => {
    model.add(new SparseDense({
      units: sizes[l + 1],
      ...('csr' in graph ? { topology: csrToConfig(graph.csr), seed: graph.seed } : { topology: graph }),
      mode,
      activation: l === graphs.length - 1 ? 'linear' : 'relu',
      // The first layer's input is data: nobody needs its gradient.
      ...(l === 0 ? { inputShape: [sizes[0]], inputGradient: false } : {}),
      name: `sparse_dense_${l}`,
    }));
  });
  return model;
}

export function sparseLayers(model: tf.LayersModel): SparseDense[] {
  return model.layers.filter((l): l is SparseDense => l instanceof SparseDense);
}
