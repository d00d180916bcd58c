// The network of a run: an MLP of SparseDense layers, sizes [features, ...arch, classes], one graph per layer.
import * as tf from '@tensorflow/tfjs';
import { SparseDense } from '../layers/sparse-dense';
import type { TopologySpec } from '../topology/spec';
import type { TrainConfig } from './config';

/** Layer widths including input and output, e.g. [784, 300, 100, 10]. */
export function layerSizes(config: Pick<TrainConfig, 'arch'>, features: number, classes: number): number[] {
  return [features, ...config.arch, classes];
}

/** ReLU hidden layers and a linear output (logits; the loss applies the softmax). */
export function buildModel(sizes: number[], specs: TopologySpec[], mode: TrainConfig['mode']): tf.Sequential {
  if (specs.length !== sizes.length - 1) throw new Error(`buildModel: ${specs.length} topologies for ${sizes.length - 1} layers`);
  const model = tf.sequential();
  specs.forEach((topology, l) => {
    model.add(new SparseDense({
      units: sizes[l + 1],
      topology,
      mode,
      activation: l === specs.length - 1 ? 'linear' : 'relu',
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
