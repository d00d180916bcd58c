// ONNX out and in: ONNX Runtime (onnxruntime-node, CPU) runs the exported model to the project's predictor's logits
// on the whole MNIST test set, with dense and with sparse initializers; a model written by torch.onnx.export
// (test/fixtures/onnx/torch-mlp.py: Flatten, Gemm + Relu, MatMul + Add) imports to the same outputs ONNX Runtime
// gives; export → import gives back the same graphs and weights; hostile files fail with one line, allocating nothing
// their size does not justify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadDataset } from '../../lib/data/datasets';
import { SparsePredictor } from '../../lib/infer/predictor';
import { randomSparseModel } from '../../lib/infer/random-model';
import type { SparseModel } from '../../lib/infer/model';
import { onnxModel, ONNX_INPUT, ONNX_OUTPUT, type OnnxInitializers } from '../../lib/infer/onnx/to-onnx';
import { chainLayers, readOnnxChain } from '../../lib/infer/onnx/from-onnx';
import { OnnxError, readOnnx } from '../../lib/infer/onnx/read-onnx';
import { ProtoWriter } from '../../lib/infer/onnx/protobuf';
import { GRAPH, MODEL, TENSOR } from '../../lib/infer/onnx/schema';

const TORCH_FIXTURE = path.join(__dirname, '..', 'fixtures', 'onnx', 'torch-mlp.onnx');

async function ortLogits(bytes: Uint8Array, x: Float32Array, batch: number, features: number, names = { input: ONNX_INPUT, output: ONNX_OUTPUT }, shape = [batch, features]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  try {
    const out = await session.run({ [names.input]: new ort.Tensor('float32', x, shape) });
    return out[names.output].data as Float32Array;
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function argmax(y: Float32Array, rows: number, cols: number): Int32Array {
  return Int32Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let c = 1; c < cols; c++) if (y[r * cols + c] > y[r * cols + best]) best = c;
    return best;
  });
}

for (const initializers of ['dense', 'sparse'] as OnnxInitializers[]) {
  test(`ONNX Runtime equals the predictor on all 10,000 MNIST test images (784-300-100-10 at 10%, ${initializers} initializers)`, { timeout: 120_000 }, async () => {
    const test = loadDataset('mnist').test;
    const model = randomSparseModel([784, 300, 100, 10], 0.1, 7);
    const mine = new SparsePredictor(model).predict(test.images, test.count);
    const theirs = await ortLogits(onnxModel(model, { initializers }), test.images, test.count, 784);
    assert.ok(maxAbsDiff(mine.logits, theirs) <= 1e-5, `max |Δ logit| ${maxAbsDiff(mine.logits, theirs)}`);
    assert.deepEqual(argmax(theirs, test.count, 10), mine.labels);
  });
}

test('every activation maps to its ONNX operator (sigmoid, tanh, softmax output; a layer without bias)', async () => {
  const model = randomSparseModel([20, 12, 8, 5], 0.4, 3, 'tanh', 'softmax');
  model.layers[1].activation = 'sigmoid';
  model.layers[0].bias = null;
  const x = Float32Array.from({ length: 6 * 20 }, (_, i) => Math.sin(i));
  for (const initializers of ['dense', 'sparse'] as OnnxInitializers[]) {
    const theirs = await ortLogits(onnxModel(model, { initializers }), x, 6, 20);
    assert.ok(maxAbsDiff(new SparsePredictor(model, { kernel: 'typescript' }).predict(x, 6).logits, theirs) <= 1e-6);
  }
});

function sameModel(a: SparseModel, b: SparseModel): void {
  assert.equal(a.layers.length, b.layers.length);
  a.layers.forEach((l, i) => {
    const m = b.layers[i];
    assert.deepEqual([m.csr.nIn, m.csr.nOut, m.activation], [l.csr.nIn, l.csr.nOut, l.activation]);
    assert.deepEqual(m.csr.rowPtr, l.csr.rowPtr);
    assert.deepEqual(m.csr.colIdx, l.csr.colIdx);
    assert.deepEqual(m.values, l.values);
    assert.deepEqual(m.bias, l.bias);
  });
}

test('export → import: sparse initializers give back the exact graphs and weights; dense ones the same weights on an all-to-all graph', () => {
  const model = randomSparseModel([30, 20, 10], 0.2, 5);
  sameModel(model, chainLayers(readOnnx(onnxModel(model, { initializers: 'sparse' }), 'x.onnx'), 'x.onnx'));
  const dense = chainLayers(readOnnx(onnxModel(model), 'x.onnx'), 'x.onnx');
  dense.layers.forEach((d, l) => {
    const s = model.layers[l];
    assert.equal(d.values.length, s.csr.nIn * s.csr.nOut);
    const w = new Float32Array(s.csr.nIn * s.csr.nOut);
    for (let j = 0; j < s.csr.nOut; j++) for (let k = s.csr.rowPtr[j]; k < s.csr.rowPtr[j + 1]; k++) w[j * s.csr.nIn + s.csr.colIdx[k]] = s.values[k];
    assert.deepEqual(d.values, w);
    assert.deepEqual(d.bias, s.bias);
  });
});

