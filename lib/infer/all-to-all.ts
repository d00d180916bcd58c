// Dense weight matrices and layer graphs, both ways. Importers of dense models (tfjs Layers, ONNX) make every input
// an edge of every output (zeros kept: a pruning method, not the importer, decides what goes); dense peers (ONNX
// Runtime's dense initializers, PyTorch's F.linear) get the graph's weights with zeros where it has no edge.
import type { Csr } from '../topology/csr';

/** CSR (rows = outputs) of an nIn → nOut dense layer whose weight from input i to output j is `weightAt(j, i)`. */
export function allToAll(nIn: number, nOut: number, weightAt: (j: number, i: number) => number): { csr: Csr; values: Float32Array } {
  const rowPtr = Int32Array.from({ length: nOut + 1 }, (_, j) => j * nIn);
  const colIdx = new Int32Array(nIn * nOut), values = new Float32Array(nIn * nOut);
  for (let j = 0; j < nOut; j++) for (let i = 0; i < nIn; i++) { colIdx[j * nIn + i] = i; values[j * nIn + i] = weightAt(j, i); }
  return { csr: { nIn, nOut, rowPtr, colIdx }, values };
}

/** The [nOut, nIn] row-major matrix of a layer's weights, zero where the graph has no edge. */
export function denseMatrix(csr: Csr, values: Float32Array): Float32Array {
  const { nIn, nOut, rowPtr, colIdx } = csr;
  const w = new Float32Array(nIn * nOut);
  for (let j = 0; j < nOut; j++) for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) w[j * nIn + colIdx[k]] = values[k];
  return w;
}
