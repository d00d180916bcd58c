// Issue #13, item 1: a .spff file of a few bytes that declares billions of edges or millions of units is refused
// before anything is generated or allocated, with one line naming the file; a valid but very wide model is refused
// at a batch whose buffers cannot fit, and the native Network turns a failed allocation into a JS exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from '../../lib/infer/crc32';
import { decodeModel, encodeModel } from '../../lib/infer/format';
import { SparsePredictor } from '../../lib/infer/predictor';
import { loadNative } from '../../lib/kernels/native';
import { generateRandom } from '../../lib/topology/generators/random';
import { csrFromRows } from '../../lib/topology/csr';
import { bombs, wideValidModel } from '../fixtures/spff-bombs';
import { runCli } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';

const dir = scratchDir('spff-bombs-');
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

const EDGES = 46341 * 46340;
const expected: Record<keyof typeof bombs, string> = {
  dense: `layer 0: ${EDGES} edges need ${4 * EDGES} more bytes but only 0 remain`,
  regular: `layer 0: ${EDGES} edges need ${4 * EDGES} more bytes but only 0 remain`,
  pseudoRandom: `layer 0: ${EDGES} edges need ${4 * EDGES} more bytes but only 0 remain`,
  wide: 'layer size 1 is 2739000, above the limit of 1048576 units',
};

test('every bomb of the issue is refused by decodeModel with one line, before generating a graph', () => {
  for (const [name, make] of Object.entries(bombs) as [keyof typeof bombs, () => Buffer][]) {
    assert.throws(() => decodeModel(make(), `${name}.spff`), { name: 'Error', message: `${name}.spff: ${expected[name]}` });
  }
});

test('a spec whose edge count differs from the stored nnz is refused before generating', () => {
  const file = bombs.dense();
  file.writeUInt32LE(5, 12 + 8 + 4); // nnz of layer 0, after the header and the two sizes
  file.writeUInt32LE(crc32(file.subarray(0, file.length - 4)), file.length - 4);
  assert.throws(() => decodeModel(file, 'm.spff'), { message: `m.spff: layer 0: topology spec gives ${EDGES} edges but the file has 5` });
});

test('decoding refuses a model whose arrays would not fit in the memory it is given', () => {
  const csr = csrFromRows(4, [[0, 1], [2, 3], [1, 3]]);
  const { bytes } = encodeModel({ layers: [{ csr, spec: null, values: Float32Array.from([1, 2, 3, 4, 5, 6]), bias: null, activation: 'linear' }] });
  assert.equal(decodeModel(bytes, 'm.spff', { memoryBytes: 64 }).model.layers[0].csr.rowPtr[3], 6);
  assert.throws(() => decodeModel(bytes, 'm.spff', { memoryBytes: 63 }),
    { message: 'm.spff: decoding layers 0..0 needs 64 bytes of memory but only 63 bytes is available' });
});

test('a valid million-unit model runs at batch 1 and is refused at a batch whose buffers cannot fit', () => {
  const file = path.join(dir, 'wide.spff');
  fs.writeFileSync(file, wideValidModel());
  const predictor = SparsePredictor.fromFile(file, { kernel: 'typescript' });
  assert.deepEqual(predictor.sizes, [784, 1_000_000, 10]);
  assert.equal(predictor.predict(new Float32Array(784).fill(1), 1).labels.length, 1);
  assert.equal(predictor.activationBytes(10_000), 4 * 10_000 * (1_000_010 + 2 * 1_000_000));
  assert.throws(() => predictor.checkBatch(10_000),
    /^Error: batch 10000 needs 111\.8 GiB of buffers for layers 784-1000000-10, but only .* of memory is available; use a smaller batch$/);
});

test('the native Network reports a batch too large for memory as a JS error and keeps working', (t) => {
  const native = loadNative();
  if (!native.ok) return t.skip(`native addon unavailable: ${native.reason}`);
  type Net = { run(x: Float32Array, batch: number, out: Float32Array): void };
  const Network = (native.addon as unknown as { Network: new (layers: unknown[]) => Net }).Network;
  const wide = 1 << 22, batch = 1 << 23; // 2^45 hidden floats: more than any address space holds
  const rowPtr = new Int32Array(wide + 1).fill(1);
  rowPtr[0] = 0;
  const net = new Network([
    { nIn: 1, nOut: wide, rowPtr, colIdx: Int32Array.of(0), values: Float32Array.of(2), bias: null, activation: 0 },
    { nIn: wide, nOut: 1, rowPtr: Int32Array.of(0, 1), colIdx: Int32Array.of(0), values: Float32Array.of(3), bias: null, activation: 0 },
  ]);
  // Batch ≥ 4 runs feature-major: two buffers of the widest layer × the batch (padded to the SIMD width).
  assert.throws(() => net.run(new Float32Array(batch), batch, new Float32Array(batch)),
    { message: `run: out of memory: the feature-major layer buffers need ${(2 ** 48 / 2 ** 20).toFixed(6)} MiB at batch ${batch}` });
  const out = new Float32Array(1);
  net.run(Float32Array.of(5), 1, out);
  assert.deepEqual(out, Float32Array.of(30));
});

test('the random generator builds a huge sparse layer from its edges alone; both of its paths give one graph', () => {
  const g = generateRandom(784, 2_739_000, 1e-9, 1);
  assert.equal(g.rowPtr[g.nOut], 2);
  for (const [nIn, nOut, d] of [[784, 300, 0.1], [300, 100, 0.01], [7, 3, 1], [1000, 1000, 0.02]] as const) {
    for (const seed of [1, 2]) assert.deepEqual(generateRandom(nIn, nOut, d, seed, true), generateRandom(nIn, nOut, d, seed));
  }
});

test('npm run predict on each bomb: exit 1 and one line naming the file; a batch too large for the model: exit 2', { timeout: 120_000 }, async () => {
  for (const [name, make] of Object.entries(bombs) as [keyof typeof bombs, () => Buffer][]) {
    const file = path.join(dir, `${name}.spff`);
    fs.writeFileSync(file, make());
    const r = await runCli('predict', ['--model', file, '--batch', '10000']);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, `predict: ${file}: ${expected[name]}\n`);
    assert.equal(r.stdout, '');
  }
  const wide = path.join(dir, 'wide-valid.spff');
  fs.writeFileSync(wide, wideValidModel());
  const r = await runCli('predict', ['--model', wide, '--batch', '10000']);
  assert.match(r.stderr, /^predict: batch 10000 needs 111\.8 GiB of buffers for layers 784-1000000-10, but only .* of memory is available; use a smaller batch\n$/);
  assert.equal(r.status, 2);
});
