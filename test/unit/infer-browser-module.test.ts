// The predictor's browser module: the bundle builds with no Node import, run from its own bytes it computes what the
// Node predictor computes on MNIST, it refuses a spec-storage model with one line, and it and the committed 10% model
// fit the stated budget together.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPredictorModule } from '../../lib/infer/browser/build';
import type * as BrowserModule from '../../lib/infer/browser/sparse-predictor';
import { decodeModel, encodeModel } from '../../lib/infer/format';
import { readModel } from '../../lib/infer/format-read';
import { SparsePredictor } from '../../lib/infer/predictor';
import { loadDataset } from '../../lib/data/datasets';
import { generate } from '../../lib/topology/registry';
import type { TopologySpec } from '../../lib/topology/spec';
import { scratchDir } from '../fixtures/scratch';

const committedModel = path.join(__dirname, '..', '..', 'data', 'models', 'mnist-random-10.spff');
/** The target for the module plus the 10% model (decimal kilobytes: the stricter reading). */
const BUDGET_BYTES = 150_000;
const EXAMPLES = 500;

const bundle = buildPredictorModule();
/** The module imported from the bundled text itself, as a browser would get it (not from the TypeScript sources). */
const imported = bundle.then(async js => {
  const file = path.join(scratchDir('browser-module-'), 'sparse-predictor.mjs');
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as typeof BrowserModule;
});

test('the bundle is one minified ES module without imports, Node APIs or topology generators', async () => {
  const js = await bundle;
  assert.ok(js.length < 20_000, `${js.length} bytes: minified?`);
  for (const [pattern, what] of [
    [/\brequire\s*\(/, 'require('], [/["'`]node:/, 'a node: import'], [/\bimport\s*[\s{*("'`]/, 'an import'],
    [/\bBuffer\b/, 'Buffer'], [/\bprocess\b/, 'process'], [/seedrandom/, 'the topology generators'],
  ] as [RegExp, string][]) assert.doesNotMatch(js, pattern, `the bundle contains ${what}`);
  assert.match(js, /export\s*\{[^}]*loadModel/);
});

test('bundle == SparsePredictor (typescript kernels) on 500 MNIST test images: logits within 1e-5, identical labels', async () => {
  const { loadModel } = await imported;
  const bytes = readFileSync(committedModel);
  const model = loadModel(new Uint8Array(bytes).buffer, 'mnist-random-10.spff'); // from an ArrayBuffer, as fetch gives it
  assert.deepEqual(model.sizes, [784, 300, 100, 10]);
  assert.equal(model.bytes, bytes.length);
  const predictor = new SparsePredictor(decodeModel(bytes).model, { kernel: 'typescript' });
  const test = loadDataset('mnist').test;
  const x = test.images.subarray(0, EXAMPLES * 784);
  const expected = predictor.predict(x, EXAMPLES);
  for (const batched of [true, false]) {
    const logits = batched ? model.logits(x) : Float32Array.from({ length: EXAMPLES * 10 }, (_, i) => model.logits(x.subarray(Math.floor(i / 10) * 784, (Math.floor(i / 10) + 1) * 784), 1)[i % 10]);
    let worst = 0;
    for (let i = 0; i < logits.length; i++) worst = Math.max(worst, Math.abs(logits[i] - expected.logits[i]));
    assert.ok(worst <= 1e-5, `${batched ? 'batched' : 'batch 1'}: max |Δ| = ${worst}`);
  }
  assert.deepEqual(Array.from(model.classify(x, EXAMPLES)), Array.from(expected.labels));
  const correct = expected.labels.reduce((n, label, i) => n + (label === test.labels[i] ? 1 : 0), 0);
  assert.ok(correct / EXAMPLES > 0.9, `accuracy ${correct / EXAMPLES} on the first ${EXAMPLES}`);
  assert.throws(() => model.logits(x.subarray(0, 700)), /x has 700 values, expected a positive whole number of 784-value inputs/);
});

test('a model whose graph is stored as a topology spec is refused with one line saying to export with --graph csr', async () => {
  const { loadModel, FormatError } = await imported;
  const spec: TopologySpec = { kind: 'random', density: 0.2, seed: 5 };
  const csr = generate(spec, 30, 8);
  const { bytes, layers } = encodeModel({ layers: [{ csr, spec, values: new Float32Array(csr.rowPtr[8]).fill(0.5), bias: null, activation: 'linear' }] });
  assert.equal(layers[0].storage, 'spec');
  const message = 'spec.spff: layer 0: the graph is stored as a topology spec, which this reader cannot regenerate '
    + '(it has no topology generators); export the model with --graph csr';
  assert.throws(() => loadModel(bytes, 'spec.spff'), (err: Error) => err instanceof FormatError && err.message === message);
  assert.throws(() => readModel(bytes, 'spec.spff'), { message }); // the same core in Node, without the registry
  assert.equal(decodeModel(bytes, 'spec.spff').layers[0].storage, 'spec'); // while format.ts injects it and reads the file
});

test('module + committed 10% model fit the 150 KB budget', async t => {
  const moduleBytes = Buffer.byteLength(await bundle), modelBytes = readFileSync(committedModel).length;
  t.diagnostic(`browser module ${moduleBytes} bytes (minified) + model ${modelBytes} bytes = ${moduleBytes + modelBytes} bytes (budget ${BUDGET_BYTES})`);
  assert.ok(moduleBytes + modelBytes <= BUDGET_BYTES, `${moduleBytes} + ${modelBytes} bytes > ${BUDGET_BYTES}`);
});
