// A tfjs Layers model directory of ordinary Dense layers (what tfjs's model.save or tensorflowjs_converter writes for
// a Keras Sequential MLP) → SparseModel with all-to-all graphs, for pruning and compact export. Read without tfjs:
// tfjs would build every layer before looking at the weights, so model.json is checked here against the weight bytes
// present (the same manifest check as the project's own models), paths stay inside the folder, and only then are the
// kernels read. Flatten (first), Dropout and InputLayer pass through; anything else is refused by name.
import * as path from 'node:path';
import { MAX_LAYER_UNITS, MAX_TEXT_FILE_BYTES } from '../base/limits';
import { readRegularTextFile } from '../base/read-file';
import { MODEL_JSON } from '../layers/file-io';
import { checkWeightFiles, isObject, manifestWeights, ModelFileError, readWeightFiles, show, type Json } from '../layers/model-json-check';
import { allToAll } from './all-to-all';
import { ACTIVATIONS, type Activation, type ModelLayer, type SparseModel } from './model';


interface DenseSpec { name: string; units: number; nIn: number; activation: Activation; useBias: boolean }

/** The Sequential layer list, from tfjs's own form or a converted Keras model's (model_config). */
function layerList(topology: unknown, fail: (what: string) => never): unknown[] {
  const t = isObject(topology) && isObject(topology.model_config) ? topology.model_config : topology;
  if (!isObject(t) || t.class_name !== 'Sequential') fail(`the model is a ${show(isObject(t) ? t.class_name : t)}; supported: a Sequential model of Dense layers`);
  const config = (t as Json).config;
  const layers = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(layers) || layers.length === 0) fail('modelTopology holds no layers');
  return layers as unknown[];
}

function features(shape: unknown, where: string, fail: (what: string) => never): number {
  if (!Array.isArray(shape) || shape.length < 2 || shape.slice(1).some(d => !Number.isInteger(d) || d < 1)) fail(`${where}: batch_input_shape must be [null, n, ...] (got ${show(shape)})`);
  const n = (shape as number[]).slice(1).reduce((p, d) => p * d, 1);
  if (n > MAX_LAYER_UNITS) fail(`${where}: ${n} inputs, above the limit of ${MAX_LAYER_UNITS} units`);
  return n;
}

function denseSpecs(layers: unknown[], fail: (what: string) => never): DenseSpec[] {
  const dense: DenseSpec[] = [];
  let nIn = 0;
  layers.forEach((layer, i) => {
    const where = `layer ${i}`;
    if (!isObject(layer) || !isObject(layer.config)) return fail(`${where} must be an object with a config`);
    const cls = layer.class_name, config = layer.config;
    if (config.batch_input_shape !== undefined && dense.length === 0) nIn = features(config.batch_input_shape, where, fail);
    if (cls === 'InputLayer' || cls === 'Dropout' || (cls === 'Flatten' && dense.length === 0)) return;
    if (cls !== 'Dense') fail(`${where} is a ${show(cls)}; supported: Dense layers (and InputLayer, a first Flatten, Dropout)`);
    if (nIn === 0) fail(`${where}: no batch_input_shape before the first Dense layer`);
    const units = config.units;
    if (!Number.isInteger(units) || (units as number) < 1 || (units as number) > MAX_LAYER_UNITS) fail(`${where}: units must be an integer in 1..${MAX_LAYER_UNITS} (got ${show(units)})`);
    const activation = (config.activation ?? 'linear') as Activation;
    if (!ACTIVATIONS.includes(activation)) fail(`${where}: activation ${show(config.activation)} is not supported (supported: ${ACTIVATIONS.join(', ')})`);
    if (typeof config.name !== 'string') fail(`${where}: config.name must be a string`);
    dense.push({ name: config.name as string, units: units as number, nIn, activation, useBias: config.use_bias !== false });
    nIn = units as number;
  });
  if (dense.length === 0) fail('the model has no Dense layer');
  return dense;
}

/** Reads `dir`/model.json and its weights; every error is a ModelFileError naming model.json. */
export function readDenseTfjsModel(dir: string): SparseModel {
  const jsonFile = path.join(dir, MODEL_JSON);
  const fail = (what: string): never => { throw new ModelFileError(`${jsonFile}: ${what}`); };
  let json: unknown;
  try { json = JSON.parse(readRegularTextFile(jsonFile, MAX_TEXT_FILE_BYTES)); } catch (err) {
    throw new ModelFileError(err instanceof SyntaxError ? `${jsonFile}: not valid JSON` : (err as Error).message);
  }
  if (!isObject(json)) fail('not a JSON object');
  const specs = denseSpecs(layerList((json as Json).modelTopology, fail), fail);
  const { shapes, paths } = manifestWeights((json as Json).weightsManifest, dir, fail);
  const need = new Map<string, number[]>();
  for (const s of specs) {
    need.set(`${s.name}/kernel`, [s.nIn, s.units]);
    if (s.useBias) need.set(`${s.name}/bias`, [s.units]);
  }
  for (const [name, shape] of need) {
    const listed = shapes.get(name);
    if (!listed || listed.join() !== shape.join()) fail(`weight ${name} must have shape [${shape}] (listed: ${listed ? `[${listed}]` : 'missing'})`);
  }
  const files = checkWeightFiles(shapes, paths, fail);
  // Offsets follow the manifest order over every listed weight (tfjs's convention).
  const offsets = new Map<string, number>();
  let total = 0;
  for (const [name, shape] of shapes) { offsets.set(name, total); total += 4 * shape.reduce((p, d) => p * d, 1); }
  const all = new Uint8Array(total);
  let at = 0;
  for (const b of readWeightFiles(files, jsonFile)) { all.set(new Uint8Array(b), at); at += b.byteLength; }
  const floats = (name: string, count: number) => new Float32Array(all.buffer.slice(offsets.get(name)!, offsets.get(name)! + 4 * count));
  return {
    layers: specs.map((s): ModelLayer => {
      const kernel = floats(`${s.name}/kernel`, s.nIn * s.units); // [nIn, units] row-major
      const { csr, values } = allToAll(s.nIn, s.units, (j, i) => kernel[i * s.units + j]);
      return { csr, spec: null, values, bias: s.useBias ? floats(`${s.name}/bias`, s.units) : null, activation: s.activation };
    }),
  };
}
