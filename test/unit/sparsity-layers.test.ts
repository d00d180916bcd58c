// Rewiring a SparseDense layer under training: sparse-mode nnz changes (variable, weights API, save/load), HostAdam's
// moments following the edges, pruned weights staying exactly zero in both modes, and the dense gradient for RigL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { SparseDense } from '../../lib/layers/sparse-dense';
import { edgeSourceIndex } from '../../lib/layers/edge-values';
import { fileSystemHandler } from '../../lib/layers/file-io';
import { kernelMask } from '../../lib/layers/edge-values';
import { HostAdam } from '../../lib/optim/host-adam';
import { buildModel, sparseLayers } from '../../lib/engine/tfjs-model';
import { rewire } from '../../lib/engine/tfjs-rewire';
import { sparsityController } from '../../lib/sparsity';
import { keepCount, polynomialSparsity } from '../../lib/sparsity/schedule';
import { denseKernelGradients, type BufferedBatch as StepBatch } from '../../lib/engine/tfjs-dense-gradient';
import type { RewirableNetwork } from '../../lib/sparsity/network';
import { dropCount, edgePositions, keepLargest, riglRewire, setRewire } from '../../lib/sparsity/select';
import { networkSpecs } from '../../lib/topology/network';
import { validateCsr } from '../../lib/topology/csr';
import { makeRng, randNormal } from '../../lib/base/random';
import type { LayerMode } from '../../lib/train/config';
import { scratchDir } from '../fixtures/scratch';

const ready = tf.setBackend('cpu');
const SIZES = [12, 10, 4];

function net(mode: LayerMode, density = 0.5, seed = 3): { model: tf.Sequential; layers: SparseDense[] } {
  const model = buildModel(SIZES, networkSpecs('random', [density, 1], seed), mode);
  return { model, layers: sparseLayers(model) };
}

function batch(seed: number, size = 16): StepBatch {
  const rng = makeRng(seed, 'sparsity-layers');
  const xs = Float32Array.from({ length: size * SIZES[0] }, () => randNormal(rng));
  const ys = new Float32Array(size * 4);
  for (let b = 0; b < size; b++) ys[b * 4 + Math.floor(rng() * 4)] = 1;
  return { xs, ys, size, features: SIZES[0], numClasses: 4 };
}

function step(model: tf.Sequential, opt: tf.Optimizer, b: StepBatch): void {
  tf.tidy(() => {
    const xs = tf.tensor2d(b.xs, [b.size, b.features]), ys = tf.tensor2d(b.ys, [b.size, b.numClasses]);
    opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor2D) as tf.Scalar);
  });
}

function predict(model: tf.LayersModel, b: StepBatch): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor2d(b.xs, [b.size, b.features])) as tf.Tensor).dataSync() as Float32Array);
}