test('a model written by torch.onnx.export (Flatten, Gemm + Relu, MatMul + Add) imports to ONNX Runtime\'s outputs', async () => {
  const model = readOnnxChain(TORCH_FIXTURE);
  assert.deepEqual(model.layers.map(l => [l.csr.nIn, l.csr.nOut, l.activation, l.values.length, l.bias?.length]),
    [[784, 16, 'relu', 784 * 16, 16], [16, 10, 'linear', 160, 10]]);
  const test = loadDataset('mnist').test;
  const n = 1000, x = test.images.subarray(0, n * 784);
  const theirs = await ortLogits(fs.readFileSync(TORCH_FIXTURE), x, n, 784, { input: 'image', output: 'logits' }, [n, 1, 28, 28]);
  assert.ok(maxAbsDiff(new SparsePredictor(model).predict(x, n).logits, theirs) <= 1e-5);
});

function tensorMessage(name: string, dims: number[], raw: Uint8Array, extra?: (t: ProtoWriter) => void): ProtoWriter {
  const t = new ProtoWriter();
  for (const d of dims) t.varint(TENSOR.dims, d);
  t.varint(TENSOR.dataType, 1).string(TENSOR.name, name).bytes(TENSOR.rawData, raw);
  extra?.(t);
  return t;
}

function modelWith(graph: ProtoWriter): Uint8Array {
  return new ProtoWriter().varint(MODEL.irVersion, 7).message(MODEL.graph, graph).finish();
}

test('hostile and unsupported ONNX files fail with one line naming the file, before any large allocation', () => {
  const good = onnxModel(randomSparseModel([30, 20, 10], 0.2, 5));
  const cases: [Uint8Array, RegExp][] = [
    [good.subarray(0, good.length - 7), /^bad\.onnx: not a readable ONNX file \(.*(runs past the end|claims \d+ bytes)/],
    [Uint8Array.from([0x3a, 0xff, 0xff, 0xff, 0xff, 0x0f]), /^bad\.onnx: not a readable ONNX file \(.*claims 4294967295 bytes but only 0 remain/],
    [Uint8Array.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /varint longer than 10 bytes/],
    [new TextEncoder().encode('{"modelTopology": {}}'), /^bad\.onnx: /],
    // A 2^20 × 2^20 weight declared with 8 bytes of data: refused by size, nothing allocated.
    [modelWith(new ProtoWriter().message(GRAPH.initializer, tensorMessage('W', [2 ** 20, 2 ** 20], new Uint8Array(8)))), /initializer 'W': 8 bytes of data for 1099511627776 elements/],
    [modelWith(new ProtoWriter().message(GRAPH.initializer, tensorMessage('W', [2 ** 21, 2 ** 21], new Uint8Array(8)))), /larger than any layer this reader accepts/],
    [modelWith(new ProtoWriter().message(GRAPH.initializer, tensorMessage('W', [4], new Uint8Array(0), t => t.varint(TENSOR.dataLocation, 1)))), /stored outside the model file \(external data\), which is not read/],
  ];
  for (const [bytes, pattern] of cases) {
    assert.throws(() => chainLayers(readOnnx(bytes, 'bad.onnx'), 'bad.onnx'), (err: Error) => {
      assert.ok(err instanceof OnnxError, err.stack);
      assert.equal(err.message.split('\n').length, 1);
      assert.match(err.message, pattern);
      return true;
    });
  }
});

test('an operator outside a chain of fully connected layers is refused by name', () => {
  const model = randomSparseModel([30, 20, 10], 0.2, 5);
  const graph = readOnnx(onnxModel(model), 'x.onnx');
  graph.nodes[1].opType = 'LeakyRelu';
  assert.throws(() => chainLayers(graph, 'x.onnx'), /: x\.onnx: node 'Relu_act0' \(LeakyRelu\): not supported \(the importer reads chains of Gemm, MatMul/);
  const branching = readOnnx(onnxModel(model), 'x.onnx');
  branching.nodes.push({ ...branching.nodes[0], name: 'second reader' });
  assert.throws(() => chainLayers(branching, 'x.onnx'), /'input' feeds 2 nodes: not a chain of layers/);
});
