// LeNet-5 on the native engine (convolutions as weight-tied graphs, pools as frozen averaging graphs) against an
// oracle written with tfjs's own convolution: tf.conv2d on kernels gathered from the same shared weights (off-table map
// pairs held at zero), tf.avgPool, dense layers, softmax cross-entropy and HostAdam, on tfjs's cpu backend.
// Tolerances as test/unit/engine-native.test.ts argues them: per-step loss relative 1e-5, weights absolute lr/20 (an
// error in a shared weight's summed gradient, a pool that trains or a missed tie moves weights by about lr); the pools'
// weights exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { loadDataset } from '../../lib/data/datasets';
import { allocBatch, fillBatch } from '../../lib/data/batches';
import { HostAdam } from '../../lib/optim/host-adam';
import { lenet5Layers, type CnnLayer } from '../../lib/engine/lenet5';
import { engineAvailable, loadEngine, NativeTrainer } from '../../lib/engine/native';
import { channelTable } from '../../lib/topology/channel-table';
import { untie } from '../../lib/topology/conv-graph';
import { networkSpecs } from '../../lib/topology/network';
import type { Csr } from '../../lib/topology/csr';
import { skipWithoutNative } from '../fixtures/native';

const LR = 1e-3, BATCH = 32, STEPS = 20;
const skip = skipWithoutNative(engineAvailable(), `native engine unavailable: ${loadEngine().reason}`);

function network(): CnnLayer[] {
  return lenet5Layers({
    image: [28, 28], channels: [6, 16], channelTable: channelTable('c3', 6, 16, 1, 1), hidden: [120, 84], classes: 10,
    fullyConnected: networkSpecs('dense', [1, 1, 1], 1), seed: 3,
  });
}

/** [shared weights × kernel positions] 0/1 matrix: shared weight p → every [ky, kx, c, o] position of the tf filter it fills. */
function selection(table: Csr, k: number, inC: number, outC: number): tf.Tensor2D {
  const s = new Float32Array(table.rowPtr[outC] * k * k * k * k * inC * outC);
  const q = k * k * inC * outC;
  for (let o = 0; o < outC; o++) {
    for (let e = table.rowPtr[o]; e < table.rowPtr[o + 1]; e++) {
      for (let t = 0; t < k * k; t++) s[(e * k * k + t) * q + (t * inC + table.colIdx[e]) * outC + o] = 1;
    }
  }
  return tf.tensor2d(s, [table.rowPtr[outC] * k * k, q]);
}

/** The oracle: LeNet-5 from tfjs ops on variables holding the same initial values as the engine's layers. */
function oracle(layers: CnnLayer[], table: Csr) {
  const shared = (l: number, name: string) => {
    const t = layers[l].engine.tied!;
    return [tf.variable(tf.tensor1d(t.params), true, `${name}_w`), tf.variable(tf.tensor1d(t.biasParams), true, `${name}_b`)];
  };
  const [c1w, c1b] = shared(0, 'c1'), [c3w, c3b] = shared(2, 'c3');
  const s1 = selection({ nIn: 1, nOut: 6, rowPtr: Int32Array.from({ length: 7 }, (_, i) => i), colIdx: new Int32Array(6) }, 5, 1, 6);
  const s3 = selection(table, 5, 6, 16);
  // Engine CSR rows are outputs (W[j][i] at j·nIn + i): tfjs multiplies by Wᵀ.
  const fc = layers.slice(4).map((l, i) => [
    tf.variable(tf.tensor2d(l.engine.values, [l.engine.csr.nOut, l.engine.csr.nIn]).transpose(), true, `fc${i}_w`),
    tf.variable(tf.tensor1d(l.engine.bias), true, `fc${i}_b`)]);
  const logits = (xs: tf.Tensor2D) => {
    const b = xs.shape[0];
    let h: tf.Tensor = tf.conv2d(xs.reshape([b, 28, 28, 1]) as tf.Tensor4D, c1w.reshape([1, -1]).matMul(s1).reshape([5, 5, 1, 6]) as tf.Tensor4D, 1, 2);
    h = tf.avgPool(h.add(c1b).relu() as tf.Tensor4D, 2, 2, 'valid');
    h = tf.conv2d(h as tf.Tensor4D, c3w.reshape([1, -1]).matMul(s3).reshape([5, 5, 6, 16]) as tf.Tensor4D, 1, 0);
    h = tf.avgPool(h.add(c3b).relu() as tf.Tensor4D, 2, 2, 'valid');
    h = h.transpose([0, 3, 1, 2]).reshape([b, 400]);  // NHWC → the engine's channel-major units
    fc.forEach(([w, bias], i) => { h = h.matMul(w).add(bias); if (i < fc.length - 1) h = h.relu(); });
    return h as tf.Tensor2D;
  };
  return { c1w, c1b, c3w, c3b, fc, logits, vars: [c1w, c1b, c3w, c3b, ...fc.flat()] };
}

