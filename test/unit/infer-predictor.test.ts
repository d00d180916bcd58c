// The standalone predictor: equals the tfjs model it was exported from (both layer modes, spec and explicit graphs,
// in memory and via a saved directory), native equals TypeScript on both kernel paths, and no tfjs is loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { sparseDense, type SparseDense } from '../../lib/layers/sparse-dense';
import { fileSystemHandler } from '../../lib/layers/file-io';
import { exportModelDirectory, exportTfjsModel } from '../../lib/infer/export';
import { decodeModel, encodeModel } from '../../lib/infer/format';
import { generate } from '../../lib/topology/registry';
import { argmaxRows, SparsePredictor } from '../../lib/infer/predictor';
import { nativeNetwork } from '../../lib/infer/native-network';
import { makeRng, randNormal } from '../../lib/base/random';
import type { LayerMode } from '../../lib/train/config';
import type { Csr } from '../../lib/topology/csr';
import { skipWithoutNative } from '../fixtures/native';
import { scratchDir } from '../fixtures/scratch';

const ready = tf.setBackend('cpu');
const hasNative = nativeNetwork().ok;

function randomInput(batch: number, n: number, seed: number): Float32Array {
  const rng = makeRng(seed, 'infer-predictor');
  return Float32Array.from({ length: batch * n }, () => randNormal(rng));
}

/** Mostly zeros (~80%, like MNIST pixels): single examples then take the native input-sparse scatter path. */
function sparseInput(batch: number, n: number, seed: number): Float32Array {
  return randomInput(batch, n, seed).map(v => (v > 0.85 ? v : 0));
}

/** Every second edge of each row: a graph its spec does not reproduce (exported as explicit CSR). */
function halved(csr: Csr): Csr {
  const rows: number[][] = [];
  for (let j = 0; j < csr.nOut; j++) rows.push(Array.from(csr.colIdx.subarray(csr.rowPtr[j], csr.rowPtr[j + 1])).filter((_, t) => t % 2 === 0));
  const rowPtr = new Int32Array(csr.nOut + 1);
  rows.forEach((r, j) => { rowPtr[j + 1] = rowPtr[j] + r.length; });
  return { nIn: csr.nIn, nOut: csr.nOut, rowPtr, colIdx: Int32Array.from(rows.flat()) };
}

async function trainedModel(mode: LayerMode): Promise<tf.Sequential> {
  const model = tf.sequential({
    layers: [
      sparseDense({ units: 24, inputShape: [40], activation: 'relu', mode, topology: { kind: 'random', density: 0.3, seed: 11 } }),
      sparseDense({ units: 16, activation: 'relu', mode, topology: { kind: 'regular', density: 0.5, seed: 12 } }),
      sparseDense({ units: 5, activation: 'linear', mode, topology: { kind: 'dense', density: 1, seed: 13 } }),
    ],
  });
  // masked mode can rewire in place (sparse mode cannot change nnz yet): then layer 1 must go out as explicit CSR.
  if (mode === 'masked') (model.layers[1] as SparseDense).setTopology(halved((model.layers[1] as SparseDense).csr));
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
  const x = tf.tensor2d(randomInput(64, 40, 1), [64, 40]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 64 }, (_, i) => i % 5), 'int32'), 5).toFloat();
  // categoricalCrossentropy on linear outputs is not a sensible loss, but any gradient step moves the weights off init.
  for (let s = 0; s < 5; s++) await model.trainOnBatch(x, y);
  x.dispose(); y.dispose();
  return model;
}

function tfjsLogits(model: tf.LayersModel, x: Float32Array, batch: number): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(x, [batch, x.length / batch])) as tf.Tensor).dataSync() as Float32Array);
}

function assertClose(actual: Float32Array, expected: Float32Array, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, what);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  assert.ok(worst <= tol, `${what}: max |Δ| = ${worst} > ${tol}`);
}

