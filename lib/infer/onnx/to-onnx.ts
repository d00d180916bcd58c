// SparseModel → a standard ONNX model (IR 7, opset 13): per layer one Gemm (transB = 1, so the weight is [nOut, nIn]
// in the CSR's own row-major order) and its activation node (Relu, Sigmoid, Tanh, Softmax; none for linear). Input
// 'input' is [batch, nIn] float32 with a symbolic batch; output 'output' is [batch, nOut].
//
// Weights are written one of two ways:
//  - 'dense' (default): every weight matrix a dense initializer, zeros where the graph has no edge. Any ONNX runtime
//    runs it, and ONNX Runtime's CPU Gemm is the fastest thing it has for it, so this is the peer the benchmark measures.
//  - 'sparse': each weight a SparseTensorProto (float values + int64 linear indices j·nIn + i, ascending = CSR order)
//    in graph.sparse_initializer. The file is ~3× the edges' float32 bytes instead of 4·nIn·nOut, but ONNX Runtime
//    expands sparse initializers into dense tensors when it loads the graph: the same memory and speed once loaded.
//    ONNX has no sparse matrix product in its standard opsets (only contrib ops), so this is for storage and transport.
import { nnz } from '../../topology/csr';
import { denseMatrix } from '../all-to-all';
import type { ModelLayer, SparseModel } from '../model';
import { ProtoWriter } from './protobuf';
import {
  ATTRIBUTE, ATTRIBUTE_TYPE, DATA_TYPE, DIMENSION, GRAPH, IR_VERSION, MODEL, NODE, OPSET, OPSET_ID, SHAPE, SPARSE_TENSOR,
  TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO,
} from './schema';

export type OnnxInitializers = 'dense' | 'sparse';
export const ONNX_INITIALIZERS: readonly OnnxInitializers[] = ['dense', 'sparse'];

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';

/** Protobuf messages cannot exceed 2 GiB; a dense initializer past that cannot be written at all. */
const MAX_MESSAGE_BYTES = 2 ** 31 - 1;

const ACTIVATION_OPS: Record<ModelLayer['activation'], string | null> = {
  linear: null, relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', softmax: 'Softmax',
};

export interface OnnxExportOptions {
  initializers?: OnnxInitializers;
  producerVersion?: string;
}

function asBytes(a: Float32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function tensor(name: string, dims: number[], dataType: number, raw: Uint8Array): ProtoWriter {
  const t = new ProtoWriter();
  for (const d of dims) t.varint(TENSOR.dims, d);
  return t.varint(TENSOR.dataType, dataType).string(TENSOR.name, name).bytes(TENSOR.rawData, raw);
}

function sparseWeight(name: string, layer: ModelLayer): ProtoWriter {
  const { nIn, nOut, rowPtr, colIdx } = layer.csr;
  const indices = new BigInt64Array(nnz(layer.csr));
  for (let j = 0; j < nOut; j++) for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) indices[k] = BigInt(j * nIn + colIdx[k]);
  const values = Float32Array.from(layer.values);
  return new ProtoWriter()
    .message(SPARSE_TENSOR.values, tensor(name, [values.length], DATA_TYPE.float, asBytes(values)))
    .message(SPARSE_TENSOR.indices, tensor(`${name}_indices`, [indices.length], DATA_TYPE.int64, asBytes(indices)))
    .varint(SPARSE_TENSOR.dims, nOut).varint(SPARSE_TENSOR.dims, nIn);
}

function valueInfo(name: string, width: number): ProtoWriter {
  const shape = new ProtoWriter()
    .message(SHAPE.dim, new ProtoWriter().string(DIMENSION.dimParam, 'batch'))
    .message(SHAPE.dim, new ProtoWriter().varint(DIMENSION.dimValue, width));
  const type = new ProtoWriter().message(TYPE.tensorType, new ProtoWriter().varint(TENSOR_TYPE.elemType, DATA_TYPE.float).message(TENSOR_TYPE.shape, shape));
  return new ProtoWriter().string(VALUE_INFO.name, name).message(VALUE_INFO.type, type);
}

