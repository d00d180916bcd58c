// What a saved model directory must hold before tfjs builds anything from it. tfjs builds every layer (generating its
// graph, allocating its variables) before it looks at the weights, so a tampered model.json — a layer declared
// 46341 → 46340 dense, a weight path "../../../../etc/passwd", a col_idx entry "abc", an unknown layer class — used
// to cost gigabytes, read files outside the folder, or fail deep inside tfjs. Here every declared size is checked
// against the weight bytes actually present, every weight path is resolved inside the folder, and every error is one
// line naming model.json.
import * as path from 'node:path';
import { MAX_BINARY_FILE_BYTES, MAX_LAYER_UNITS } from '../base/limits';
import { resolveInside } from '../base/path-inside';
import { formatBytes } from '../base/format-bytes';
import { readRegularFile, statRegularFile } from '../base/read-file';
import { expectedNnz } from '../topology/registry';
import type { TopologySpec } from '../topology/spec';

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** The layers a saved model may hold: what `npm run train -- --save` writes. */
const SUPPORTED = 'SparseDense layers in a Sequential model (an InputLayer may come first)';
const BYTES_PER_VALUE = 4; // float32: the only dtype this project saves

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
/** A value as it appears in a one-line message (JSON, cut at 60 characters). */
export const show = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 60);

export interface WeightFile {
  /** Absolute path, inside the model folder. */
  file: string;
  bytes: number;
}

export interface CheckedModel {
  /** The weight files in manifest order (concatenated, they are the weights in manifest order). */
  files: WeightFile[];
}

/** [nIn, units] → the weights one SparseDense layer must have, by name. */
function expectedWeights(layer: Json, where: string, nIn: number, fail: (what: string) => never): { units: number; weights: Map<string, number[]> } {
  const config = isObject(layer.config) ? layer.config : fail(`${where}: config must be an object`);
  const name = typeof config.name === 'string' && config.name !== '' ? config.name : fail(`${where}: config.name must be a string`);
  const units = config.units;
  if (!Number.isInteger(units) || (units as number) < 1 || (units as number) > MAX_LAYER_UNITS) {
    fail(`${where}: units must be an integer in 1..${MAX_LAYER_UNITS} (got ${show(units)})`);
  }
  const mode = config.mode ?? 'sparse';
  if (mode !== 'sparse' && mode !== 'masked') fail(`${where}: mode must be sparse or masked (got ${show(mode)})`);
  const useBias = config.use_bias ?? true;
  if (typeof useBias !== 'boolean') fail(`${where}: use_bias must be true or false (got ${show(useBias)})`);
  const nnz = topologyNnz(config.topology, `${where}: topology`, nIn, units as number, fail);
  const weights = new Map<string, number[]>();
  if (mode === 'sparse') weights.set(`${name}/values`, [nnz]);
  else weights.set(`${name}/kernel`, [nIn, units as number]);
  if (useBias) weights.set(`${name}/bias`, [units as number]);
  return { units: units as number, weights };
}

/** Connections of a layer's topology: a generator spec's edge count, or an explicit CSR's (checked entry by entry). */
function topologyNnz(t: unknown, where: string, nIn: number, nOut: number, fail: (what: string) => never): number {
  if (!isObject(t)) return fail(`${where} must be an object`);
  if (typeof t.kind === 'string') {
    try { return expectedNnz(t as unknown as TopologySpec, nIn, nOut); } catch (err) { return fail(`${where}: ${(err as Error).message}`); }
  }
  if (t.n_in !== nIn || t.n_out !== nOut) fail(`${where} is ${show(t.n_in)}→${show(t.n_out)} but the layer is ${nIn}→${nOut}`);
  const ints = (key: string, length?: number): number[] => {
    const a = t[key];
    if (!Array.isArray(a) || (length !== undefined && a.length !== length)) fail(`${where}.${key} must be an array${length !== undefined ? ` of ${length} integers` : ''}`);
    const bad = (a as unknown[]).findIndex(v => !Number.isInteger(v));
    if (bad >= 0) fail(`${where}.${key}[${bad}] is ${show((a as unknown[])[bad])}, not an integer`);
    return a as number[];
  };
  ints('row_ptr', nOut + 1);
  return ints('col_idx').length;
}

/** Layer sizes from the model's first layer: an InputLayer's or the first layer's batch_input_shape [null, n]. */
function inputSize(layer: Json, where: string, fail: (what: string) => never): number {
  const shape = isObject(layer.config) ? layer.config.batch_input_shape : undefined;
  const n = Array.isArray(shape) && shape.length === 2 ? shape[1] : undefined;
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > MAX_LAYER_UNITS) {
    fail(`${where}: batch_input_shape must be [null, n] with n an integer in 1..${MAX_LAYER_UNITS} (got ${show(shape)})`);
  }
  return n as number;
}