for (const mode of ['sparse', 'masked'] as LayerMode[]) {
  test(`predictor == tfjs model (${mode} mode): logits within 1e-4, identical argmax, batch 1 and batched`, async () => {
    await ready;
    const model = await trainedModel(mode);
    const exported = exportTfjsModel(model, 'float32');
    assert.deepEqual(exported.sizes, [40, 24, 16, 5]);
    assert.deepEqual(exported.layers.map(l => l.storage), mode === 'masked' ? ['spec', 'csr', 'spec'] : ['spec', 'spec', 'spec']);
    const dir = scratchDir('infer-export-');
    try {
      await model.save(fileSystemHandler(dir));
      assert.deepEqual((await exportModelDirectory(dir)).bytes, exported.bytes);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const { model: sparse } = decodeModel(exported.bytes);
    const batch = 50;
    const x = new Float32Array(batch * 40);
    x.set(randomInput(batch / 2, 40, 2));
    x.set(sparseInput(batch / 2, 40, 3), (batch / 2) * 40);
    const expected = tfjsLogits(model, x, batch);
    const expectedLabels = argmaxRows(expected, batch, 5, new Int32Array(batch));
    for (const kernel of hasNative ? ['native', 'typescript'] as const : ['typescript'] as const) {
      const p = new SparsePredictor(sparse, { kernel });
      assert.equal(p.kernel, kernel);
      const batched = p.predict(x, batch);
      assertClose(batched.logits, expected, 1e-4, `${kernel} batch ${batch}`);
      assert.deepEqual(batched.labels, expectedLabels);
      for (let b = 0; b < batch; b++) {
        const one = p.logits(x.subarray(b * 40, (b + 1) * 40), 1);
        assertClose(one, expected.subarray(b * 5, (b + 1) * 5), 1e-4, `${kernel} example ${b}`);
      }
      assert.deepEqual(p.classify(x, batch), expectedLabels);
    }
    model.dispose();
  });
}

test('native Network == TypeScript network on both kernel paths (batch < 4 row-wise, ≥ 4 SpMM), all activations', { skip: skipWithoutNative(hasNative, 'native addon without Network') }, () => {
  const acts = ['relu', 'sigmoid', 'tanh', 'softmax'] as const;
  for (const act of acts) {
    const model = decodeModel(exportLike(act)).model;
    const native = new SparsePredictor(model, { kernel: 'native' });
    const ts = new SparsePredictor(model, { kernel: 'typescript' });
    for (const batch of [1, 2, 3, 4, 5, 17, 256]) {
      for (const [input, x] of [['dense', randomInput(batch, 300, batch)], ['sparse', sparseInput(batch, 300, batch)]] as const) {
        const a = native.predict(x, batch), b = ts.predict(x, batch);
        assertClose(a.logits, b.logits, 2e-5, `${act} batch ${batch} ${input} input`);
        assert.deepEqual(a.labels, b.labels, `${act} batch ${batch} ${input} input`);
      }
    }
  }
});

test('one example through the native Network, on each instruction set: scatter, row dots and the dense product of a complete layer all equal TypeScript', { skip: skipWithoutNative(hasNative, 'native addon without Network') }, () => {
  // 784 → 300 at 20% (scatter on sparse inputs, row dots on dense ones), 300 → 100 complete (the dense product, on
  // every SIMD width's whole vectors and tail), 100 → 10 at 30%; and an input with a NaN, which counts as nonzero:
  // its edges are visited (the units it reaches are NaN, then 0 after ReLU), as TypeScript's loops visit them.
  const sizes = [784, 300, 100, 10];
  const kinds = [{ kind: 'random' as const, density: 0.2 }, { kind: 'dense' as const, density: 1 }, { kind: 'random' as const, density: 0.3 }];
  const layers = kinds.map(({ kind, density }, l) => {
    const spec = { kind, density, seed: 50 + l };
    const csr = generate(spec, sizes[l], sizes[l + 1]);
    return {
      csr, spec, values: randomInput(1, csr.rowPtr[csr.nOut], 60 + l).map(v => v * 0.05), bias: randomInput(1, csr.nOut, 70 + l).map(v => v * 0.1),
      activation: l === 2 ? 'linear' as const : 'relu' as const,
    };
  });
  const examples = 8;
  const inputs = new Float32Array((2 * examples + 1) * 784);
  inputs.set(sparseInput(examples, 784, 90));
  inputs.set(randomInput(examples, 784, 91), examples * 784);
  inputs.set(sparseInput(1, 784, 92), 2 * examples * 784);
  inputs[2 * examples * 784 + 5] = NaN;
  const dir = scratchDir('one-example-');
  const modelFile = path.join(dir, 'model.spff'), inputFile = path.join(dir, 'inputs.f32');
  fs.writeFileSync(modelFile, encodeModel({ layers }).bytes);
  fs.writeFileSync(inputFile, inputs);
  // The instruction set is chosen once per process (SPARSE_ISA caps it), so each runs in a child of its own.
  const script = "const fs = require('fs'); const { decodeModel } = require('./lib/infer/format.ts'); const { SparsePredictor } = require('./lib/infer/predictor.ts');" +
    `const p = new SparsePredictor(decodeModel(fs.readFileSync(${JSON.stringify(modelFile)})).model, { kernel: 'native' });` +
    `const b = fs.readFileSync(${JSON.stringify(inputFile)}); const x = new Float32Array(b.buffer, b.byteOffset, b.length / 4); const out = [];` +
    `for (let e = 0; e < ${2 * examples + 1}; e++) out.push(Array.from(p.logits(x.subarray(e * 784, (e + 1) * 784), 1)));` +
    'console.log(JSON.stringify(out));';
  const ts = new SparsePredictor(decodeModel(fs.readFileSync(modelFile)).model, { kernel: 'typescript' });
  for (const isa of ['avx512', 'avx2', 'x86-64-v2']) {
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: path.join(__dirname, '..', '..'), env: { ...process.env, SPARSE_ISA: isa }, encoding: 'utf8', timeout: 30_000,
    });
    assert.equal(r.status, 0, r.stderr);
    (JSON.parse(r.stdout) as number[][]).forEach((logits, e) => {
      const what = `${isa}: ${e < examples ? 'sparse' : e < 2 * examples ? 'dense' : 'NaN'} example ${e % examples}`;
      assertClose(Float32Array.from(logits), ts.logits(inputs.subarray(e * 784, (e + 1) * 784), 1), 2e-5, what);
    });
  }
});

