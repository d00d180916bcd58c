// An ONNX model that is a chain of fully connected layers → SparseModel, for pruning and compact export. Each layer is
// Gemm (transA 0, either transB, alpha/beta folded into the weights) or MatMul with a weight initializer, optionally
// followed by Add of a bias initializer, then at most one of Relu, Sigmoid, Tanh, Softmax (last axis). Flatten,
// Identity and Dropout (inference) pass through. That is what torch.onnx.export writes for nn.Sequential of
// Flatten/Linear/ReLU, and what this project's own ONNX export writes. Anything else is refused with the node it is.
// A dense weight becomes an all-to-all graph (zeros kept: pruning decides what goes); a sparse initializer becomes
// exactly its listed edges.
import { MAX_BINARY_FILE_BYTES, MAX_LAYER_UNITS } from '../../base/limits';
import { readRegularFile } from '../../base/read-file';
import type { Csr } from '../../topology/csr';
import { allToAll } from '../all-to-all';
import type { Activation, ModelLayer, SparseModel } from '../model';
import { OnnxError, readOnnx, type OnnxGraph, type OnnxNode, type OnnxTensor } from './read-onnx';

const ACTIVATION_OF: Record<string, Activation> = { Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softmax: 'softmax' };
const PASS_THROUGH = new Set(['Flatten', 'Identity', 'Dropout']);
const SUPPORTED = 'Gemm, MatMul (+ Add), Relu, Sigmoid, Tanh, Softmax, Flatten, Identity, Dropout';

/** A weight as the layer's graph: CSR with rows = outputs, from an [nOut, nIn] (`outputsFirst`) or [nIn, nOut] tensor. */
function layerGraph(w: OnnxTensor, outputsFirst: boolean, scale: number, fail: (what: string) => never): { csr: Csr; values: Float32Array } {
  if (w.dims.length !== 2) fail(`weight has shape [${w.dims.join(', ')}], not a matrix`);
  const [nOut, nIn] = outputsFirst ? w.dims : [w.dims[1], w.dims[0]];
  if (nIn < 1 || nOut < 1 || nIn > MAX_LAYER_UNITS || nOut > MAX_LAYER_UNITS) fail(`a ${nIn}→${nOut} layer is outside 1..${MAX_LAYER_UNITS} units`);
  const at = (j: number, i: number) => (outputsFirst ? j * nIn + i : i * nOut + j);
  if (w.data) return allToAll(nIn, nOut, (j, i) => scale * w.data![at(j, i)]);
  // Sparse: bucket the edges by output row. The indices are strictly ascending (read-onnx checks), so in either layout
  // the inputs of one output arrive in ascending order: each row comes out sorted without sorting.
  const { indices, values: v } = w.sparse!;
  const width = w.dims[1];
  const rowOf = (k: number) => (outputsFirst ? Math.floor(indices[k] / width) : indices[k] % width);
  const colOf = (k: number) => (outputsFirst ? indices[k] % width : Math.floor(indices[k] / width));
  const rowPtr = new Int32Array(nOut + 1);
  for (let k = 0; k < indices.length; k++) rowPtr[rowOf(k) + 1]++;
  for (let j = 0; j < nOut; j++) rowPtr[j + 1] += rowPtr[j];
  const fill = rowPtr.slice(0, nOut), colIdx = new Int32Array(indices.length), values = new Float32Array(indices.length);
  for (let k = 0; k < indices.length; k++) { const p = fill[rowOf(k)]++; colIdx[p] = colOf(k); values[p] = scale * v[k]; }
  return { csr: { nIn, nOut, rowPtr, colIdx }, values };
}

function biasOf(t: OnnxTensor, nOut: number, scale: number, fail: (what: string) => never): Float32Array {
  const count = t.dims.reduce((p, d) => p * d, 1);
  if (!t.data || count !== nOut || t.dims.some((d, k) => d !== 1 && k !== t.dims.length - 1)) fail(`bias of shape [${t.dims.join(', ')}] does not fit ${nOut} outputs`);
  return Float32Array.from(t.data!, b => scale * b);
}