test('sparse mode changes nnz: same variable name and weight lists, forward matches masked mode, save/load restores it', async () => {
  await ready;
  const { model, layers } = net('sparse');
  const layer = layers[0];
  const name = layer.trainableWeights[0].name;
  const count = model.trainableWeights.length;
  const original = layer.csr, originalValues = layer.edgeValues();
  const pruned = keepLargest(original, originalValues, 20);
  const tensorsBefore = tf.memory().numTensors;
  rewire(layer, pruned);
  assert.equal(layer.nnz, 20);
  assert.equal(tf.memory().numTensors, tensorsBefore, 'the old values variable is released');
  assert.equal(layer.trainableWeights[0].name, name);
  assert.deepEqual(layer.trainableWeights[0].shape, [20]);
  assert.equal(model.trainableWeights.length, count);
  assert.equal(model.getWeights()[0].size, 20);
  // Growing works too: back to the original graph, the 20 kept edges keep their weights, the others start at 0.
  rewire(layer, original);
  assert.equal(layer.nnz, original.colIdx.length);
  const keptPos = new Set(edgePositions(pruned));
  assert.deepEqual(layer.edgeValues(), Float32Array.from(edgePositions(original), (p, k) => (keptPos.has(p) ? originalValues[k] : 0)));
  rewire(layer, pruned);

  // The same graph and weights in masked mode compute the same function.
  const masked = net('masked');
  masked.layers[0].setTopology(layer.csr, layer.edgeValues());
  masked.layers[1].setTopology(layers[1].csr, layers[1].edgeValues());
  const b = batch(1);
  const out = predict(model, b);
  assert.ok(predict(masked.model, b).every((v, i) => Math.abs(v - out[i]) < 1e-5));

  // setWeights with the new shapes, then a save/load round trip that restores the final graph and weights.
  model.setWeights(model.getWeights());
  const dir = scratchDir('sparsity-io-');
  try {
    await model.save(fileSystemHandler(dir));
    const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
    const l0 = sparseLayers(loaded)[0];
    assert.deepEqual(l0.csr, layer.csr);
    assert.deepEqual(l0.edgeValues(), layer.edgeValues());
    assert.deepEqual(predict(loaded, b), out);
    loaded.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  model.dispose();
  masked.model.dispose();
});

for (const mode of ['sparse', 'masked'] as const) {
  test(`${mode} mode: moments follow kept edges, new edges start at zero, pruned weights stay exactly 0`, async () => {
    await ready;
    const { model, layers } = net(mode);
    const layer = layers[0];
    const opt = new HostAdam(0.05);
    for (let i = 0; i < 5; i++) step(model, opt, batch(i));
    const name = layer.trainableWeights[0].name;
    const oldCsr = layer.csr;
    const oldM = Float32Array.from(opt.momentsOf(name)!.m), oldV = Float32Array.from(opt.momentsOf(name)!.v);
    // Keep half, then a SET step replaces 5 of those: kept and new edges are both present.
    const grown = setRewire(keepLargest(oldCsr, layer.edgeValues(), 30), Float32Array.from({ length: 30 }, (_, k) => k + 1), 5, makeRng(2));
    rewire(layer, grown, opt);
    const { m, v } = opt.momentsOf(name)!;
    const oldPos = new Map(Array.from(edgePositions(oldCsr), (p, k) => [p, k]));
    const nIn = SIZES[0], nOut = SIZES[1];
    let kept = 0;
    const fresh: number[] = [];
    edgePositions(grown).forEach((p, k) => {
      const src = oldPos.get(p);
      // Moments are indexed by edge in sparse mode, by kernel position i·nOut + j in masked mode.
      const at = mode === 'sparse' ? k : (p % nIn) * nOut + Math.floor(p / nIn);
      const from = src === undefined ? undefined : mode === 'sparse' ? src : at;
      if (from === undefined) { fresh.push(k); assert.equal(m[at], 0); assert.equal(v[at], 0); }
      else { kept++; assert.equal(m[at], oldM[from]); assert.equal(v[at], oldV[from]); }
    });
    assert.ok(kept > 0 && fresh.length > 0, `both kinds present (kept ${kept}, new ${fresh.length})`);
    if (mode === 'masked') {
      const mask = kernelMask(grown);
      mask.forEach((on, i) => { if (!on) { assert.equal(m[i], 0); assert.equal(v[i], 0); } });
    }
    assert.ok(fresh.every(k => layer.edgeValues()[k] === 0), 'new edges start at 0');
    for (let i = 0; i < 5; i++) step(model, opt, batch(10 + i));
    const kernel = layer.effectiveKernel().dataSync();
    const stored = layer.getWeights()[0].dataSync();
    kernelMask(grown).forEach((on, i) => {
      if (!on) {
        assert.equal(kernel[i], 0);
        if (mode === 'masked') assert.equal(stored[i], 0, `stored kernel entry ${i} moved off 0`);
      }
    });
    // (A new edge into a dead ReLU unit gets no gradient, so not all of them need move.)
    assert.ok(fresh.some(k => layer.edgeValues()[k] !== 0), 'new edges train');
    model.dispose();
    opt.dispose();
  });
}

test('masked mode without the moment remap: Adam leftovers DO move pruned entries (why rewire remaps)', async () => {
  await ready;
  const { model, layers } = net('masked');
  const opt = new HostAdam(0.05);
  for (let i = 0; i < 5; i++) step(model, opt, batch(i));
  const pruned = keepLargest(layers[0].csr, layers[0].edgeValues(), 20);
  layers[0].setTopology(pruned); // no remapState
  step(model, opt, batch(9));
  const stored = layers[0].getWeights()[0].dataSync();
  const mask = kernelMask(pruned);
  assert.ok(Array.from(stored).some((w, i) => mask[i] === 0 && w !== 0));
  model.dispose();
  opt.dispose();
});

test('edgeSourceIndex maps each new edge to its old index or -1', () => {
  const { model, layers } = net('sparse');
  const old = layers[0].csr;
  const next = keepLargest(old, layers[0].edgeValues(), 10);
  const src = edgeSourceIndex(old, next);
  const oldPos = edgePositions(old);
  edgePositions(next).forEach((p, k) => assert.equal(oldPos[src[k]], p));
  model.dispose();
});

test('dense gradient: Xᵀ·dY at every position, equal to the sparse gradient on the edges', async () => {
  await ready;
  for (const mode of ['sparse', 'masked'] as const) {
    const { model, layers } = net(mode);
    const b = batch(4, 8);
    const grads = denseKernelGradients(layers, b);
    assert.deepEqual(grads.map(g => g.length), [12 * 10, 10 * 4]);
    // Reference for the last layer (linear + softmax CE): dW = Hᵀ·(softmax(logits) − y)/batch, H = layer-0 output.
    const expected = tf.tidy(() => {
      const xs = tf.tensor2d(b.xs, [b.size, 12]), ys = tf.tensor2d(b.ys, [b.size, 4]);
      const h = layers[0].apply(xs) as tf.Tensor2D;
      const dy = tf.div(tf.sub(tf.softmax(layers[1].apply(h) as tf.Tensor2D), ys), b.size);
      return tf.matMul(h, dy, true, false).dataSync();
    });
    grads[1].forEach((g, i) => assert.ok(Math.abs(g - expected[i]) < 1e-6, `${mode} [${i}] ${g} vs ${expected[i]}`));
    // On the existing edges of layer 0 it equals the training gradient of those weights.
    const name = layers[0].trainableWeights[0].name;
    const trainGrad = tf.tidy(() => {
      const xs = tf.tensor2d(b.xs, [b.size, 12]), ys = tf.tensor2d(b.ys, [b.size, 4]);
      const { grads: g } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor2D) as tf.Scalar);
      return g[name].dataSync();
    });
    const csr = layers[0].csr;
    edgePositions(csr).forEach((p, k) => {
      const kernelAt = (p % 12) * 10 + Math.floor(p / 12);
      const ref = mode === 'sparse' ? trainGrad[k] : trainGrad[kernelAt];
      assert.ok(Math.abs(grads[0][kernelAt] - ref) < 1e-6, `${mode} edge ${k}`);
    });
    // Off the graph the dense gradient is generally nonzero: that is what RigL grows by.
    assert.ok(Array.from(kernelMask(csr)).some((on, i) => !on && grads[0][i] !== 0));
    model.dispose();
  }
});

