// ONNX bytes → the parts of a model a feed-forward chain is made of: nodes (op, inputs, outputs, attributes),
// float32 initializers (dense, or sparse as linear indices + values), the graph's inputs and outputs. Everything else
// in the file is skipped. Each tensor's element count must be held by the bytes that carry it, so a small file cannot
// make this allocate more than a small multiple of its size; weights stored outside the file (external data) are
// refused, never looked for.
import { MAX_LAYER_UNITS } from '../../base/limits';
import { ProtoError, fixed32Float, int64, readFields, repeatedVarints, utf8, type ProtoField } from './protobuf';
import { ATTRIBUTE, DATA_TYPE, GRAPH, MODEL, NODE, OPSET_ID, SPARSE_TENSOR, TENSOR, VALUE_INFO } from './schema';

export class OnnxError extends Error {}

export interface OnnxAttribute { i?: number; f?: number; ints?: number[] }

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttribute>;
}

/** A float32 initializer: dense row-major `data`, or sparse (`indices` linear into dims, ascending). */
export interface OnnxTensor {
  dims: number[];
  data?: Float32Array;
  sparse?: { indices: Float64Array; values: Float32Array };
}

export interface OnnxGraph {
  opset: number;
  nodes: OnnxNode[];
  initializers: Map<string, OnnxTensor>;
  inputs: string[];
  outputs: string[];
}

/** Weights of up to a 2^20 × 2^20 layer are representable; nothing this importer builds is larger. */
const MAX_ELEMENTS = MAX_LAYER_UNITS * MAX_LAYER_UNITS;

const first = (fields: ProtoField[], field: number) => fields.find(f => f.field === field);
const all = (fields: ProtoField[], field: number) => fields.filter(f => f.field === field);

function bytesOf(f: ProtoField | undefined): Uint8Array | undefined {
  return f && f.wire === 2 ? f.value : undefined;
}
function stringOf(f: ProtoField | undefined): string { const b = bytesOf(f); return b ? utf8(b) : ''; }
function numberOf(f: ProtoField | undefined, what: string): number | undefined {
  return f && f.wire === 0 ? int64(f.value, what) : undefined;
}

function dimsOf(fields: ProtoField[], field: number, what: string): number[] {
  const dims = repeatedVarints(fields, field, what).map(d => int64(d, what));
  if (dims.some(d => d < 0)) throw new OnnxError(`${what}: negative dimension in [${dims.join(', ')}]`);
  if (dims.reduce((p, d) => p * d, 1) > MAX_ELEMENTS) throw new OnnxError(`${what}: shape [${dims.join(', ')}] is larger than any layer this reader accepts`);
  return dims;
}

/** The values of a TensorProto of `count` elements, as float32 (int64 tensors as exact integers up to 2^53). */
function tensorValues(fields: ProtoField[], count: number, what: string): Float64Array | Float32Array {
  if (first(fields, TENSOR.externalData) || numberOf(first(fields, TENSOR.dataLocation), what) === 1) {
    throw new OnnxError(`${what}: its data is stored outside the model file (external data), which is not read`);
  }
  const type = numberOf(first(fields, TENSOR.dataType), what);
  if (type !== DATA_TYPE.float && type !== DATA_TYPE.int64) throw new OnnxError(`${what}: data type ${type} (only float32 weights and int64 indices are read)`);
  const width = type === DATA_TYPE.float ? 4 : 8;
  const raw = bytesOf(first(fields, TENSOR.rawData));
  if (raw) {
    if (raw.length !== count * width) throw new OnnxError(`${what}: ${raw.length} bytes of data for ${count} elements of ${width} bytes`);
    const own = new Uint8Array(raw); // aligned copy
    return type === DATA_TYPE.float ? new Float32Array(own.buffer) : Float64Array.from(new BigInt64Array(own.buffer), v => int64(v, what));
  }
  if (type === DATA_TYPE.float) {
    // float_data: packed (one bytes field of 4-byte floats) or one fixed32 field per value.
    const parts = all(fields, TENSOR.floatData);
    const total = parts.reduce((n, f) => n + (f.wire === 2 ? f.value.length / 4 : f.wire === 5 ? 1 : NaN), 0); // NaN: never equal
    if (total !== count) throw new OnnxError(`${what}: ${total} float values for ${count} elements`);
    const out = new Float32Array(count);
    let at = 0;
    for (const f of parts) {
      const b = f.value as Uint8Array; // wire 5 or 2: counted above
      for (let o = 0; o + 4 <= b.length; o += 4) out[at++] = fixed32Float(b.subarray(o, o + 4));
    }
    return out;
  }
  const ints = repeatedVarints(fields, TENSOR.int64Data, what);
  if (ints.length !== count) throw new OnnxError(`${what}: ${ints.length} int64 values for ${count} elements`);
  return Float64Array.from(ints, v => int64(v, what));
}

function denseTensor(bytes: Uint8Array, what: string): { name: string; tensor: OnnxTensor } {
  const fields = readFields(bytes, what);
  const name = stringOf(first(fields, TENSOR.name));
  const label = `${what} '${name}'`;
  const dims = dimsOf(fields, TENSOR.dims, label);
  const count = dims.reduce((p, d) => p * d, 1);
  const values = tensorValues(fields, count, label);
  // int64 initializers (a Reshape's shape) become float32 too: exact for any shape a layer can have.
  return { name, tensor: { dims, data: values instanceof Float32Array ? values : Float32Array.from(values) } };
}

