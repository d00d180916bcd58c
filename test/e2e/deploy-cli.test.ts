// `npm run export -- --format onnx` and `npm run compact`: a saved sparse model becomes an ONNX file ONNX Runtime runs
// to the .spff predictor's outputs; a dense model from elsewhere (torch.onnx.export's file, a tfjs Layers folder)
// becomes a pruned, fine-tuned .spff in one command; bad input fails first with one line and writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { sparseDense } from '../../lib/layers/sparse-dense';
import { fileSystemHandler } from '../../lib/layers/file-io';
import { SparsePredictor } from '../../lib/infer/predictor';
import { loadDataset } from '../../lib/data/datasets';
import { runCli, lastJson } from '../fixtures/cli';
import { scratchDir } from '../fixtures/scratch';

const dir = scratchDir('deploy-cli-');
const sparseDir = path.join(dir, 'sparse'), denseDir = path.join(dir, 'dense');
const TORCH_FIXTURE = path.join(__dirname, '..', 'fixtures', 'onnx', 'torch-mlp.onnx');
const ready = (async () => {
  await tf.setBackend('cpu');
  const sparse = tf.sequential({
    layers: [
      sparseDense({ units: 32, inputShape: [784], activation: 'relu', topology: { kind: 'random', density: 0.05, seed: 3 } }),
      sparseDense({ units: 10, topology: { kind: 'regular', density: 0.5, seed: 4 } }),
    ],
  });
  await sparse.save(fileSystemHandler(sparseDir));
  // Seeded initializers: the fine-tuning test's accuracies are the same every run.
  const dense = tf.sequential({
    layers: [
      tf.layers.dense({ units: 32, inputShape: [784], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  await dense.save(fileSystemHandler(denseDir));
})();

test('export --format onnx: ONNX Runtime runs the file to the .spff predictor\'s outputs (dense and sparse initializers)', { timeout: 120_000 }, async () => {
  await ready;
  const spff = path.join(dir, 'm.spff');
  assert.equal((await runCli('export', ['--model', sparseDir, '--out', spff])).status, 0);
  const x = loadDataset('mnist').test.images.subarray(0, 500 * 784);
  const expected = SparsePredictor.fromFile(spff).predict(x, 500).logits;
  for (const init of ['dense', 'sparse']) {
    const file = path.join(dir, `m-${init}.onnx`);
    const r = await runCli('export', ['--model', sparseDir, '--format', 'onnx', '--onnx-initializers', init, '--out', file, '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual([lastJson(r.stdout).format, lastJson(r.stdout).opset, lastJson(r.stdout).bytes], ['onnx', 13, fs.statSync(file).size]);
    const session = await ort.InferenceSession.create(fs.readFileSync(file));
    const got = (await session.run({ input: new ort.Tensor('float32', x, [500, 784]) })).output.data as Float32Array;
    await session.release();
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - expected[i]) <= 1e-5);
  }
  const bad = await runCli('export', ['--model', sparseDir, '--format', 'onnx', '--values', 'int8', '--out', path.join(dir, 'x.onnx')]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr.trim(), /^export: --values and --graph are \.spff options/);
});

test('compact: torch.onnx.export\'s dense MLP → pruned .spff, accuracies per stage in --json', { timeout: 120_000 }, async () => {
  const out = path.join(dir, 'torch-50.spff');
  const r = await runCli('compact', ['--model', TORCH_FIXTURE, '--density', '0.5', '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const s = lastJson(r.stdout);
  assert.deepEqual([s.from, s.sizes, s.stages.map((x: { stage: string }) => x.stage)], ['onnx', [784, 16, 10], ['dense', 'pruned']]);
  assert.deepEqual(s.stages.map((x: { connections: number }) => x.connections), [784 * 16 + 160, 6272 + 160]);
  assert.equal(SparsePredictor.fromFile(out).model.layers[0].csr.rowPtr[16], 6272);
});

test('compact: a tfjs Layers dense model pruned to 10% and fine-tuned for one epoch', { timeout: 180_000 }, async () => {
  await ready;
  const out = path.join(dir, 'dense-10.spff');
  const r = await runCli('compact', ['--model', denseDir, '--density', '0.1', '--fine-tune-epochs', '1', '--values', 'float16', '--out', out, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const [dense, pruned, tuned] = lastJson(r.stdout).stages as { stage: string; accuracy: number; connections: number }[];
  assert.deepEqual([dense.stage, pruned.stage, tuned.stage], ['dense', 'pruned', 'fine-tuned']);
  assert.equal(tuned.connections, 2509 + 320);
  assert.ok(tuned.accuracy > 0.8 && tuned.accuracy > pruned.accuracy + 0.5, JSON.stringify(lastJson(r.stdout).stages));
});

test('compact: bad input exits 2 with one line before any work, writing nothing', { timeout: 60_000 }, async () => {
  await ready;
  const out = path.join(dir, 'never.spff');
  for (const [args, pattern] of [
    [['--density', '0.1', '--out', out], /--model PATH is required/],
    [['--model', denseDir, '--out', out], /--density D is required/],
    [['--model', denseDir, '--density', '1.5', '--out', out], /--density must be <= 1/],
    [['--model', path.join(dir, 'nope'), '--density', '0.1', '--out', out], /nope: missing/],
    [['--model', path.join(__dirname, '..', '..', 'README.md'), '--density', '0.1', '--out', out], /README\.md: not a readable ONNX file|README\.md: not an ONNX model/],
    [['--model', denseDir, '--density', '0.1', '--out', out, '--dataset', 'fashion-mnist', '--learning-rate', '0.1'], /--learning-rate needs --fine-tune-epochs N/],
  ] as [string[], RegExp][]) {
    const r = await runCli('compact', args);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
  assert.equal(fs.existsSync(out), false);
});
