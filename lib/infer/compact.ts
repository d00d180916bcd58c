// "I have a dense model; make it fit on the device": import a trained dense MLP (a tfjs Layers directory or an ONNX
// file), prune it to a density by magnitude through the one pruning mechanism (lib/sparsity pruneByMagnitude), and
// optionally fine-tune the pruned graphs on a dataset with the project's trainer (train(config, { from })). The result
// is a SparseModel for any exporter (.spff, ONNX).
import * as path from 'node:path';
import { pathExists, statRegularFile } from '../base/read-file';
import { MODEL_JSON } from '../layers/file-io';
import { pruneByMagnitude } from '../sparsity/magnitude';
import type { RewirableLayer } from '../sparsity/network';
import { nnz, type Csr } from '../topology/csr';
import { modelSnapshot } from '../engine/tfjs-model';
import type { RunRecord } from '../train/config';
import { trainConfig } from '../train/defaults';
import { train } from '../train/run';
import type { DatasetName } from '../data/datasets';
import { readDenseTfjsModel } from './from-tfjs-dense';
import type { ModelLayer, SparseModel } from './model';
import { readOnnxChain } from './onnx/from-onnx';

/** A dense model from a tfjs Layers directory (model.json + weights) or an .onnx file; one-line errors. */
export function readDenseModel(source: string): { model: SparseModel; format: 'tfjs' | 'onnx' } {
  if (pathExists(path.join(source, MODEL_JSON))) return { model: readDenseTfjsModel(source), format: 'tfjs' };
  statRegularFile(source); // a missing path, a directory without model.json, a FIFO: one line naming it
  return { model: readOnnxChain(source), format: 'onnx' };
}

/** A model layer seen as a RewirableLayer: setTopology keeps the weights of the edges kept (by position). */
function rewirable(layer: ModelLayer): RewirableLayer {
  return {
    get csr() { return layer.csr; },
    get nnz() { return nnz(layer.csr); },
    edgeValues: () => layer.values.slice(),
    setTopology(next: Csr) {
      const values = new Float32Array(nnz(next));
      for (let j = 0; j < next.nOut; j++) {
        let k = layer.csr.rowPtr[j];
        for (let q = next.rowPtr[j]; q < next.rowPtr[j + 1]; q++) {
          while (k < layer.csr.rowPtr[j + 1] && layer.csr.colIdx[k] < next.colIdx[q]) k++;
          values[q] = k < layer.csr.rowPtr[j + 1] && layer.csr.colIdx[k] === next.colIdx[q] ? layer.values[k] : 0;
        }
      }
      layer.csr = next;
      layer.values = values;
    },
  };
}

export interface PruneOptions {
  density: number;
  scope?: 'layer' | 'global';
  /** Prune the output layer too (default: kept dense, as the paper and the trainer do). */
  pruneOutput?: boolean;
}

/** A pruned copy of `model` (the input is not changed); graphs lose their spec (they are a pruning's, not a generator's). */
export function pruneModel(model: SparseModel, opts: PruneOptions): SparseModel {
  const copy: SparseModel = { layers: model.layers.map(l => ({ ...l, spec: null, values: l.values.slice() })) };
  const all = copy.layers.map((_, l) => l);
  pruneByMagnitude(copy.layers.map(rewirable), { density: opts.density, scope: opts.scope ?? 'layer', layers: opts.pruneOutput ? all : all.slice(0, -1) });
  return copy;
}

export interface FineTuneOptions {
  dataset: DatasetName;
  epochs: number;
  learningRate?: number;
  seed?: number;
}

/**
 * Trains the pruned graphs (fixed: nothing is regrown) for a few epochs with the paper's recipe; returns the best
 * validation epoch's weights and its record. The trainer's MLP is ReLU between layers with a linear output: a model
 * whose output is softmax keeps it (argmax and probabilities follow the logits); any other activation is refused.
 */
export async function fineTune(model: SparseModel, opts: FineTuneOptions): Promise<{ model: SparseModel; record: RunRecord }> {
  const last = model.layers.length - 1;
  const bad = model.layers.findIndex((l, i) => (i < last ? l.activation !== 'relu' : l.activation !== 'linear' && l.activation !== 'softmax'));
  if (bad >= 0) throw new Error(`fine-tuning trains ReLU hidden layers and a linear or softmax output; layer ${bad} is ${model.layers[bad].activation}`);
  const sizes = [model.layers[0].csr.nIn, ...model.layers.map(l => l.csr.nOut)];
  const config = trainConfig({
    dataset: opts.dataset, arch: sizes.slice(1, -1), epochs: opts.epochs, seed: opts.seed ?? 1,
    ...(opts.learningRate !== undefined ? { learningRate: opts.learningRate } : {}),
    // The graphs are the pruned ones (the config's topology is replaced by `from`); the output layer is trained as given.
    denseOutput: nnz(model.layers[last].csr) === model.layers[last].csr.nIn * model.layers[last].csr.nOut,
  });
  const from = {
    graphs: model.layers.map(l => l.csr), values: model.layers.map(l => l.values),
    biases: model.layers.map(l => l.bias ?? new Float32Array(l.csr.nOut)),
  };
  const { record, model: trained } = await train(config, { from, keepModel: true, progress: 'auto' });
  try {
    const s = modelSnapshot(trained!);
    return {
      model: { layers: model.layers.map((l, i) => ({ ...l, csr: s.graphs[i], values: s.values[i], bias: s.biases[i] })) },
      record,
    };
  } finally {
    trained!.dispose();
  }
}