test('SET and RigL updates on a trained layer keep nnz exactly and the CSR valid', async () => {
  await ready;
  for (const mode of ['sparse', 'masked'] as const) {
    const { model, layers } = net(mode, 0.3);
    const opt = new HostAdam(0.02);
    const nnz = layers[0].nnz;
    for (let round = 0; round < 4; round++) {
      step(model, opt, batch(round));
      const layer = layers[0];
      const drop = dropCount(nnz, 0.3);
      const next = round % 2 === 0
        ? setRewire(layer.csr, layer.edgeValues(), drop, makeRng(round))
        : riglRewire(layer.csr, layer.edgeValues(), drop, denseKernelGradients(layers, batch(round))[0]);
      rewire(layer, next, opt);
      validateCsr(layer.csr);
      assert.equal(layer.nnz, nnz);
      assert.equal(opt.momentsOf(layer.trainableWeights[0].name)!.m.length, mode === 'sparse' ? nnz : 120);
    }
    model.dispose();
    opt.dispose();
  }
});

test('gradual-prune controller: exact nnz after every step of the schedule; selectable once the target is reached', async () => {
  await ready;
  const { model, layers } = net('sparse', 1); // starts dense: 120 and 40 edges
  const opt = new HostAdam(0.01);
  const densities = [0.25, 1]; // layer 0 ends at 30 edges, layer 1 stays dense
  const network: RewirableNetwork = {
    layers: layers.map(l => ({ get csr() { return l.csr; }, get nnz() { return l.nnz; }, edgeValues: () => l.edgeValues(), setTopology: csr => rewire(l, csr, opt) })),
    growEdges: () => { throw new Error('pruning never grows'); },
  };
  const ctx = { network, densities, stepsPerEpoch: 10, seed: 1 };
  // begin step 2, end step 15, every 4 steps: prunes at 2, 6, 10, 14 and 15.
  const controller = sparsityController({ epochs: 2, sparsity: { method: 'gradual-prune', begin: 0.2, end: 1.5, updateEvery: 4 } }, ctx);
  assert.equal(controller.selectable(1), false);
  assert.equal(controller.selectable(2), true);
  const schedule = { initial: 0, final: 1 - 30 / 120, begin: 2, end: 15 };
  let expected = 120;
  const seen: number[] = [];
  for (let t = 1; t <= 20; t++) {
    step(model, opt, batch(t));
    controller.afterStep(t, { split: undefined as never, indices: new Int32Array(0) });
    if ([2, 6, 10, 14, 15].includes(t)) expected = keepCount(120, polynomialSparsity(t, schedule), 30);
    assert.equal(layers[0].nnz, expected, `step ${t}`);
    assert.equal(layers[1].nnz, 40);
    seen.push(layers[0].nnz);
  }
  // keep = 30 + 90·(1 − p)³, p = (t − 2)/13: t = 6 → 30 + 90·729/2197 = 59.86, t = 10 → 35.12, t = 14 → 30.04, t = 15 → 30.
  assert.deepEqual([...new Set(seen)], [120, 60, 35, 30]);
  model.dispose();
  opt.dispose();
});