test('LeNet-5 with the C3 table: 20 native steps agree with tf.conv2d + tf.avgPool + HostAdam', { skip, timeout: 120_000 }, async () => {
  await tf.setBackend('cpu');
  const split = loadDataset('mnist').train;
  const layers = network();
  const table = channelTable('c3', 6, 16, 1, 1);
  const o = oracle(layers, table);
  const optimizer = new HostAdam(LR);
  const trainer = new NativeTrainer(layers.map(l => l.engine), { learningRate: LR, epsilon: optimizer.epsilon });
  try {
    const order = Int32Array.from({ length: STEPS * BATCH }, (_, i) => 3 * i);
    const buf = allocBatch(BATCH, split.features);
    const losses: number[] = [];
    for (let s = 0; s < STEPS; s++) {
      fillBatch(split, order, s * BATCH, buf);
      tf.tidy(() => {
        const xs = tf.tensor2d(buf.xs.slice(), [BATCH, 784]), ys = tf.tensor2d(buf.ys.slice(), [BATCH, 10]);
        const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, o.logits(xs)) as tf.Scalar, true, o.vars)!;
        losses.push(loss.dataSync()[0]);
      });
    }
    const r = trainer.trainBatches(split, order, 0, STEPS, BATCH, { stepLoss: true });
    losses.forEach((loss, s) => assert.ok(Math.abs(r.stepLoss![s] - loss) <= 1e-5 * loss, `step ${s}: loss ${r.stepLoss![s]} vs tfjs ${loss}`));
    assert.ok(losses[STEPS - 1] < losses[0] - 0.5, `the oracle learns (${losses[0]} → ${losses[STEPS - 1]})`);
    const near = (got: Float32Array, want: ArrayLike<number>, what: string) => {
      assert.equal(got.length, want.length, what);
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      assert.ok(worst <= LR / 20, `${what}: differs by ${worst}`);
    };
    for (const [l, w, b] of [[0, o.c1w, o.c1b], [2, o.c3w, o.c3b]] as const) {
      const t = layers[l].engine.tied!;
      near(trainer.values(l), untie(t.tie, w.dataSync() as Float32Array), `layer ${l} weights`);
      near(trainer.bias(l), untie(t.biasTie, b.dataSync() as Float32Array), `layer ${l} biases`);
      assert.equal(trainer.moments(l).m.length, t.params.length, 'a tied layer keeps one moment per shared weight');
    }
    o.fc.forEach(([w, b], i) => {
      near(trainer.values(4 + i), w.transpose().dataSync(), `fc ${i} weights`);
      near(trainer.bias(4 + i), b.dataSync(), `fc ${i} biases`);
    });
    for (const l of [1, 3]) {
      assert.deepEqual(trainer.values(l), layers[l].engine.values, `pool ${l} stays frozen`);
      assert.deepEqual(trainer.bias(l), new Float32Array(layers[l].engine.csr.nOut));
    }
  } finally {
    trainer.dispose();
    optimizer.dispose();
    o.vars.forEach(v => v.dispose());
  }
});

test('tied and frozen layers keep their graphs, and values put back must respect the tie', { skip, timeout: 60_000 }, () => {
  const layers = network();
  const trainer = new NativeTrainer(layers.map(l => l.engine), { learningRate: LR });
  try {
    assert.throws(() => trainer.setTopology(2, layers[2].engine.csr), /shares weights \(a convolution\): its graph is fixed/);
    assert.throws(() => trainer.setTopology(1, layers[1].engine.csr), /is frozen: its graph is fixed/);
    const values = trainer.values(2);
    trainer.setValues(2, values);  // a snapshot put back
    assert.deepEqual(trainer.values(2), values);
    const before = values.slice();
    values.fill(0.5, 0, 1000);
    values[0] += 1;  // edge 0 alone: breaks the tie with every other edge of its weight
    assert.throws(() => trainer.setValues(2, values), /share a weight but differ/);
    // Refused means untouched: a step at learning rate 0 copies the shared weights back onto the edges.
    trainer.learningRate = 0;
    trainer.trainBatches(loadDataset('mnist').train, Int32Array.from({ length: 8 }, (_, i) => i), 0, 1, 8);
    assert.deepEqual(trainer.values(2), before);
    const bias = trainer.bias(0);
    bias[bias.length - 1] = 5;
    assert.throws(() => trainer.setBias(0, bias), /share a weight but differ/);
  } finally {
    trainer.dispose();
  }
  const bad = network().map(l => l.engine);
  bad[0].tied!.tie[7] = bad[0].tied!.params.length;
  assert.throws(() => new NativeTrainer(bad, { learningRate: LR }), /layer 0\.tie: 150 out of range \[0, 150\)/);
  const short = network().map(l => l.engine);
  short[2].tied = { ...short[2].tied!, biasTie: new Int32Array(3) };
  assert.throws(() => new NativeTrainer(short, { learningRate: LR }), /layer 2\.biasTie: length 3, expected 1600/);
});