function node(opType: string, inputs: string[], output: string, attributes: ProtoWriter[] = []): ProtoWriter {
  const n = new ProtoWriter();
  for (const i of inputs) n.string(NODE.input, i);
  n.string(NODE.output, output).string(NODE.name, `${opType}_${output}`).string(NODE.opType, opType);
  for (const a of attributes) n.message(NODE.attribute, a);
  return n;
}

const intAttribute = (name: string, value: number) =>
  new ProtoWriter().string(ATTRIBUTE.name, name).varint(ATTRIBUTE.i, value).varint(ATTRIBUTE.type, ATTRIBUTE_TYPE.int);

/** The ONNX file bytes of `model`. Throws one line if a dense weight would not fit in a protobuf message. */
export function onnxModel(model: SparseModel, opts: OnnxExportOptions = {}): Uint8Array {
  const initializers = opts.initializers ?? 'dense';
  if (!ONNX_INITIALIZERS.includes(initializers)) throw new Error(`unknown ONNX initializer form '${initializers}' (known: ${ONNX_INITIALIZERS.join(', ')})`);
  const graph = new ProtoWriter().string(GRAPH.name, 'sparse_ffnn');
  let input = ONNX_INPUT;
  model.layers.forEach((layer, l) => {
    const { nIn, nOut } = layer.csr;
    const last = l === model.layers.length - 1;
    const act = ACTIVATION_OPS[layer.activation];
    if (act === undefined) throw new Error(`layer ${l}: activation '${layer.activation}' has no ONNX operator here`);
    const w = `W${l}`, b = `B${l}`;
    const gemmOut = last && !act ? ONNX_OUTPUT : `gemm${l}`;
    graph.message(GRAPH.node, node('Gemm', layer.bias ? [input, w, b] : [input, w], gemmOut, [intAttribute('transB', 1)]));
    input = gemmOut;
    if (act) {
      const out = last ? ONNX_OUTPUT : `act${l}`;
      graph.message(GRAPH.node, node(act, [input], out, act === 'Softmax' ? [intAttribute('axis', 1)] : []));
      input = out;
    }
    if (initializers === 'dense') {
      if (4 * nIn * nOut > MAX_MESSAGE_BYTES) {
        throw new Error(`layer ${l}: a dense ${nOut}×${nIn} float32 weight needs ${4 * nIn * nOut} bytes, more than one ONNX (protobuf) message can hold; export with sparse initializers`);
      }
      graph.message(GRAPH.initializer, tensor(w, [nOut, nIn], DATA_TYPE.float, asBytes(denseMatrix(layer.csr, layer.values))));
    } else {
      graph.message(GRAPH.sparseInitializer, sparseWeight(w, layer));
    }
    if (layer.bias) graph.message(GRAPH.initializer, tensor(b, [nOut], DATA_TYPE.float, asBytes(Float32Array.from(layer.bias))));
  });
  graph.message(GRAPH.input, valueInfo(ONNX_INPUT, model.layers[0].csr.nIn));
  graph.message(GRAPH.output, valueInfo(ONNX_OUTPUT, model.layers[model.layers.length - 1].csr.nOut));
  const out = new ProtoWriter()
    .varint(MODEL.irVersion, IR_VERSION)
    .string(MODEL.producerName, 'sparse-ffnn-workspace')
    .string(MODEL.producerVersion, opts.producerVersion ?? '1')
    .message(MODEL.graph, graph)
    .message(MODEL.opsetImport, new ProtoWriter().string(OPSET_ID.domain, '').varint(OPSET_ID.version, OPSET));
  if (out.length > MAX_MESSAGE_BYTES) throw new Error(`the ONNX model would take ${out.length} bytes, more than a protobuf message can hold`);
  return out.finish();
}