/** A 300-120-60-10 model by spec with random weights; hidden activation `act` (softmax only on the output). */
function exportLike(act: 'relu' | 'sigmoid' | 'tanh' | 'softmax'): Buffer {
  const sizes = [300, 120, 60, 10];
  const layers = sizes.slice(1).map((nOut, l) => {
    const spec = { kind: 'random' as const, density: 0.15, seed: 40 + l };
    const csr = generate(spec, sizes[l], nOut);
    const hidden = act === 'softmax' ? 'relu' : act;
    return {
      csr, spec, values: randomInput(1, csr.rowPtr[nOut], 70 + l).map(v => v * 0.2), bias: randomInput(1, nOut, 80 + l).map(v => v * 0.1),
      activation: l === sizes.length - 2 ? (act === 'softmax' ? 'softmax' as const : 'linear' as const) : hidden,
    };
  });
  return encodeModel({ layers }).bytes;
}

test('predictor reuses its output buffer and checks input sizes', () => {
  const p = new SparsePredictor(decodeModel(exportLike('relu')).model);
  const x = randomInput(1, 300, 9);
  assert.equal(p.logits(x, 1), p.logits(x, 1));
  assert.throws(() => p.logits(x, 2), /x has 300 values, expected batch·300 = 600/);
  assert.throws(() => p.logits(x, 0), /batch must be a positive integer/);
});

test('the predictor module graph contains no tfjs', { timeout: 60_000 }, () => {
  const dir = scratchDir('infer-graph-');
  const file = path.join(dir, 'm.spff');
  fs.writeFileSync(file, exportLike('relu'));
  try {
    const script = `
      const { SparsePredictor } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'lib', 'infer', 'predictor.ts'))});
      const p = SparsePredictor.fromFile(${JSON.stringify(file)});
      const label = p.classify(new Float32Array(300).fill(0.5), 1)[0];
      const loaded = Object.keys(require('node:module')._cache);
      console.log(JSON.stringify({ label, kernel: p.kernel, loaded }));`;
    const r = spawnSync(process.execPath, ['--import', require.resolve('tsx'), '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    assert.ok(out.label >= 0 && out.label < 10);
    assert.ok(out.loaded.some((f: string) => f.endsWith(path.join('infer', 'predictor.ts'))), 'the check must see the predictor itself');
    assert.deepEqual(out.loaded.filter((f: string) => /@tensorflow|tfjs/.test(f)), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