/** Every weight the manifest lists, by name, with its shape; and the files in order. */
export function manifestWeights(manifest: unknown, dir: string, fail: (what: string) => never): { shapes: Map<string, number[]>; paths: string[] } {
  if (!Array.isArray(manifest) || manifest.length === 0) fail('weightsManifest must be a non-empty array');
  const shapes = new Map<string, number[]>();
  const paths: string[] = [];
  (manifest as unknown[]).forEach((group, g) => {
    const where = `weightsManifest[${g}]`;
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) fail(`${where} must hold paths and weights arrays`);
    (group.paths as unknown[]).forEach((p, i) => {
      try { paths.push(resolveInside(dir, p, `${where}.paths[${i}]`)); } catch (err) { fail((err as Error).message); }
    });
    (group.weights as unknown[]).forEach((w, i) => {
      const at = `${where}.weights[${i}]`;
      if (!isObject(w) || typeof w.name !== 'string') return fail(`${at} must be an object with a name`);
      if (w.dtype !== 'float32') fail(`${at} (${w.name}): dtype must be float32 (got ${show(w.dtype)})`);
      if (w.quantization !== undefined) fail(`${at} (${w.name}): quantized weights are not supported`);
      const shape = w.shape;
      if (!Array.isArray(shape) || shape.some(d => !Number.isInteger(d) || d < 0)) fail(`${at} (${w.name}): shape must be an array of integers >= 0`);
      if (shapes.has(w.name)) fail(`${at}: weight ${w.name} is listed twice`);
      shapes.set(w.name, shape as number[]);
    });
  });
  return { shapes, paths };
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Checks a parsed model.json of the model folder `dir` against the weight files beside it, before anything is built
 * or read; `label` (e.g. the model.json path) starts every message. Returns the weight files to read.
 */
export function checkSavedModel(json: unknown, dir: string, label: string): CheckedModel {
  const fail = (what: string): never => { throw new ModelFileError(`${label}: ${what}`); };
  if (!isObject(json)) fail('not a JSON object');
  const topology = (json as Json).modelTopology;
  if (!isObject(topology)) fail('modelTopology must be an object');
  const t = topology as Json;
  if (t.class_name !== 'Sequential') fail(`the model is a ${show(t.class_name)}; supported: ${SUPPORTED}`);
  const layers = isObject(t.config) ? t.config.layers : undefined;
  if (!Array.isArray(layers) || layers.length === 0) fail('modelTopology.config.layers must be a non-empty array');
  const list = layers as unknown[];
  const expected = new Map<string, number[]>();
  let nIn = 0;
  list.forEach((layer, i) => {
    const where = `layer ${i}`;
    if (!isObject(layer)) return fail(`${where} must be an object`);
    const cls = layer.class_name;
    if (cls === 'InputLayer' && i === 0) { nIn = inputSize(layer, where, fail); return; }
    if (cls !== 'SparseDense') fail(`${where} is a ${show(cls)}; supported: ${SUPPORTED}`);
    if (i === 0 || nIn === 0) nIn = inputSize(layer, where, fail);
    const { units, weights } = expectedWeights(layer, where, nIn, fail);
    for (const [name, shape] of weights) {
      if (expected.has(name)) fail(`${where}: two layers own a weight named ${name}`);
      expected.set(name, shape);
    }
    nIn = units;
  });
  const { shapes, paths } = manifestWeights((json as Json).weightsManifest, dir, fail);
  for (const [name, shape] of expected) {
    const listed = shapes.get(name);
    if (!listed) fail(`weight ${name} is missing from weightsManifest`);
    if (!sameShape(listed!, shape)) fail(`weight ${name} has shape [${listed}] but its layer needs [${shape}]`);
  }
  for (const name of shapes.keys()) if (!expected.has(name)) fail(`weightsManifest lists ${name}, which no layer has`);
  return { files: checkWeightFiles(shapes, paths, fail) };
}

/** The weight files, after the bytes the manifest's shapes need are checked against the limit and the files' sizes. */
export function checkWeightFiles(shapes: Map<string, number[]>, paths: string[], fail: (what: string) => never): WeightFile[] {
  let need = 0;
  for (const shape of shapes.values()) need += BYTES_PER_VALUE * shape.reduce((p, d) => p * d, 1);
  if (need > MAX_BINARY_FILE_BYTES) fail(`the weights need ${formatBytes(need)}, more than the ${formatBytes(MAX_BINARY_FILE_BYTES)} a model may have`);
  const files: WeightFile[] = paths.map(file => {
    try { return { file, bytes: statRegularFile(file).size }; } catch (err) { return fail((err as Error).message); }
  });
  const have = files.reduce((s, f) => s + f.bytes, 0);
  if (have !== need) fail(`the weights need ${need} bytes but ${files.map(f => path.basename(f.file)).join(', ')} hold${files.length === 1 ? 's' : ''} ${have}`);
  return files;
}

/** Reads the checked weight files (their sizes were checked; a file that changed since is caught here too). */
export function readWeightFiles(files: WeightFile[], label: string): ArrayBuffer[] {
  return files.map(({ file, bytes }) => {
    let buf: Buffer;
    try { buf = readRegularFile(file, bytes); } catch (err) { throw new ModelFileError(`${label}: ${(err as Error).message}`); }
    if (buf.length !== bytes) throw new ModelFileError(`${label}: ${file} changed while it was read`);
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  });
}