/** The layers of `graph`, input to output; throws an OnnxError naming the node that does not fit. */
export function chainLayers(graph: OnnxGraph, source: string): SparseModel {
  if (graph.inputs.length !== 1 || graph.outputs.length !== 1) {
    throw new OnnxError(`${source}: the model must have one input and one output (has ${graph.inputs.length} and ${graph.outputs.length})`);
  }
  const consumers = new Map<string, OnnxNode[]>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  const weight = (name: string, node: OnnxNode): OnnxTensor => {
    const t = graph.initializers.get(name);
    if (!t) throw new OnnxError(`${source}: node '${node.name}' (${node.opType}) reads '${name}', which is not an initializer (only constant weights are read)`);
    return t;
  };
  const layers: ModelLayer[] = [];
  let current = graph.inputs[0];
  let open: ModelLayer | null = null; // the layer whose bias/activation may still follow
  for (let steps = 0; current !== graph.outputs[0]; steps++) {
    const next = consumers.get(current) ?? [];
    if (next.length !== 1 || steps > graph.nodes.length) throw new OnnxError(`${source}: '${current}' feeds ${next.length} nodes: not a chain of layers`);
    const node = next[0];
    const fail = (what: string): never => { throw new OnnxError(`${source}: node '${node.name}' (${node.opType}): ${what}`); };
    const a = (name: string) => node.attributes.get(name);
    if (node.domain !== '' && node.domain !== 'ai.onnx') fail(`operator domain '${node.domain}' is not read`);
    if (node.opType === 'Gemm' || node.opType === 'MatMul') {
      const gemm = node.opType === 'Gemm';
      if (node.inputs[0] !== current) fail('the layer input must be its first operand');
      if (gemm && (a('transA')?.i ?? 0) !== 0) fail('transA = 1 is not a layer');
      const alpha = gemm ? a('alpha')?.f ?? 1 : 1, beta = gemm ? a('beta')?.f ?? 1 : 1;
      const { csr, values } = layerGraph(weight(node.inputs[1], node), gemm && (a('transB')?.i ?? 0) === 1, alpha, fail);
      if (layers.length && csr.nIn !== layers[layers.length - 1].csr.nOut) fail(`takes ${csr.nIn} inputs but the layer before gives ${layers[layers.length - 1].csr.nOut}`);
      const bias = gemm && node.inputs[2] ? biasOf(weight(node.inputs[2], node), csr.nOut, beta, fail) : null;
      open = { csr, spec: null, values, bias, activation: 'linear' };
      layers.push(open);
    } else if (node.opType === 'Add') {
      if (!open || open.bias || open.activation !== 'linear') fail('an Add is read only as the bias right after a MatMul');
      const other = node.inputs[0] === current ? node.inputs[1] : node.inputs[0];
      open!.bias = biasOf(weight(other, node), open!.csr.nOut, 1, fail);
    } else if (ACTIVATION_OF[node.opType]) {
      if (!open || open.activation !== 'linear') fail('an activation is read only right after a layer');
      if (node.opType === 'Softmax' && ![undefined, 1, -1].includes(a('axis')?.i)) fail('Softmax must be over the last axis');
      open!.activation = ACTIVATION_OF[node.opType];
    } else if (PASS_THROUGH.has(node.opType)) {
      if (node.opType === 'Flatten' && layers.length > 0) fail('Flatten is read only before the first layer');
      if (node.opType === 'Flatten' && (a('axis')?.i ?? 1) !== 1) fail('Flatten must keep the batch axis (axis = 1)');
    } else {
      fail(`not supported (the importer reads chains of ${SUPPORTED})`);
    }
    current = node.outputs[0];
  }
  if (layers.length === 0) throw new OnnxError(`${source}: no Gemm or MatMul layer between input and output`);
  return { layers };
}

/** Reads an ONNX file of fully connected layers (at most MAX_BINARY_FILE_BYTES). */
export function readOnnxChain(file: string): SparseModel {
  return chainLayers(readOnnx(readRegularFile(file, MAX_BINARY_FILE_BYTES), file), file);
}
