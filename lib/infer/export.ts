// tfjs model of SparseDense layers (either mode) → SparseModel → .spff bytes. A layer's graph is stored by its
// topology spec when regenerating the spec reproduces the realised CSR exactly (format.ts checks), else explicitly.
import * as tf from '@tensorflow/tfjs';
import { SparseDense } from '../layers/sparse-dense';
import { fileSystemHandler } from '../layers/file-io';
import type { TopologySpec } from '../topology/spec';
import { encodeModel, type EncodeOptions, type LayerInfo } from './format';
import { ACTIVATIONS, denseFloat32Bytes, modelSizes, type Activation, type ModelLayer, type SparseModel, type ValueType } from './model';

export interface ExportResult {
  bytes: Buffer;
  layers: LayerInfo[];
  sizes: number[];
  /** The same architecture as dense float32 weights + biases. */
  denseBytes: number;
}

function layerOf(layer: SparseDense): ModelLayer {
  const config = layer.getConfig();
  const activation = String(config.activation) as Activation;
  if (!ACTIVATIONS.includes(activation)) {
    throw new Error(`layer '${layer.name}': activation '${activation}' is not supported by the predictor (supported: ${ACTIVATIONS.join(', ')})`);
  }
  const weights = layer.getWeights();
  // getWeights() is [values or kernel, bias]: the bias, when the layer has one, is last.
  const bias = layer.useBias ? Float32Array.from(weights[weights.length - 1].dataSync()) : null;
  return {
    csr: layer.csr,
    spec: (config.topologySpec as unknown as TopologySpec | null) ?? null,
    values: layer.edgeValues(),
    bias,
    activation,
  };
}

/** The layers of a sequential chain of SparseDense layers (an InputLayer is skipped; anything else is an error). */
export function sparseModelFromTfjs(model: tf.LayersModel): SparseModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error('export: the model must have one input and one output');
  const layers = model.layers.filter(l => l.getClassName() !== 'InputLayer');
  const bad = layers.find(l => !(l instanceof SparseDense));
  if (bad) throw new Error(`export: layer '${bad.name}' is a ${bad.getClassName()}; only SparseDense layers can be exported`);
  if (layers.length === 0) throw new Error('export: the model has no layers');
  const sparse = (layers as SparseDense[]).map(layerOf);
  for (let l = 1; l < sparse.length; l++) {
    if (sparse[l].csr.nIn !== sparse[l - 1].csr.nOut) throw new Error(`export: layers are not a chain (layer ${l} takes ${sparse[l].csr.nIn} inputs, layer ${l - 1} gives ${sparse[l - 1].csr.nOut})`);
  }
  return { layers: sparse };
}

/** A SparseModel as .spff bytes, with what each layer's record holds. */
export function exportSparseModel(sparse: SparseModel, opts: EncodeOptions = {}): ExportResult {
  const { bytes, layers } = encodeModel(sparse, opts);
  const sizes = modelSizes(sparse);
  return { bytes, layers, sizes, denseBytes: denseFloat32Bytes(sizes) };
}

export function exportTfjsModel(model: tf.LayersModel, values: ValueType = 'float32'): ExportResult {
  return exportSparseModel(sparseModelFromTfjs(model), { values });
}

/** The layers of a saved model directory (model.json + weights.bin, as `npm run train -- --save DIR` writes). */
export async function loadSparseModel(dir: string): Promise<SparseModel> {
  const model = await tf.loadLayersModel(fileSystemHandler(dir));
  try {
    return sparseModelFromTfjs(model);
  } finally {
    model.dispose();
  }
}

/** Loads a saved model directory and exports it. */
export async function exportModelDirectory(dir: string, values: ValueType = 'float32'): Promise<ExportResult> {
  return exportSparseModel(await loadSparseModel(dir), { values });
}
