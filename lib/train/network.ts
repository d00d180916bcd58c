// A run's network as a tfjs model, for users composing tfjs code: the graphs and initial weights the trainer would
// start from (same seeds), SparseDense layers with ReLU hidden units and, by default, a softmax output, so
// model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] }) and model.fit work as
// a tfjs user expects. (The trainer itself works on logits: its loss applies the softmax.)
import type * as tf from '@tensorflow/tfjs';
import { DATASET_SHAPES } from '../data/datasets';
import { buildModel } from '../engine/tfjs-model';
import { startSpecs } from '../sparsity/index';
import { allocateDensities } from '../topology/allocation';
import { layerSizes, type TrainConfig } from './config';
import { trainConfig } from './defaults';

export interface SparseNetworkOptions {
  /** 'softmax' (default): class probabilities; 'logits': the raw outputs, for a loss that applies the softmax itself. */
  output?: 'softmax' | 'logits';
}

/** The network of trainConfig(partial) as a tfjs Sequential model (initialise the tfjs backend first: initBackend). */
export function sparseNetwork(partial: Partial<TrainConfig> = {}, opts: SparseNetworkOptions = {}): tf.Sequential {
  const config = trainConfig(partial);
  const { features, classes } = DATASET_SHAPES[config.dataset];
  const sizes = layerSizes(config, features, classes);
  const densities = allocateDensities(sizes, config.density, config.allocation, { denseOutput: config.denseOutput });
  return buildModel(sizes, startSpecs(config, densities), config.mode, opts.output ?? 'softmax');
}