function sparseTensor(bytes: Uint8Array, what: string): { name: string; tensor: OnnxTensor } {
  const fields = readFields(bytes, what);
  const valuesMsg = bytesOf(first(fields, SPARSE_TENSOR.values)), indicesMsg = bytesOf(first(fields, SPARSE_TENSOR.indices));
  if (!valuesMsg || !indicesMsg) throw new OnnxError(`${what}: a sparse initializer needs values and indices`);
  const values = readFields(valuesMsg, what), indices = readFields(indicesMsg, what);
  const name = stringOf(first(values, TENSOR.name));
  const label = `${what} '${name}'`;
  const dims = dimsOf(fields, SPARSE_TENSOR.dims, label);
  const size = dims.reduce((p, d) => p * d, 1);
  const valueDims = dimsOf(values, TENSOR.dims, label), indexDims = dimsOf(indices, TENSOR.dims, label);
  const count = valueDims.reduce((p, d) => p * d, 1);
  if (numberOf(first(values, TENSOR.dataType), label) !== DATA_TYPE.float) throw new OnnxError(`${label}: only float32 sparse values are read`);
  if (indexDims.length !== 1 || indexDims[0] !== count) throw new OnnxError(`${label}: indices must be ${count} linear indices (shape [${count}]), got [${indexDims.join(', ')}]`);
  const v = tensorValues(values, count, label) as Float32Array;
  const idx = tensorValues(indices, count, label) as Float64Array;
  for (let k = 0; k < count; k++) {
    if (!(idx[k] >= 0 && idx[k] < size) || (k > 0 && idx[k] <= idx[k - 1])) throw new OnnxError(`${label}: index ${k} (${idx[k]}) is out of range or out of order`);
  }
  return { name, tensor: { dims, sparse: { indices: idx, values: v } } };
}

function attributes(node: ProtoField[], what: string): Map<string, OnnxAttribute> {
  const out = new Map<string, OnnxAttribute>();
  for (const a of all(node, NODE.attribute)) {
    const f = readFields(bytesOf(a)!, what);
    const attr: OnnxAttribute = {};
    const i = numberOf(first(f, ATTRIBUTE.i), what);
    if (i !== undefined) attr.i = i;
    const fl = first(f, ATTRIBUTE.f);
    if (fl && fl.wire === 5) attr.f = fixed32Float(fl.value);
    const ints = repeatedVarints(f, ATTRIBUTE.ints, what);
    if (ints.length) attr.ints = ints.map(v => int64(v, what));
    out.set(stringOf(first(f, ATTRIBUTE.name)), attr);
  }
  return out;
}

/** Parses an ONNX model's main graph; `source` starts every error message. */
export function readOnnx(bytes: Uint8Array, source: string): OnnxGraph {
  try {
    const model = readFields(bytes, `${source}: model`);
    const graphBytes = bytesOf(first(model, MODEL.graph));
    if (!graphBytes || numberOf(first(model, MODEL.irVersion), 'ir_version') === undefined) {
      throw new OnnxError('not an ONNX model (no ir_version or graph)');
    }
    let opset = 0;
    for (const o of all(model, MODEL.opsetImport)) {
      const f = readFields(bytesOf(o)!, 'opset_import');
      const domain = stringOf(first(f, OPSET_ID.domain));
      if (domain === '' || domain === 'ai.onnx') opset = numberOf(first(f, OPSET_ID.version), 'opset') ?? 0;
    }
    const graph = readFields(graphBytes, 'graph');
    const nodes = all(graph, GRAPH.node).map((n, k): OnnxNode => {
      const f = readFields(bytesOf(n)!, `node ${k}`);
      return {
        name: stringOf(first(f, NODE.name)) || `#${k}`,
        opType: stringOf(first(f, NODE.opType)),
        domain: stringOf(first(f, NODE.domain)),
        inputs: all(f, NODE.input).map(stringOf),
        outputs: all(f, NODE.output).map(stringOf),
        attributes: attributes(f, `node ${k}`),
      };
    });
    const initializers = new Map<string, OnnxTensor>();
    for (const t of all(graph, GRAPH.initializer)) {
      const { name, tensor } = denseTensor(bytesOf(t)!, 'initializer');
      initializers.set(name, tensor);
    }
    for (const t of all(graph, GRAPH.sparseInitializer)) {
      const { name, tensor } = sparseTensor(bytesOf(t)!, 'sparse initializer');
      initializers.set(name, tensor);
    }
    const names = (field: number) => all(graph, field).map(v => stringOf(first(readFields(bytesOf(v)!, 'value info'), VALUE_INFO.name)));
    // Before IR 4 initializers were also listed as inputs; the model's real inputs are the others.
    const inputs = names(GRAPH.input).filter(n => !initializers.has(n));
    return { opset, nodes, initializers, inputs, outputs: names(GRAPH.output) };
  } catch (err) {
    if (err instanceof ProtoError) throw new OnnxError(`${source}: not a readable ONNX file (${err.message.replace(`${source}: `, '')})`);
    if (err instanceof OnnxError && !err.message.startsWith(source)) throw new OnnxError(`${source}: ${err.message}`);
    throw err;
  }
}
