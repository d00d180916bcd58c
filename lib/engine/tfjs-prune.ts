// Magnitude pruning of a trained tfjs model (lib/sparsity/magnitude.ts on its SparseDense layers), in place.
import type * as tf from '@tensorflow/tfjs';
import { pruneByMagnitude, type MagnitudePruneOptions } from '../sparsity/magnitude';
import { rewirableLayers } from './tfjs-model';

/** Prune the model's layers to `density` by |w| (default: per layer, all but the output layer); returns the edges kept per layer. */
export function pruneModel(model: tf.LayersModel, opts: MagnitudePruneOptions): number[] {
  return pruneByMagnitude(rewirableLayers(model), opts);
}
